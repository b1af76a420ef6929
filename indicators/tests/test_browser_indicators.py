"""In Chromium: an action lead proposes a value, the programme lead validates it; the pages pass axe-core."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from core.tests.test_browser_accessibility import DESKTOP, PHONE, serious_violations, sign_in
from indicators import services
from indicators.models import IndicatorValue, ValueStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_action_lead_proposes_a_value_and_the_programme_lead_validates_it(
    live_server, browser: Browser, plan, indicator, action_lead, programme_lead
):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, action_lead)
        page.goto(live_server.url + reverse("indicators:plan", args=[plan.pk]))
        page.get_by_role("link", name="Personnels formés").click()
        page.get_by_role("link", name="Saisir une valeur").click()
        page.locator("#id_period").select_option(label="2024-2025")
        page.locator("#id_value").fill("212,5")
        page.locator("#id_comment").fill("Trois sessions au printemps.")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Valeur proposée : le ou la pilote QVT la validera.")).to_be_visible()
        expect(page.get_by_role("cell", name="Trois sessions au printemps.")).to_be_visible()

        context.clear_cookies()
        sign_in(page, live_server, programme_lead)
        page.goto(live_server.url + reverse("indicators:plan", args=[plan.pk]))
        page.get_by_role("link", name="1 valeur à valider").click()
        page.get_by_role("button", name="Valider — Personnels formés, 2024-2025").click()
        expect(page.get_by_text("Valeur validée : « Personnels formés ».")).to_be_visible()
        value = IndicatorValue.objects.get(indicator=indicator)
        assert value.status == ValueStatus.VALIDATED and value.value == Decimal("212.5")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_indicator_pages_have_no_serious_accessibility_violation(
    live_server, browser: Browser, plan, indicator, action_lead, programme_lead, viewport
):
    for year, value in ((2023, 90), (2024, 260)):
        services.value_enter(
            indicator=indicator,
            plan=plan,
            by=programme_lead,
            school_year=year,
            sub_period=1,
            value=Decimal(value),
        )
    services.value_enter(
        indicator=indicator, plan=plan, by=action_lead, school_year=2025, sub_period=1, value=Decimal(300)
    )
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, programme_lead)
        found = {}
        for url in (
            reverse("indicators:plan", args=[plan.pk]),
            reverse("indicators:detail", args=[indicator.pk]),
            reverse("indicators:awaiting", args=[plan.pk]),
            reverse("indicators:edit", args=[indicator.pk]),
        ):
            page.goto(live_server.url + url)
            violations = serious_violations(page)
            if violations:
                found[url] = violations
        assert not found, found
        page.goto(live_server.url + reverse("indicators:detail", args=[indicator.pk]))
        expect(page.locator("svg.qv-indicator-chart rect")).to_have_count(
            2
        )  # two validated values, one table
    finally:
        context.close()
