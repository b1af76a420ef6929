"""axe-core on the main table pages, on a phone (390 × 844) and on a desktop: no serious or critical violation.

On a phone every wide table scrolls sideways inside DSFR's ``fr-table__container``: a keyboard user must be able
to reach it (``scrollable-region-focusable``), which ``{% dsfr_table %}`` (core/templatetags/qv_tables.py) gives
every table. axe-core is vendored (core/tests/vendor/axe.min.js, MPL-2.0, from ``npm pack axe-core@4.14.1``) so
that the test runs offline; it is injected through the DevTools protocol, which the site's CSP does not govern.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from analytics.tests.test_results_world import build_world
from core.tests.factories import ActionFactory, AxisFactory, PlanFactory
from surveys import services as survey_services
from surveys.tests.box import name_trustees

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
FORM_PAGES = {"my trustee key"}  # checked too, though they hold a form rather than a table
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page: Page, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def serious_violations(page: Page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def pages(organisation, root_unit, school, programme_lead) -> dict[str, str]:
    world = build_world(organisation, root_unit, school, programme_lead)
    plan = PlanFactory(organisation=organisation, title="Plan QVT 2023-2027")
    for number in (1, 2):
        axis = AxisFactory(plan=plan, number=number, title=f"Axe {number} : un titre d'axe assez long")
        for _ in range(4):
            ActionFactory(
                plan=plan,
                axis=axis,
                title="Une action au titre assez long pour élargir le tableau",
                start_date=datetime.date(2023, 9, 1),
                end_date=datetime.date(2026, 6, 30),
            )
    draft = survey_services.campaign_create(
        organisation=organisation,
        questionnaire=world.campaign.questionnaire,
        title="Baromètre en préparation",
        units=[root_unit],
        opens_on=timezone.localdate() + datetime.timedelta(days=30),
        closes_on=timezone.localdate() + datetime.timedelta(days=50),
        by=programme_lead,
    )
    name_trustees(draft, users=[programme_lead])
    return {
        "my trustee key": reverse("surveys:trustee_key", args=[draft.pk]),
        "key deposit": reverse("surveys:trustee_deposit", args=[draft.pk]),
        "plan overview": reverse("plans:detail", args=[plan.pk]),
        "calendar": reverse("plans:calendar", args=[plan.pk]),
        "results": reverse("analytics:campaign", args=[world.campaign.pk]),
        "participation": reverse("participation:campaign", args=[world.campaign.pk]),
        "campaign": reverse("surveys:campaign_detail", args=[world.campaign.pk]),
        "trustees": reverse("surveys:campaign_trustees", args=[world.campaign.pk]),
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_table_pages_have_no_serious_accessibility_violation(
    live_server, browser: Browser, pages, programme_lead, viewport
):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, programme_lead)
        found = {}
        for name, url in pages.items():
            page.goto(live_server.url + url)
            if name not in FORM_PAGES:
                assert page.locator(".fr-table").count() >= 1, name
            violations = serious_violations(page)
            if violations:
                found[name] = violations
        assert not found, found
    finally:
        context.close()
