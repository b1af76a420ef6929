"""A staff plan of 2023-2026 with one axis and two actions (1.1 led by the action lead), and indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from indicators import services
from indicators.models import Indicator, IndicatorKind
from plans import services as plan_services
from plans.models import Visibility


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def plan(organisation, programme_lead):
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan QVT",
        first_school_year=2023,
        last_school_year=2026,
    )
    plan_services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=programme_lead)
    return plan


@pytest.fixture
def axis(plan, programme_lead):
    return plan_services.axis_create(plan=plan, by=programme_lead, number=1, title="Relations de travail")


@pytest.fixture
def action(plan, axis, programme_lead, action_lead):
    return plan_services.action_create(
        plan=plan,
        axis=axis,
        by=programme_lead,
        number=1,
        title="Former à la relation à l'usager",
        start_date=datetime.date(2023, 9, 1),
        leads=[action_lead],
    )


@pytest.fixture
def other_action(plan, axis, programme_lead):
    return plan_services.action_create(plan=plan, axis=axis, by=programme_lead, number=2, title="Accueillir")


@pytest.fixture
def indicator(plan, action, programme_lead) -> Indicator:
    return services.indicator_create(
        plan=plan,
        by=programme_lead,
        axis_number=1,
        action_lineage=action.lineage,
        name="Personnels formés",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
        targets={2023: Decimal(100), 2024: Decimal(250)},
    )


@pytest.fixture
def other_indicator(plan, other_action, programme_lead) -> Indicator:
    return services.indicator_create(
        plan=plan,
        by=programme_lead,
        axis_number=1,
        action_lineage=other_action.lineage,
        name="Livrets d'accueil distribués",
        kind=IndicatorKind.FOLLOW_UP,
    )
