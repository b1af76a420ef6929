"""Publishing freezes the register; people read the versions in force while they worked there."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.tests.factories import PersonFactory, UserFactory
from prevention import selectors, services
from prevention.models import RegisterVersion


def _publish(organisation, adviser, on):
    version = services.register_publish(organisation=organisation, by=adviser)
    RegisterVersion.objects.filter(pk=version.pk).update(valid_from=on)  # back-date for the test's story
    previous = RegisterVersion.objects.filter(organisation=organisation, number=version.number - 1)
    previous.update(valid_to=on - datetime.timedelta(days=1))
    return RegisterVersion.objects.get(pk=version.pk)


def test_publishing_freezes_the_register_and_editing_opens_a_draft(
    client, organisation, adviser, risk, django_capture_on_commit_callbacks
):
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the request commits
        response = client.post("/prevention/versions/publier/", {"confirm": "oui"})
    version = RegisterVersion.objects.get()  # built at once: this module's tasks run inline
    assert response.status_code == 302
    assert response["Location"] == f"/prevention/versions/publications/{version.publication.pk}/"
    odt = client.get(f"/prevention/versions/{version.pk}/fichier.odt").content
    assert hashlib.sha256(odt).hexdigest() == version.document_sha256

    # Editing the live line afterwards: the draft changes, the published version does not.
    response = client.post(
        f"/prevention/risques/{risk.pk}/modifier/",
        {"work_unit": risk.work_unit.code, "danger_family": "noise", "exposure_situation": "Cantine et cour"},
    )
    assert response.status_code == 302
    assert "Cantine et cour" not in client.get(f"/prevention/versions/{version.pk}/").content.decode()
    again = client.get(f"/prevention/versions/{version.pk}/fichier.odt").content
    assert hashlib.sha256(again).hexdigest() == version.document_sha256
    version.refresh_from_db()
    assert version.snapshot["lines"][0]["exposure_situation"] == "Cantine à midi"
    with pytest.raises(ValueError):
        version.save()


def test_the_next_publication_ends_the_previous_one_and_versions_are_kept_forty_years(
    organisation, adviser, risk
):
    first = services.register_publish(organisation=organisation, by=adviser)
    second = services.register_publish(organisation=organisation, by=adviser)
    first.refresh_from_db()
    assert first.valid_to is not None and second.valid_to is None and second.number == 2
    assert first.keep_until.year == timezone.localdate().year + 40
    with pytest.raises(ValidationError) as caught:
        services.register_version_delete(version=first, by=adviser)
    assert "conservée" in caught.value.messages[0]


def test_a_person_who_left_reads_the_version_in_force_during_their_time_and_not_later_ones(
    client, organisation, school, adviser, risk
):
    today = timezone.localdate()
    old = _publish(organisation, adviser, today - datetime.timedelta(days=400))
    current = _publish(organisation, adviser, today - datetime.timedelta(days=100))
    leaver = PersonFactory(organisation=organisation, unit=school, user=UserFactory(email="partie@test.fr"))
    leaver.is_active = False
    leaver.deactivated_at = timezone.now() - datetime.timedelta(days=200)
    leaver.save()
    later = _publish(organisation, adviser, today)

    client.force_login(leaver.user)
    page = client.get("/prevention/mes-documents-uniques/").content.decode()
    assert f"/prevention/versions/{old.pk}/" in page
    assert (
        f"/prevention/versions/{current.pk}/" not in page and f"/prevention/versions/{later.pk}/" not in page
    )
    assert client.get(f"/prevention/versions/{old.pk}/").status_code == 200
    assert client.get(f"/prevention/versions/{old.pk}/fichier.pdf").content.startswith(b"%PDF")
    assert client.get(f"/prevention/versions/{current.pk}/").status_code == 403
    # Former staff do not read the live register.
    assert client.get("/prevention/").status_code == 404


def test_an_alert_shows_when_no_version_was_published_for_a_year(client, organisation, adviser, risk):
    client.force_login(adviser)
    assert "Aucune version n'a été publiée depuis plus d'un an" in client.get("/prevention/").content.decode()
    _publish(organisation, adviser, timezone.localdate() - datetime.timedelta(days=366))
    assert selectors.register_is_stale(organisation)
    _publish(organisation, adviser, timezone.localdate() - datetime.timedelta(days=10))
    assert not selectors.register_is_stale(organisation)
    assert "Aucune version n'a été publiée" not in client.get("/prevention/").content.decode()


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_versions_export_their_lines_as_spreadsheets(client, organisation, adviser, risk, fmt):
    version = services.register_publish(organisation=organisation, by=adviser)
    client.force_login(adviser)
    response = client.get(f"/prevention/versions/{version.pk}/fichier.{fmt}")
    assert response.status_code == 200 and response.content[:2] == b"PK"
