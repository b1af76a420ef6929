"""Photo diagnosis: EXIF and GPS stripped, images resized, consent required, withdrawal hides the photo at once."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from field.models import Photo

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
GPS = {1: "N", 2: (47.0, 14.0, 30.0), 3: "E", 4: (6.0, 1.0, 12.0)}  # the Doubs, to the second


def jpeg_with_gps(size: tuple[int, int] = (3000, 1500)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # Make
    exif[0x0132] = "2026:03:02 08:15:00"  # DateTime
    exif[GPS_IFD] = GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    with Image.open(io.BytesIO(out.getvalue())) as check:  # the test file really carries GPS data
        assert check.getexif().get_ifd(GPS_IFD)
    return out.getvalue()


def _form(**extra):
    upload = SimpleUploadedFile("accueil.jpg", jpeg_with_gps(), content_type="image/jpeg")
    return {
        "image": upload,
        "caption": "La banque d'accueil à 8 h 15",
        "alt_text": "Une file d'attente",
        **extra,
    }


CONSENTS = {
    "people_count": 2,
    "consent_capture": "on",
    "consent_publish": "on",
    "consent_on": "2026-03-02",
    "consent_how": "Formulaire signé, conservé par la direction",
}


def test_a_jpeg_with_gps_uploaded_with_consent_is_stored_with_no_exif_at_all_and_resized(
    space, manager, client
):
    client.force_login(manager)
    response = client.post(reverse("field:space_photo_create", args=[space.pk]), _form(**CONSENTS))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.path.startswith(str(photo.image.storage.base_location))
    assert "/private/" in photo.image.path
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 2000
        assert not stored.getexif()
        assert "exif" not in stored.info
    served = client.get(reverse("field:photo_file", args=[photo.pk]))
    assert served.status_code == 200 and b"Appareil de test" not in b"".join(served.streaming_content)


@pytest.mark.parametrize(
    "extra",
    [{}, {**CONSENTS, "consent_publish": ""}, {**CONSENTS, "consent_capture": ""}],
    ids=["nothing", "no-publish-consent", "no-capture-consent"],
)
def test_an_upload_without_attestation_or_both_consents_is_refused_in_french(space, manager, client, extra):
    client.force_login(manager)
    page = client.post(reverse("field:space_photo_create", args=[space.pk]), _form(**extra))
    assert page.status_code == 200 and not Photo.objects.exists()
    text = page.content.decode()
    assert "Photo refusée : attestez qu&#x27;aucune personne n&#x27;est identifiable" in text


def test_attesting_no_identifiable_person_is_enough(space, manager, client):
    client.force_login(manager)
    response = client.post(
        reverse("field:space_photo_create", args=[space.pk]), _form(no_identifiable_person="on")
    )
    assert response.status_code == 302 and Photo.objects.get().no_identifiable_person


def test_alternative_text_is_required(space, manager, client):
    client.force_login(manager)
    page = client.post(
        reverse("field:space_photo_create", args=[space.pk]), _form(no_identifiable_person="on", alt_text="")
    )
    assert page.status_code == 200 and not Photo.objects.exists()


def test_withdrawing_consent_hides_the_photo_at_once(
    space, manager, agent, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    client.post(reverse("field:space_photo_create", args=[space.pk]), _form(**CONSENTS))
    photo = Photo.objects.get()
    path = photo.image.path
    client.force_login(agent)
    assert client.get(reverse("field:photo_file", args=[photo.pk])).status_code == 200
    assert "Une file d&#x27;attente" in client.get(reverse("field:space", args=[space.pk])).content.decode()
    assert (
        client.post(reverse("field:photo_withdraw", args=[photo.pk]), {"confirm": "oui"}).status_code == 403
    )
    client.force_login(manager)
    confirm = client.get(reverse("field:photo_withdraw", args=[photo.pk]))
    assert "ne peut pas être annulée" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = client.post(reverse("field:photo_withdraw", args=[photo.pk]), {"confirm": "oui"})
    assert withdrawn.status_code == 302
    client.force_login(agent)
    assert client.get(reverse("field:photo_file", args=[photo.pk])).status_code == 404
    assert (
        "Une file d&#x27;attente" not in client.get(reverse("field:space", args=[space.pk])).content.decode()
    )
    photo.refresh_from_db()
    assert photo.withdrawn_at is not None and photo.withdrawn_at <= timezone.now()
    assert not os.path.exists(path)  # the file is erased once the withdrawal is committed


def test_a_file_that_is_not_an_image_is_refused(space, manager, client):
    client.force_login(manager)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    page = client.post(
        reverse("field:space_photo_create", args=[space.pk]),
        {**_form(no_identifiable_person="on"), "image": fake},
    )
    assert page.status_code == 200 and "pas une image JPEG ou PNG lisible" in page.content.decode()
