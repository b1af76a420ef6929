import pytest
from django.urls import reverse

from core.tests.factories import PersonFactory
from surveys import moderation
from surveys.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(open_campaign, school):
    campaign, _tokens = open_campaign
    PersonFactory(organisation=campaign.organisation, unit=school, first_name="Gaëlle", last_name="Marchand")
    return Comment.objects.create(
        campaign=campaign,
        unit=school,
        item_key="libre_ameliorer",
        text="Mme Marchand ne répond jamais ; écrire à gaelle.marchand@exemple.fr ou au 06 12 34 56 78.",
    )


def test_suggested_text_redacts_staff_names_emails_and_phones(comment):
    names = moderation.known_names(organisation=comment.campaign.organisation)
    suggestion = moderation.suggest_redaction(comment.text, names=names)
    assert "Marchand" not in suggestion and "@" not in suggestion and "06 12" not in suggestion
    assert suggestion.startswith("Mme [nom] ne répond jamais")


def test_programme_lead_publishes_the_redacted_text_and_the_original_stays_unpublished(
    client, comment, programme_lead
):
    client.force_login(programme_lead)
    url = reverse("surveys:comments", args=[comment.campaign.pk])
    page = client.get(url).content.decode()
    assert "Mme [nom] ne répond jamais" in page  # the suggestion is pre-filled
    assert comment.unit.name not in page.split("<main")[1]  # the queue never says where a comment comes from
    client.post(
        url,
        {"comment": comment.pk, "decision": "publish", "moderated_text": "Un·e collègue ne répond jamais."},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.moderated_text == "Un·e collègue ne répond jamais."
    assert "Aucun commentaire à modérer" in client.get(url).content.decode()


def test_publishing_an_empty_text_is_refused_with_a_french_message(client, comment, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:comments", args=[comment.campaign.pk])
    response = client.post(
        url, {"comment": comment.pk, "decision": "publish", "moderated_text": "  "}, follow=True
    )
    assert "ne peut pas être vide" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_rejected_comments_are_set_aside(client, comment, programme_lead):
    client.force_login(programme_lead)
    client.post(
        reverse("surveys:comments", args=[comment.campaign.pk]), {"comment": comment.pk, "decision": "reject"}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED


@pytest.mark.parametrize(
    "who, status", [("agent", 403), ("manager", 403), ("staff_rep", 403), ("outsider", 404)]
)
def test_only_survey_managers_moderate(client, comment, request, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("surveys:comments", args=[comment.campaign.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"comment": comment.pk, "decision": "reject"}).status_code == status
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_an_unknown_comment_id_is_not_found(client, comment, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:comments", args=[comment.campaign.pk])
    assert client.post(url, {"comment": "pas-un-uuid", "decision": "reject"}).status_code == 404
