"""In Chromium: a manager reads their unit's results, and a suppressed group shows a message, no number."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from analytics.tests.test_results_world import build_world
from core.tests.factories import RoleGrantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_manager_reads_their_unit_and_sees_a_suppressed_group_message(
    live_server, page: Page, organisation, root_unit, school, programme_lead, manager
):
    world = build_world(organisation, root_unit, school, programme_lead)
    # the manager also runs the tiny unit (3 respondents): its results must stay hidden
    RoleGrantFactory(user=manager, organisation=organisation, role="manager", unit=world.tiny)
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("analytics:index"))
    page.get_by_role("link", name="Baromètre 2026").click()
    # The picker lists units by materialised path ("/1/10/" sorts before "/1/9/"): choose the school explicitly.
    page.get_by_label("Unité").select_option(label="— Collège Victor-Hugo")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="Collège Victor-Hugo")).to_be_visible()
    summary = page.get_by_role("table", name="Synthèse par dimension : part de réponses favorables")
    expect(summary).to_contain_text("Ambiance et relations de travail")
    expect(summary).to_contain_text("46 %")
    expect(page.get_by_text("Commentaire numéro 7")).to_be_visible()
    page.get_by_label("Unité").select_option(label="— Petit collège")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="Résultats non disponibles pour ce groupe")).to_be_visible()
    results = page.locator("#qv-results")
    expect(results).not_to_contain_text("Répondants :")
    expect(results).not_to_contain_text("% favorable")
    assert "unite=" in page.url  # htmx pushed the URL: reloading shows the same group
    page.reload()
    expect(page.get_by_role("heading", name="Résultats non disponibles pour ce groupe")).to_be_visible()
