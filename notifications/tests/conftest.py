"""A staff-visible, adopted plan with one action led by ``action_lead``; jobs run inline."""

import datetime

import pytest

from plans import services as plan_services
from plans.models import Visibility


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def plan(organisation, programme_lead):
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan QVT 2023-2027",
        first_school_year=2023,
        last_school_year=2026,
    )
    plan_services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=programme_lead)
    plan_services.plan_set_status(plan=plan, status="adopted", by=programme_lead)
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
