"""``plan_indicator_rows(latest_only=True)`` (what dashboards read) gives each row the same last value, previous
shown value, trend and target check as the full history, suppressed figures included."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import IndicatorValue, Target, ValueStatus
from indicators.selectors import plan_indicator_rows

pytestmark = pytest.mark.django_db


def _summary(rows):
    return sorted(
        (
            r.indicator.pk,
            r.last and (r.last.school_year, r.last.value, r.last.suppressed),
            r.previous and (r.previous.school_year, r.previous.value),
            r.trend,
            r.on_target,
        )
        for r in rows
    )


def test_latest_only_summarises_each_indicator_as_the_full_history_does(plan, indicator, other_indicator):
    Target.objects.create(indicator=indicator, school_year=2026, value=Decimal(50))
    history = {
        indicator: [(2021, 10), (2022, 30), (2023, None), (2024, 40), (2025, None), (2026, 55)],
        # the last figure is suppressed: the previous shown values are two years earlier
        other_indicator: [(2022, 20), (2023, 25), (2024, 24), (2025, None), (2026, None)],
    }
    for chosen, values in history.items():
        for year, value in values:
            IndicatorValue.objects.create(
                indicator=chosen,
                school_year=year,
                value=None if value is None else Decimal(value),
                suppressed=value is None,
                status=ValueStatus.COMPUTED,
            )
    full = plan_indicator_rows(plan)
    latest = plan_indicator_rows(plan, latest_only=True)
    assert _summary(latest) == _summary(full)
    by_pk = {r.indicator.pk: r for r in latest}
    assert by_pk[indicator.pk].trend == "up" and by_pk[indicator.pk].on_target is True
    assert by_pk[other_indicator.pk].last.suppressed and by_pk[other_indicator.pk].previous.value == Decimal(
        25
    )
    assert len(by_pk[indicator.pk].values) == 4 < len(history[indicator])
