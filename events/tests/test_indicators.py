"""Registrations and attendance of an organisation's events feed computed indicators (e.g. action 4.1)."""

import datetime

import pytest
from django.utils import timezone

from events import selectors, services
from events.models import Event
from events.tests.conftest import make_event
from indicators import services as indicator_services
from indicators.forms import EVENT_KINDS
from indicators.models import Computation, IndicatorKind, IndicatorValue
from indicators.periods import school_year_of
from plans import services as plan_services

pytestmark = pytest.mark.django_db


def test_the_annual_event_attendance_is_an_indicator_value_of_its_school_year(
    organisation, programme_lead, agent, staff_rep, django_capture_on_commit_callbacks
):
    year = school_year_of(timezone.localdate())
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan QVT",
        first_school_year=year - 1,
        last_school_year=year,
    )
    plan_services.axis_create(plan=plan, by=programme_lead, number=4, title="Valoriser")
    annual = make_event(organisation, programme_lead, kind="annual", capacity=5, days=2)
    make_event(organisation, programme_lead, kind="webinar", days=3)  # another type: not counted
    for user in (agent, staff_rep):
        services.register(event=annual, user=user)
    services.attendance_set(event=annual, present_ids={selectors.registration_of(agent, annual).pk})
    Event.objects.filter(pk=annual.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        indicator = indicator_services.indicator_create(
            plan=plan,
            by=programme_lead,
            axis_number=4,
            kind=IndicatorKind.FOLLOW_UP,
            name="Participants à la journée annuelle de la QVT",
            computation=Computation.EVENT_ATTENDANCE,
            source_key="annual",
        )
    values = dict(IndicatorValue.objects.filter(indicator=indicator).values_list("school_year", "value"))
    assert values == {year - 1: 0, year: 1}
    assert "annual" in EVENT_KINDS
