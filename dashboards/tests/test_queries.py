"""The plan dashboard costs the same number of queries for a small and a large plan (actions, indicators, values)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.factories import PlanFactory
from dashboards.tests.synthetic import grow_plan


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{}, {"statut": "in_progress", "meteo": "at_risk"}])
def test_the_plan_dashboard_query_count_does_not_grow_with_the_plan(
    client, organisation, programme_lead, action_lead, django_assert_num_queries, params
):
    small = PlanFactory(organisation=organisation, first_school_year=2022, last_school_year=2026)
    large = PlanFactory(organisation=organisation, first_school_year=2022, last_school_year=2026)
    grow_plan(small, actions=3, indicators=2, years=2, leads=[action_lead])
    grow_plan(large, actions=80, indicators=200, years=5, leads=[action_lead, programme_lead])
    client.force_login(programme_lead)
    small_count = _count(client, reverse("dashboards:plan", args=[small.pk]), params)
    with django_assert_num_queries(small_count):
        assert client.get(reverse("dashboards:plan", args=[large.pk]), params).status_code == 200
    assert small_count <= 15


def test_the_export_query_count_does_not_grow_with_the_plan(
    client, organisation, programme_lead, django_assert_num_queries
):
    small = PlanFactory(organisation=organisation, first_school_year=2022, last_school_year=2026)
    large = PlanFactory(organisation=organisation, first_school_year=2022, last_school_year=2026)
    grow_plan(small, actions=2, indicators=1, years=1, leads=[programme_lead])
    grow_plan(large, actions=60, indicators=120, years=4, leads=[programme_lead])
    client.force_login(programme_lead)
    url = "dashboards:plan_export"
    small_count = _count(client, reverse(url, args=[small.pk]), {"format": "ods"})
    with django_assert_num_queries(small_count):
        assert client.get(reverse(url, args=[large.pk]), {"format": "ods"}).status_code == 200
