"""The demo's field loop: spaces with answered proposals, situation-problems carried to the register, photos."""

import pytest
from django.test import override_settings
from PIL import Image

from demo.field_demo import load_field_demo
from field import selectors
from field.models import (
    AcceptedAs,
    AfterActionReview,
    AnswerStatus,
    Photo,
    SituationProblem,
    Space,
    SpaceProposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _demo_media(tmp_path_factory):
    """The demo's photos go to a temporary folder, not to var/media."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media):
        yield media


def test_spaces_in_two_schools_and_a_service_with_every_kind_of_answer(demo):
    spaces = Space.objects.filter(organisation=demo)
    assert spaces.count() == 3 and all(space.sessions.exists() for space in spaces)
    proposals = SpaceProposal.objects.for_organisation(demo.pk)
    assert {p.status for p in proposals} == {s.value for s in AnswerStatus}
    assert {p.accepted_as for p in proposals if p.accepted_as} == {a.value for a in AcceptedAs}
    assert selectors.late_proposals(demo).count() == 1


def test_both_situation_problems_are_carried_to_a_risk_and_a_measure(demo):
    situations = SituationProblem.objects.filter(organisation=demo)
    assert {s.title for s in situations} == {
        "Accueil saturé le lundi matin",
        "Coordination des personnels du périscolaire",
    }
    for situation in situations:
        risk = situation.risks.get()
        assert situation.measures.get().risks.get() == risk
        assert list(selectors.origins_of_risk(risk)) == [situation]
        assert situation.causes.count() == 3


def test_the_photo_diagnosis_stores_generated_images_without_exif_and_a_review_exists(
    demo, _demo_media, settings
):
    settings.MEDIA_ROOT = _demo_media  # where the module's demo wrote them (each test has its own by default)
    photos = Photo.objects.filter(organisation=demo)
    assert photos.count() == 3 and all(p.alt_text for p in photos)
    with Image.open(photos[0].image.path) as image:
        assert not image.getexif()
    assert AfterActionReview.objects.filter(organisation=demo).count() == 1


def test_loading_again_adds_nothing(demo):
    assert load_field_demo(demo) is False
