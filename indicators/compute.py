"""Values the platform computes: barometer figures and counts of the platform's own data.

Barometer figures are read strictly through ``analytics.selectors.result_for`` (% favourable of a dimension or an
item) and ``analytics.selectors.participation_for`` (participation): the very figures of the results and
participation pages, with their suppression. A figure those pages do not show is returned as suppressed, with
no number. One published campaign gives the value of the school year it opened in.

Each function returns the figures of an indicator as ``Figure`` rows; ``indicators.services`` stores them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from analytics.selectors import participation_for, result_for
from coconstruction.models import Proposal, ProposalStatus
from indicators.models import Computation, Indicator
from indicators.periods import school_year_of
from organisations.models import Unit
from plans.models import Action, ActionUpdate, Plan
from surveys.models import Campaign, CampaignStatus


@dataclass(frozen=True)
class Figure:
    school_year: int
    value: Decimal | None
    suppressed: bool = False
    campaign: Campaign | None = None


def _number(raw: float | int | None) -> Decimal | None:
    return None if raw is None else Decimal(str(round(float(raw), 2)))


def published_campaigns(indicator: Indicator) -> list[Campaign]:
    """Published campaigns with results of the indicator's questionnaire family (copies keep the item keys),
    oldest first; the latest one of a school year wins."""
    if indicator.questionnaire is None:
        return []
    return list(
        Campaign.objects.filter(
            organisation_id=indicator.organisation_id,
            questionnaire__family=indicator.questionnaire.family,
            status=CampaignStatus.PUBLISHED,
            result_set__isnull=False,
        )
        .select_related("result_set", "organisation")
        .order_by("opens_on", "pk")
    )


def target_unit(indicator: Indicator) -> Unit | None:
    if indicator.source_unit is not None:
        return indicator.source_unit
    return Unit.objects.filter(organisation_id=indicator.organisation_id, parent=None).order_by("pk").first()


def _favourable(result: dict[str, Any], indicator: Indicator) -> tuple[Decimal | None, bool]:
    """(% favourable, suppressed) of the indicator's dimension or item in a ``result_for`` answer."""
    if result.get("suppressed"):
        return None, True
    for dimension in result.get("dimensions", []):
        if (
            indicator.computation == Computation.BAROMETER_DIMENSION
            and dimension["code"] == indicator.source_key
        ):
            return _number(dimension["pct_favourable"]), False
        for item in dimension["items"]:
            if indicator.computation == Computation.BAROMETER_ITEM and item["key"] == indicator.source_key:
                if item.get("suppressed"):
                    return None, True
                return _number(item.get("pct_favourable")), False
    return None, False  # not asked in that campaign: no figure, nothing hidden


def _participation(campaign: Campaign, unit: Unit) -> tuple[Decimal | None, bool]:
    rows = participation_for(result_set=campaign.result_set, scope=None)  # type: ignore[attr-defined]
    row = next((r for r in rows if r["unit_id"] == unit.pk), None)
    if row is None:
        return None, False
    if row.get("suppressed") or "reported_with" in row:
        return None, True
    return _number(row.get("pct")), False


def barometer_figures(indicator: Indicator) -> list[Figure]:
    unit = target_unit(indicator)
    if unit is None:
        return []
    by_year: dict[int, Figure] = {}
    for campaign in published_campaigns(indicator):
        if indicator.computation == Computation.PARTICIPATION:
            value, suppressed = _participation(campaign, unit)
        else:
            result = result_for(result_set=campaign.result_set, unit=unit)  # type: ignore[attr-defined]
            value, suppressed = _favourable(result, indicator)
        year = school_year_of(campaign.opens_on)
        by_year[year] = Figure(year, value, suppressed, campaign)
    return [by_year[year] for year in sorted(by_year)]


def current_plan(indicator: Indicator) -> Plan | None:
    return (
        Plan.objects.filter(lineage=indicator.plan_lineage, organisation_id=indicator.organisation_id)
        .order_by("-version")
        .first()
    )


def _scope(indicator: Indicator, plan: Plan) -> Q:
    """Actions of the plan version the indicator counts: its action, its axis, or the whole plan."""
    scope = Q(plan=plan)
    if indicator.action_lineage is not None:
        scope &= Q(lineage=indicator.action_lineage)
    elif indicator.axis_number is not None:
        scope &= Q(axis__number=indicator.axis_number)
    return scope


def count_figures(indicator: Indicator, today: datetime.date | None = None) -> list[Figure]:
    """Counts of the platform's data. Actions by status and adopted proposals are a snapshot, stored as the
    value of the current school year; updates posted are counted for every school year of the plan."""
    plan = current_plan(indicator)
    if plan is None:
        return []
    today = today or timezone.localdate()
    year = school_year_of(today)
    if indicator.computation == Computation.ACTIONS_BY_STATUS:
        count = Action.objects.filter(_scope(indicator, plan), status=indicator.source_key).count()
        return [Figure(year, Decimal(count))]
    if indicator.computation == Computation.ADOPTED_PROPOSALS:
        proposals = Proposal.objects.filter(group__plan__lineage=plan.lineage, status=ProposalStatus.ADOPTED)
        if indicator.axis_number is not None:
            proposals = proposals.filter(group__axis__number=indicator.axis_number)
        return [Figure(year, Decimal(proposals.count()))]
    if indicator.computation == Computation.UPDATES_POSTED:
        actions = Action.objects.filter(_scope(indicator, plan)).values("lineage")
        updates = ActionUpdate.objects.filter(
            action__plan__lineage=plan.lineage,
            action__lineage__in=actions,
            withdrawn_at__isnull=True,
            hidden_at__isnull=True,
        ).values_list("created_at", flat=True)
        counts: dict[int, int] = dict.fromkeys(
            range(plan.first_school_year, min(year, plan.last_school_year) + 1), 0
        )
        for created in updates:
            posted = school_year_of(timezone.localtime(created).date())
            if posted in counts:
                counts[posted] += 1
        return [Figure(y, Decimal(n)) for y, n in sorted(counts.items())]
    return []


def figures(indicator: Indicator, today: datetime.date | None = None) -> list[Figure]:
    if indicator.computation in (
        Computation.BAROMETER_DIMENSION,
        Computation.BAROMETER_ITEM,
        Computation.PARTICIPATION,
    ):
        return barometer_figures(indicator)
    if indicator.computation == Computation.MANUAL:
        return []
    return count_figures(indicator, today)
