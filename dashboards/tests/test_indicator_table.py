"""A plan with more indicators than the dashboard's table holds: the table shows those off their target first, says
how many it shows out of how many, and links to the whole list; the export still lists them all."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.tests.factories import PlanFactory
from dashboards.selectors import INDICATOR_TABLE_ROWS, Filters, plan_dashboard
from dashboards.tests.synthetic import grow_plan

pytestmark = pytest.mark.django_db


def test_the_dashboard_table_shows_the_indicators_off_target_first_and_links_to_all(
    client, organisation, programme_lead
):
    plan = PlanFactory(organisation=organisation, first_school_year=2022, last_school_year=2026)
    grow_plan(plan, actions=30, indicators=INDICATOR_TABLE_ROWS + 20, years=2, leads=[programme_lead])
    dashboard = plan_dashboard(plan, Filters())
    table = dashboard.indicator_table
    assert len(dashboard.indicators) == INDICATOR_TABLE_ROWS + 20 and len(table) == INDICATOR_TABLE_ROWS
    ranks = [{False: 0, None: 1, True: 2}[row.on_target] for row in table]
    assert ranks == sorted(ranks) and ranks[0] == 0
    off_target = [row for row in dashboard.indicators if row.on_target is False]
    assert all(row in table for row in off_target[:INDICATOR_TABLE_ROWS])

    client.force_login(programme_lead)
    page = client.get(reverse("dashboards:plan", args=[plan.pk])).content.decode()
    assert f"{INDICATOR_TABLE_ROWS} indicateurs sur {INDICATOR_TABLE_ROWS + 20}" in page
    assert reverse("indicators:plan", args=[plan.pk]) in page
    export = client.get(reverse("dashboards:plan_export", args=[plan.pk]), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(export.content))
    names = {str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert all(row.indicator.name in names for row in dashboard.indicators)
