"""What the plan dashboard's speed work must not change for its readers, and what keeps it fast.

The long tables are built in Python (``dashboards_tags``) and the page's context is released once rendered
(``dashboards.views._render_released``): the figures are in ``docs/performance.md``, « Plan dashboard »."""

import datetime
import gc
import re

from django.urls import reverse

from dashboards.selectors import ActionRow, Dashboard
from dashboards.tests.synthetic import grow_plan
from plans import services
from plans.models import ActionUpdate, Weather


def _row_of(html: str, code: str) -> str:
    found = re.search(rf"<tr><td>{re.escape(code)}</td>.*?</tr>", html)
    assert found is not None, code
    return found.group(0)


def test_the_actions_table_dates_the_last_update_on_the_local_day(client, programme_lead, action):
    update = services.action_update_post(
        action=action, by=programme_lead, text="Point du soir.", weather=Weather.ON_TRACK
    )
    # 30 November, 23:30 UTC is 1 December, 00:30 in Paris: the reader's day is the 1st.
    evening = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    ActionUpdate.objects.filter(pk=update.pk).update(created_at=evening)
    client.force_login(programme_lead)
    html = client.get(reverse("dashboards:plan", args=[action.plan.pk])).content.decode()
    assert "01/12/2026" in _row_of(html, action.code)


def test_the_late_milestones_and_stale_actions_tables_name_each_action_with_its_link(
    client, programme_lead, action_lead, action
):
    grow_plan(action.plan, actions=8, indicators=4, years=2, leads=[action_lead])
    client.force_login(programme_lead)
    html = client.get(reverse("dashboards:plan", args=[action.plan.pk])).content.decode()
    late = html[html.index('id="late-title"') :]
    late = late[: late.index("</table>")]
    # Every late milestone of the grown plan is listed, earliest first, with its action's link and status.
    assert late.count("Jalon ") >= 16
    first = re.search(r'<tr><td><a href="/plans/actions/(\d+)/">([\d.]+)</a>', late)
    assert first is not None
    stale = html[html.index("en cours sans nouvelles</caption>") :]
    stale = stale[: stale.index("</table>")]
    assert str(action_lead) in stale


def test_a_dashboard_request_leaves_its_rows_to_reference_counting(
    client, programme_lead, action_lead, action
):
    """Django's template context is a reference cycle: without the release, the dashboard's rows (thousands for a
    large plan) would wait for the garbage collector, whose pauses made the p95."""
    grow_plan(action.plan, actions=20, indicators=30, years=2, leads=[action_lead])
    client.force_login(programme_lead)
    url = reverse("dashboards:plan", args=[action.plan.pk])
    client.get(url)
    gc.collect()
    gc.disable()
    try:
        response = client.get(url)
        assert response.status_code == 200
        response.context = None  # the test client's copy of the page's context: a server keeps none
        del response
        left = [o for o in gc.get_objects() if type(o) in (Dashboard, ActionRow)]
    finally:
        gc.enable()
    assert left == []
