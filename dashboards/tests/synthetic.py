"""A synthetic plan of any size for the query-count tests and ``bench/plan_dashboard.py``: axes, actions with
leads and milestones (some late), progress updates with a weather, indicators with targets and validated values
over several school years. Written in bulk: building 200 actions and 600 indicators takes a few seconds."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from indicators.models import Indicator, IndicatorKind, IndicatorValue, Target, ValueStatus
from plans.models import Action, ActionStatus, ActionUpdate, Axis, Milestone, Plan, Weather

STATUSES = list(ActionStatus.values)
WEATHERS = [*Weather.values, ""]


def grow_plan(
    plan: Plan,
    *,
    actions: int,
    indicators: int,
    years: int = 5,
    leads: list[User] | None = None,
    seed: int = 2023,
) -> None:
    """Add ``actions`` actions over four axes and ``indicators`` indicators (3 per action, cycling) with
    ``years`` school years of values and targets from the plan's first school year."""
    rng = random.Random(seed)
    axes = []
    for n in range(1, 5):
        axis, _created = Axis.objects.get_or_create(
            plan=plan, number=n, defaults={"title": f"Axe synthétique {n}"}
        )
        axes.append(axis)
    first = Action.objects.filter(plan=plan).count()
    made = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                axis=axes[i % 4],
                number=200 + i,
                title=f"Action synthétique {i}",
                status=STATUSES[i % len(STATUSES)],
                weather=WEATHERS[i % len(WEATHERS)],
                progress=rng.randint(0, 100),
                start_date=datetime.date(plan.first_school_year, 9, 1),
                end_date=datetime.date(plan.last_school_year + 1, 6, 30 if i % 7 else 1)
                - datetime.timedelta(days=365 * (i % 3)),
                lead_roles="DRH",
            )
            for i in range(first, first + actions)
        ]
    )
    if leads:
        through = Action.leads.through
        through.objects.bulk_create(
            [through(action_id=a.pk, user_id=leads[i % len(leads)].pk) for i, a in enumerate(made)]
        )
    today = timezone.localdate()
    Milestone.objects.bulk_create(
        [
            Milestone(
                action=a,
                title=f"Jalon {a.number}-{k}",
                due_date=today + datetime.timedelta(days=(k * 200) - 300),
            )
            for a in made
            for k in range(2)
        ]
    )
    updates = ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(action=a, text=f"Point {a.number}", weather=a.weather, status_after=a.status)
            for a in made
        ]
    )
    old = timezone.now() - datetime.timedelta(days=200)
    ActionUpdate.objects.filter(pk__in=[u.pk for u in updates[::3]]).update(created_at=old)
    made_indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                organisation=plan.organisation,
                plan_lineage=plan.lineage,
                axis_number=made[i % len(made)].axis.number if made else 1,
                action_lineage=made[i % len(made)].lineage if made and i % 5 else None,
                name=f"Indicateur synthétique {i}",
                kind=IndicatorKind.FOLLOW_UP if i % 2 else IndicatorKind.RESULT,
                unit="%",
            )
            for i in range(indicators)
        ]
    )
    school_years = [plan.first_school_year + y for y in range(years)]
    Target.objects.bulk_create(
        [
            Target(indicator=ind, school_year=y, value=Decimal(50 + y % 10))
            for ind in made_indicators
            for y in school_years
        ]
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=ind,
                school_year=y,
                value=Decimal(rng.randint(20, 90)),
                status=ValueStatus.VALIDATED,
            )
            for ind in made_indicators
            for y in school_years
        ]
    )
