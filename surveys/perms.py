"""Who may prepare, run and publish surveys (who reads participation: ``analytics.perms``).

The ``get_*_for_user`` getters are the one way views (and the API) load a survey object for a person: 404 for
another organisation's objects, so that existence does not leak, 403 inside the organisation.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import perms
from accounts.models import Role
from core.http import AuthedHttpRequest
from organisations.models import Organisation
from surveys.models import Campaign, Comment, Item, Questionnaire, Trustee


def can_manage_surveys(user: Any, organisation: Organisation) -> bool:
    """Programme leads and administrators of the whole organisation prepare questionnaires and campaigns."""
    return perms.can_manage_organisation(user, organisation)


def can_publish(user: Any, campaign: Campaign) -> bool:
    """Only a programme lead of the whole organisation publishes results (after close)."""
    return perms.scoped_units(user, campaign.organisation, Role.PROGRAMME_LEAD) is None


def get_questionnaire_for_user(request: HttpRequest, pk: int) -> Questionnaire:
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("organisation").with_in_use(), pk=pk
    )
    if not perms.is_member(request.user, questionnaire.organisation):
        raise Http404
    if not can_manage_surveys(request.user, questionnaire.organisation):
        raise PermissionDenied
    return questionnaire


def get_item_for_user(request: HttpRequest, pk: int, item_pk: int) -> Item:
    """Item ``item_pk`` of questionnaire ``pk``, for those who manage the questionnaire (``item.questionnaire``
    is the checked one)."""
    questionnaire = get_questionnaire_for_user(request, pk)
    item = get_object_or_404(Item, pk=item_pk, questionnaire=questionnaire)
    item.questionnaire = questionnaire
    return item


def get_campaign_for_user(request: HttpRequest, pk: int, *, need: str = "manage") -> Campaign:
    """The campaign, if the user may ``manage`` it or ``publish`` it (participation: ``analytics.views``)."""
    campaign = get_object_or_404(Campaign.objects.select_related("organisation", "questionnaire"), pk=pk)
    if not perms.is_member(request.user, campaign.organisation):
        raise Http404
    allowed = {
        "manage": lambda: can_manage_surveys(request.user, campaign.organisation),
        "publish": lambda: can_publish(request.user, campaign),
    }[need]()
    if not allowed:
        raise PermissionDenied
    return campaign


def get_comment_for_user(request: HttpRequest, pk: int, comment_id: str) -> Comment:
    """Comment ``comment_id`` (a UUID as typed) of campaign ``pk``, for those who manage the campaign; 404 for a
    malformed id or another campaign's comment."""
    campaign = get_campaign_for_user(request, pk)
    try:
        return Comment.objects.get(campaign=campaign, pk=uuid.UUID(comment_id))
    except (ValueError, Comment.DoesNotExist) as exc:
        raise Http404 from exc


def get_trustee_for_user(request: AuthedHttpRequest, pk: int) -> Trustee:
    """The signed-in person's trusteeship of campaign ``pk``: 404 outside the organisation, 403 otherwise."""
    campaign = get_object_or_404(Campaign.objects.select_related("organisation"), pk=pk)
    if not perms.is_member(request.user, campaign.organisation):
        raise Http404
    trustee = Trustee.objects.filter(campaign=campaign, user=request.user).select_related("campaign").first()
    if trustee is None:
        raise PermissionDenied
    return trustee
