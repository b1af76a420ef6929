"""Who may read indicators, enter their values and manage them, and the getters every view and the API go through.

An indicator is read by whoever may read its plan (``plans.perms.can_view_plan`` on the plan's latest version);
the programme lead (and the administrator) of the organisation creates, edits and recomputes indicators and
validates or sends back values; a value is entered by the programme lead, the indicator's owner or the leads of
its action. Getters answer 404 outside the organisation (existence never leaks) and 403 inside.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts import perms as account_perms
from indicators.models import Indicator, IndicatorValue
from plans import perms as plan_perms
from plans.models import Action, Plan


def plan_of(indicator: Indicator) -> Plan | None:
    """The latest version of the indicator's plan (an indicator hangs off the plan's lineage)."""
    return (
        Plan.objects.select_related("organisation")
        .filter(lineage=indicator.plan_lineage, organisation_id=indicator.organisation_id)
        .order_by("-version")
        .first()
    )


def action_of(indicator: Indicator, plan: Plan) -> Action | None:
    if indicator.action_lineage is None:
        return None
    return (
        Action.objects.select_related("axis", "plan__organisation")
        .prefetch_related("leads")
        .filter(plan=plan, lineage=indicator.action_lineage)
        .first()
    )


def can_manage_indicators(user: Any, plan: Plan) -> bool:
    """Programme leads and administrators of the whole organisation."""
    return plan_perms.can_manage_plan(user, plan)


def can_enter_value(user: Any, indicator: Indicator, plan: Plan, action: Action | None) -> bool:
    """Manual indicators only: the programme lead, the indicator's owner, the leads of its action."""
    if indicator.is_computed or not getattr(user, "is_authenticated", False):
        return False
    if can_manage_indicators(user, plan):
        return True
    if not account_perms.is_member(user, plan.organisation):
        return False
    if indicator.owner_id is not None and indicator.owner_id == user.pk:
        return True
    return action is not None and plan_perms.is_action_lead(user, action)


def can_see_workflow(user: Any, indicator: Indicator, plan: Plan, action: Action | None) -> bool:
    """Proposed and returned values, and the history of every step: the people who enter or validate values,
    and those who read the plan's audit trail (staff representatives)."""
    return (
        can_enter_value(user, indicator, plan, action)
        or can_manage_indicators(user, plan)
        or plan_perms.can_view_history(user, plan)
    )


def _deny_outsider(user: Any, plan: Plan) -> None:
    if getattr(user, "is_authenticated", False) and not account_perms.is_member(user, plan.organisation):
        raise Http404
    raise PermissionDenied


def get_indicator_for_user(
    request: HttpRequest, pk: int, *, manage: bool = False, enter: bool = False
) -> tuple[Indicator, Plan, Action | None]:
    """The indicator with the latest version of its plan and its action there (None for an axis's).

    ``manage``: programme leads only; ``enter``: those who may enter a value of it."""
    indicator = (
        Indicator.objects.select_related("owner", "questionnaire", "source_unit").filter(pk=pk).first()
    )
    if indicator is None:
        raise Http404
    plan = plan_of(indicator)
    if plan is None:
        raise Http404
    plan_perms.check_plan_access(request.user, plan)
    action = action_of(indicator, plan)
    if manage and not can_manage_indicators(request.user, plan):
        _deny_outsider(request.user, plan)
    if enter and not can_enter_value(request.user, indicator, plan, action):
        _deny_outsider(request.user, plan)
    return indicator, plan, action


def get_value_for_user(request: HttpRequest, pk: int) -> tuple[IndicatorValue, Plan]:
    """A value the programme lead validates or sends back (404 outside the organisation, 403 inside)."""
    value = IndicatorValue.objects.select_related("indicator", "entered_by").filter(pk=pk).first()
    if value is None:
        raise Http404
    plan = plan_of(value.indicator)
    if plan is None:
        raise Http404
    plan_perms.check_plan_access(request.user, plan)
    if not can_manage_indicators(request.user, plan):
        _deny_outsider(request.user, plan)
    return value, plan


def check_plan_indicators(request: HttpRequest, plan: Plan, *, manage: bool = False) -> None:
    """The plan was loaded by ``plans.perms.get_plan_for_user``; ``manage`` adds the programme lead's check."""
    if manage and not can_manage_indicators(request.user, plan):
        _deny_outsider(request.user, plan)


def indicator_visible_to(user: Any, pk: int) -> tuple[Indicator, Plan, Action | None] | None:
    """The API's lookup: the indicator, its plan's latest version and its action, or None when the user may not
    read it (the API answers 404 then, never 403)."""
    indicator = Indicator.objects.select_related("owner").filter(pk=pk).first()
    if indicator is None:
        return None
    plan = plan_of(indicator)
    if plan is None or not plan_perms.can_view_plan(user, plan):
        return None
    return indicator, plan, action_of(indicator, plan)
