"""Reads of the indicators app. ``plan_indicator_rows`` is what dashboards, exports and annual reviews show:
a fixed number of queries whatever the number of indicators and values."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber

from indicators import periods
from indicators.models import (
    Computation,
    Direction,
    Indicator,
    IndicatorValue,
    Periodicity,
    Target,
    ValueStatus,
)
from organisations.models import Organisation
from plans.models import Action, Axis, ChangeKind, Plan, PlanChange, PlanStatus


@dataclass(frozen=True, slots=True)
class LatestValue:
    """A shown value as ``plan_indicator_rows(latest_only=True)`` gives it to the dashboards: the fields of
    ``SHOWN_VALUE_FIELDS`` read with ``values_list`` rather than as a model instance (the 1,200 latest values of
    a 600-indicator plan: about half the time of that read, ``bench/plan_dashboard.py``)."""

    id: int
    indicator_id: int
    school_year: int
    sub_period: int
    value: Decimal | None
    suppressed: bool
    comment: str
    status: str
    source_campaign_id: int | None
    computed_at: datetime.datetime | None


@dataclass
class IndicatorRow:
    indicator: Indicator
    action: Action | None  # the action of this plan version with the indicator's lineage, if any
    # Validated or computed, oldest first; ``LatestValue`` objects with ``latest_only``.
    values: list[IndicatorValue] | list[LatestValue] = field(default_factory=list)
    targets: dict[int, Decimal] = field(default_factory=dict)  # school year → target

    @property
    def last(self) -> IndicatorValue | LatestValue | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> IndicatorValue | LatestValue | None:
        shown = [v for v in self.values if v.value is not None]
        return shown[-2] if len(shown) >= 2 else None

    @property
    def last_target(self) -> Decimal | None:
        last = self.last
        return self.targets.get(last.school_year) if last is not None else None

    @property
    def trend(self) -> str | None:
        """« up », « down » or « flat » between the last two shown values; None with fewer than two."""
        last, previous = self.last, self.previous
        if last is None or previous is None or last.value is None or previous.value is None:
            return None
        if last.value == previous.value:
            return "flat"
        return "up" if last.value > previous.value else "down"

    @property
    def on_target(self) -> bool | None:
        """Whether the last value reaches its year's target in the indicator's direction; None without both."""
        last, target = self.last, self.last_target
        if last is None or last.value is None or target is None:
            return None
        if self.indicator.direction == Direction.DOWN:
            return last.value <= target
        return last.value >= target


# What pages, exports and reviews read of a shown value (the rest — who entered or reviewed it — is the
# indicator page's, which reads values itself); in the order of ``LatestValue``'s fields.
SHOWN_VALUE_FIELDS = (
    "id",
    "indicator_id",
    "school_year",
    "sub_period",
    "value",
    "suppressed",
    "comment",
    "status",
    "source_campaign_id",
    "computed_at",
)


def plan_indicator_rows(
    plan: Plan,
    *,
    action: Action | None = None,
    axis_number: int | None = None,
    latest_only: bool = False,
    actions: list[Action] | None = None,
    owners: bool = True,
) -> list[IndicatorRow]:
    """Every indicator of the plan's lineage (or of one action or axis), with its shown values and targets.

    An indicator of an action merged away in a revision shows on the action it was merged into, in this version
    and later ones (``plans.PlanChange``); earlier versions still show it on its own action.

    Five queries at most (merges, indicators with owners, values, targets, the plan's actions — none when the
    caller passes ``actions``, the plan's actions it has already read), whatever the sizes. ``latest_only`` keeps
    only the values the row's summary reads (dashboards), not the whole history, as ``LatestValue`` rows, and
    only the targets of each last value's school year; ``owners=False`` skips the owners for callers that do
    not show them.
    """
    merged = _merged_into(plan)
    indicators = Indicator.objects.filter(plan_lineage=plan.lineage)
    if owners:
        indicators = indicators.select_related("owner")
    if action is not None:
        lineages = [action.lineage, *(old for old in merged if _resolve(merged, old) == action.lineage)]
        indicators = indicators.filter(action_lineage__in=lineages)
    elif axis_number is not None:
        indicators = indicators.filter(axis_number=axis_number)
    found = list(indicators)
    if not found:
        return []
    # The same filter as a subquery rather than a list of hundreds of ids (each one a bound parameter to resolve).
    chosen = indicators.values("pk")
    values: dict[int, list[Any]] = defaultdict(list)
    shown = Q(status__in=[ValueStatus.VALIDATED, ValueStatus.COMPUTED])
    rows = IndicatorValue.objects.filter(shown, indicator__in=chosen).order_by("school_year", "sub_period")
    if latest_only:
        # What ``last``, ``previous``, ``trend`` and ``on_target`` read: per indicator, the last two values with a
        # number and the last two without (a suppressed figure), by a window function rather than every period.
        rows = rows.annotate(
            recent=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), ExpressionWrapper(Q(value__isnull=True), BooleanField())],
                order_by=[F("school_year").desc(), F("sub_period").desc()],
            )
        ).filter(recent__lte=2)
        for fields in rows.values_list(*SHOWN_VALUE_FIELDS):
            values[fields[1]].append(LatestValue(*fields))
    else:
        for value in rows.only(*SHOWN_VALUE_FIELDS):
            values[value.indicator_id].append(value)
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    plan_targets = Target.objects.filter(indicator__in=chosen)
    if latest_only:
        # ``last_target`` reads the target of the last value's school year only.
        plan_targets = plan_targets.filter(
            school_year__in={shown[-1].school_year for shown in values.values()}
        )
    for indicator_id, school_year, target in plan_targets.values_list("indicator_id", "school_year", "value"):
        targets[indicator_id][school_year] = target
    if action is not None:
        by_lineage = {action.lineage: action}
    else:
        by_lineage = {
            a.lineage: a for a in (actions if actions is not None else plan.actions.select_related("axis"))
        }
    return [
        IndicatorRow(
            indicator=i,
            action=by_lineage.get(_resolve(merged, i.action_lineage)) if i.action_lineage else None,
            values=values[i.pk],
            targets=targets[i.pk],
        )
        for i in found
    ]


def _merged_into(plan: Plan) -> dict[uuid.UUID, uuid.UUID]:
    """Action lineage → the lineage it was merged into, for the merges of this version and the earlier ones."""
    merges = PlanChange.objects.filter(
        plan__lineage=plan.lineage, plan__version__lte=plan.version, kind=ChangeKind.MERGE
    ).values_list("lineages_before", "lineages_after")
    found: dict[uuid.UUID, uuid.UUID] = {}
    for before, after in merges:
        if not after:
            continue
        kept = uuid.UUID(after[0])
        for old in before:
            if uuid.UUID(old) != kept:
                found[uuid.UUID(old)] = kept
    return found


def _resolve(merged: dict[uuid.UUID, uuid.UUID], lineage: uuid.UUID) -> uuid.UUID:
    for _hop in range(len(merged) + 1):  # a chain of merges across versions, never a cycle
        if lineage not in merged:
            break
        lineage = merged[lineage]
    return lineage


# --- pages of the indicators app ----------------------------------------------------------------------


@dataclass
class AxisIndicators:
    """One axis of the plan with its own indicators and, per action, the action's."""

    axis: Axis
    rows: list[IndicatorRow] = field(default_factory=list)
    actions: list[tuple[Action, list[IndicatorRow]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows) + sum(len(rows) for _action, rows in self.actions)


def plan_indicators_by_axis(plan: Plan) -> list[AxisIndicators]:
    """The plan's indicators grouped by axis, then by action in the plan's order (fixed number of queries)."""
    rows = plan_indicator_rows(plan)
    axes = [AxisIndicators(axis=axis) for axis in plan.axes.order_by("number")]
    by_number = {group.axis.number: group for group in axes}
    per_action: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        if row.action is not None:
            per_action[row.action.pk].append(row)
        elif row.indicator.axis_number in by_number:
            by_number[row.indicator.axis_number].rows.append(row)
    actions = plan.actions.select_related("axis").order_by("axis__number", "number")
    for action in actions:
        if per_action.get(action.pk):
            by_number[action.axis.number].actions.append((action, per_action[action.pk]))
    return axes


def indicator_values(indicator: Indicator) -> list[IndicatorValue]:
    """Every value of the indicator, whatever its status, oldest period first, with who entered and reviewed it."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("entered_by", "reviewed_by", "source_campaign")
        .order_by("school_year", "sub_period")
    )


def value_history(indicator: Indicator, limit: int = 200) -> list[Any]:
    """The steps of the indicator's values (simple-history), newest first: entered, proposed, validated, returned."""
    return list(
        IndicatorValue.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )


def values_awaiting_review(plan: Plan) -> list[IndicatorValue]:
    """Proposed values of the plan's indicators, oldest first: what the programme lead validates or sends back."""
    return list(
        IndicatorValue.objects.filter(indicator__plan_lineage=plan.lineage, status=ValueStatus.PROPOSED)
        .select_related("indicator", "entered_by")
        .order_by("entered_at", "pk")
    )


def values_due(organisation: Organisation, today: datetime.date) -> list[tuple[Indicator, int, int]]:
    """Manual indicators of the organisation's current plans whose current or previous period has no validated
    value: ``(indicator, school_year, sub_period)`` per period due, within the plan's school years.

    Three queries (plans, indicators, values) whatever the number of indicators."""
    plans = {
        plan.lineage: plan
        for plan in Plan.objects.filter(organisation=organisation).current().exclude(status=PlanStatus.CLOSED)
    }
    if not plans:
        return []
    indicators = list(
        Indicator.objects.filter(
            organisation=organisation, computation=Computation.MANUAL, plan_lineage__in=list(plans)
        ).select_related("owner")
    )
    if not indicators:
        return []
    wanted: dict[int, list[tuple[int, int]]] = {}
    years: set[int] = set()
    for indicator in indicators:
        count = Periodicity.sub_periods(indicator.periodicity)
        current = periods.period_of(today, count)
        previous = periods.previous_period(*current, count)
        plan = plans[indicator.plan_lineage]
        wanted[indicator.pk] = [
            p for p in (previous, current) if plan.first_school_year <= p[0] <= plan.last_school_year
        ]
        years.update(p[0] for p in wanted[indicator.pk])
    done = set(
        IndicatorValue.objects.filter(
            indicator_id__in=[i.pk for i in indicators],
            school_year__in=years,
            status__in=[ValueStatus.VALIDATED, ValueStatus.COMPUTED],
        ).values_list("indicator_id", "school_year", "sub_period")
    )
    return [
        (indicator, year, sub)
        for indicator in indicators
        for year, sub in wanted[indicator.pk]
        if (indicator.pk, year, sub) not in done
    ]
