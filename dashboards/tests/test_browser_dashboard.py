"""axe-core on the dashboards in Chromium, on a phone and on a desktop: no serious or critical violation; the
filters form keeps its choice in the URL."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from core.tests.test_browser_accessibility import DESKTOP, PHONE, serious_violations, sign_in
from dashboards.tests.synthetic import grow_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_dashboards_have_no_serious_accessibility_violation(
    live_server, browser: Browser, plan, action, programme_lead, viewport
):
    grow_plan(plan, actions=8, indicators=6, years=2, leads=[programme_lead])
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, programme_lead)
        found = {}
        for name, url in {
            "plan": reverse("dashboards:plan", args=[plan.pk]),
            "axis": reverse("dashboards:axis", args=[action.axis_id]),
            "action": reverse("dashboards:action", args=[action.pk]),
            "documents": reverse("dashboards:documents", args=[plan.pk]),
        }.items():
            page.goto(live_server.url + url)
            violations = serious_violations(page)
            if violations:
                found[name] = violations
        assert not found, found
    finally:
        context.close()


def test_filtering_by_status_puts_the_choice_in_the_url(
    live_server, browser: Browser, plan, action, programme_lead
):
    grow_plan(plan, actions=5, indicators=2, years=1, leads=[programme_lead])
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, programme_lead)
        page.goto(live_server.url + reverse("dashboards:plan", args=[plan.pk]))
        page.get_by_label("Statut", exact=True).select_option("done")
        page.get_by_role("button", name="Appliquer les filtres").click()
        page.wait_for_url("**statut=done**")
        assert page.locator("#dashboard-summary").inner_text().startswith("1 action (réalisée : 1)")
    finally:
        context.close()
