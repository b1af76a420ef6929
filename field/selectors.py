"""Reads of the field loop: what a person sees, late answers, and where risks and plan actions come from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from field import perms
from field.models import AfterActionReview, SituationProblem, Space, SpaceProposal
from organisations.models import Organisation
from plans.models import Action, Plan
from prevention.models import Risk


def spaces_visible_to(user: Any, organisation: Organisation) -> QuerySet[Space]:
    spaces = Space.objects.for_organisation(organisation.pk).select_related("unit", "work_unit")
    if not perms.is_steering(user, organisation):
        spaces = spaces.filter(Q(facilitators=user) | Q(members=user)).distinct()
    return spaces.annotate(
        session_count=Count("sessions", distinct=True), proposal_count=Count("proposals", distinct=True)
    )


def situations_visible_to(user: Any, organisation: Organisation) -> QuerySet[SituationProblem]:
    situations = SituationProblem.objects.for_organisation(organisation.pk).select_related("work_unit")
    if not perms.is_steering(user, organisation):
        situations = situations.filter(
            Q(created_by=user) | Q(space__facilitators=user) | Q(space__members=user)
        ).distinct()
    return situations


def late_proposals(organisation: Organisation) -> QuerySet[SpaceProposal]:
    """Proposals the steering committee has not answered by their date, oldest first."""
    return (
        SpaceProposal.objects.for_organisation(organisation.pk)
        .late(timezone.localdate())
        .select_related("space")
        .order_by("answer_due_on", "id")
    )


def awaiting_answer(organisation: Organisation) -> QuerySet[SpaceProposal]:
    return (
        SpaceProposal.objects.for_organisation(organisation.pk)
        .filter(status__in=["pending", "studying"])
        .select_related("space")
        .order_by("answer_due_on", "id")
    )


def reviews_of(organisation: Organisation) -> QuerySet[AfterActionReview]:
    return AfterActionReview.objects.for_organisation(organisation.pk)


def origins_of_risk(risk: Risk) -> QuerySet[SituationProblem]:
    """The situation-problems a register risk was promoted from (for the risk's page)."""
    return SituationProblem.objects.filter(risks=risk).order_by("-created_at")


def origins_of_action(action: Action) -> dict[str, list[Any]]:
    """The space proposals and situation-problems a plan action answers (for the action's page): proposals
    linked to it or accepted as it, and situation-problems linked to it."""
    proposals = (
        SpaceProposal.objects.filter(Q(actions=action) | Q(answer_action=action))
        .select_related("space")
        .distinct()
    )
    situations = SituationProblem.objects.filter(actions=action).distinct()
    return {"proposals": list(proposals), "situations": list(situations)}


def visible_origins_of_action(user: Any, action: Action) -> dict[str, list[Any]]:
    """``origins_of_action`` cut to what ``user`` may see: proposals of the spaces they see, situation-problems
    they may read (none for a reader from another organisation of a public plan)."""
    origins = origins_of_action(action)
    return {
        "proposals": [p for p in origins["proposals"] if perms.can_view_space(user, p.space)],
        "situations": [s for s in origins["situations"] if perms.can_view_situation(user, s)],
    }


def visible_origins_of_risk(
    user: Any, risk: Risk, can_view_plan: Callable[[Any, Plan], bool]
) -> dict[str, list[Any]]:
    """The situation-problems a risk came from that ``user`` may read, and the plan actions linked to any of
    them whose plan ``user`` may read (``can_view_plan(user, plan)``, from ``plans.perms``)."""
    situations = list(origins_of_risk(risk).select_related("space__organisation", "organisation"))
    actions = (
        Action.objects.filter(field_situations__risks=risk)
        .select_related("plan__organisation", "axis")
        .distinct()
        .order_by("plan_id", "axis__number", "number")
    )
    return {
        "situations": [s for s in situations if perms.can_view_situation(user, s)],
        "actions": [a for a in actions if can_view_plan(user, a.plan)],
    }
