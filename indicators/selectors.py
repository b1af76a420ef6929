"""Reads of the indicators app. ``plan_indicator_rows`` is what dashboards, exports and annual reviews show:
a fixed number of queries whatever the number of indicators and values."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from indicators.models import Direction, Indicator, IndicatorValue, Target, ValueStatus
from plans.models import Action, Plan


@dataclass
class IndicatorRow:
    indicator: Indicator
    action: Action | None  # the action of this plan version with the indicator's lineage, if any
    values: list[IndicatorValue] = field(default_factory=list)  # validated or computed, oldest first
    targets: dict[int, Decimal] = field(default_factory=dict)  # school year → target

    @property
    def last(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> IndicatorValue | None:
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


def plan_indicator_rows(
    plan: Plan, *, action: Action | None = None, axis_number: int | None = None
) -> list[IndicatorRow]:
    """Every indicator of the plan's lineage (or of one action or axis), with its shown values and targets.

    Three queries (indicators with owners, values, targets) plus one for the plan's actions, whatever the sizes.
    """
    indicators = Indicator.objects.filter(plan_lineage=plan.lineage).select_related("owner")
    if action is not None:
        indicators = indicators.filter(action_lineage=action.lineage)
    elif axis_number is not None:
        indicators = indicators.filter(axis_number=axis_number)
    found = list(indicators)
    if not found:
        return []
    ids = [i.pk for i in found]
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    shown = Q(status__in=[ValueStatus.VALIDATED, ValueStatus.COMPUTED])
    for value in IndicatorValue.objects.filter(shown, indicator_id__in=ids).order_by(
        "school_year", "sub_period"
    ):
        values[value.indicator_id].append(value)
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for target in Target.objects.filter(indicator_id__in=ids):
        targets[target.indicator_id][target.school_year] = target.value
    if action is not None:
        actions = {action.lineage: action}
    else:
        actions = {a.lineage: a for a in plan.actions.select_related("axis")}
    return [
        IndicatorRow(
            indicator=i,
            action=actions.get(i.action_lineage) if i.action_lineage else None,
            values=values[i.pk],
            targets=targets[i.pk],
        )
        for i in found
    ]
