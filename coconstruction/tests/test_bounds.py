"""Bounded proposals and comments; authors correct or withdraw their comments, the programme lead hides them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coconstruction import services
from coconstruction.forms import CommentForm, ProposalForm
from coconstruction.models import ProposalComment
from coconstruction.tests.conftest import TEMPLATE
from core.limits import COMMENT_TEXT, PROPOSAL_TEXT
from core.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(organisation, programme_lead):
    return programme_lead


def test_a_long_comment_is_refused_by_the_form_and_the_service(submitted, agent):
    assert not CommentForm({"text": "x" * (COMMENT_TEXT + 1)}).is_valid()
    with pytest.raises(ValidationError):
        services.proposal_comment(proposal=submitted, by=agent, text="x" * 50_000)
    assert not submitted.comments.exists()


def test_proposal_fields_are_bounded_in_the_form_and_the_service(group, agent, proposal):
    form = ProposalForm({**TEMPLATE, "problem": "x" * (PROPOSAL_TEXT + 1)})
    assert not form.is_valid() and "problem" in form.errors
    with pytest.raises(ValidationError):
        services.proposal_create(
            group=group, by=agent, **{**TEMPLATE, "evaluation": "x" * (PROPOSAL_TEXT + 1)}
        )
    with pytest.raises(ValidationError):
        services.proposal_update(proposal=proposal, by=agent, proposed_action="x" * (PROPOSAL_TEXT + 1))


def test_a_proposal_with_every_field_full_can_still_be_adopted(eligible, axis, pilot):
    full = {name: "x" * PROPOSAL_TEXT for name in TEMPLATE if name != "title"}
    services.proposal_update(proposal=eligible, by=pilot, **full)
    action = services.proposal_adopt(proposal=eligible, by=pilot, axis=axis)
    assert action.concrete_actions.startswith("x")


@pytest.fixture
def comment(submitted, agent):
    return services.proposal_comment(proposal=submitted, by=agent, text="Pensons aux contractuels.")


def test_the_author_corrects_a_comment_within_the_window(client, comment, agent):
    client.force_login(agent)
    url = reverse("coconstruction:comment_edit", args=[comment.pk])
    assert client.post(url, {"text": "Pensons aux contractuels et aux AED."}).status_code == 302
    comment.refresh_from_db()
    assert comment.edited_at is not None and comment.history.first().history_user == agent
    page = client.get(reverse("coconstruction:proposal", args=[comment.proposal_id])).content.decode()
    assert "modifié le" in page and "aux AED" in page


def test_after_the_window_the_author_cannot_touch_the_comment(client, comment, agent):
    ProposalComment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    client.force_login(agent)
    assert client.post(reverse("coconstruction:comment_withdraw", args=[comment.pk])).status_code == 403
    assert client.get(reverse("coconstruction:comment_edit", args=[comment.pk])).status_code == 403


def test_another_member_cannot_withdraw_a_comment(comment, group_lead):
    with pytest.raises(PermissionDenied):
        services.comment_withdraw(comment=comment, by=group_lead)


def test_withdrawn_and_hidden_comments_show_a_notice_instead_of_their_text(
    client, comment, submitted, agent, pilot
):
    other = services.proposal_comment(proposal=submitted, by=agent, text="Un second avis.")
    client.force_login(agent)
    assert client.post(reverse("coconstruction:comment_withdraw", args=[comment.pk])).status_code == 302
    assert (
        client.post(reverse("coconstruction:comment_hide", args=[other.pk]), {"reason": "x"}).status_code
        == 403
    )
    client.force_login(pilot)
    response = client.post(reverse("coconstruction:comment_hide", args=[other.pk]), {"reason": "Hors sujet"})
    assert response.status_code == 302
    page = client.get(reverse("coconstruction:proposal", args=[submitted.pk])).content.decode()
    assert "retiré par son auteur" in page and "masqué par le pilote : Hors sujet" in page
    assert "Pensons aux contractuels" not in page and "Un second avis" not in page
    other.refresh_from_db()
    assert other.history.first().history_user == pilot and other.hidden_reason == "Hors sujet"


def test_an_administrator_may_hide_too(comment, organisation, admin_user):
    services.comment_hide(comment=comment, by=admin_user, reason="Doublon")
    assert RoleGrantFactory  # imported for symmetry with other tests
