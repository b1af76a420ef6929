"""In Chromium: a manager reads their unit's results, and a suppressed group shows a message, no number.

The unit picker lives inside the panel that htmx swaps: the test waits for each swap (the ``htmx:afterSettle``
event and the response), never for a length of time, and a slowed server proves that it does."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from analytics import views
from analytics.tests.test_results_world import build_world
from core.tests.factories import RoleGrantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def slow_panel(monkeypatch):
    """A busy 2-core machine: the first htmx panel takes longer than Playwright's 5 s ``expect`` timeout (the
    live server runs in this process). A test that waits on the swap passes; one that hopes it is quick fails."""
    render = views.render
    delays = [5.5]

    def slow_render(request, *args, **kwargs):
        if request.htmx and delays:
            time.sleep(delays.pop())
        return render(request, *args, **kwargs)

    monkeypatch.setattr(views, "render", slow_render)


def show_unit(page: Page, label: str) -> None:
    """Pick a unit and submit; return once htmx has swapped the new panel in."""
    page.get_by_label("Unité", exact=True).select_option(label=label)
    page.evaluate(
        """() => { window.qvSettled = new Promise(resolve => document.body.addEventListener(
            'htmx:afterSettle', () => resolve(true), {once: true})) }"""
    )
    with page.expect_response(lambda r: "unite=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.get_by_role("button", name="Afficher").click()
    assert page.evaluate("() => window.qvSettled") is True


def test_manager_reads_their_unit_and_sees_a_suppressed_group_message(
    live_server, page: Page, organisation, root_unit, school, programme_lead, manager, slow_panel
):
    world = build_world(organisation, root_unit, school, programme_lead)
    # the manager also runs the tiny unit (3 respondents): its results must stay hidden
    RoleGrantFactory(user=manager, organisation=organisation, role="manager", unit=world.tiny)
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("analytics:index"))
    page.get_by_role("link", name="Baromètre 2026").click()
    # The picker lists units by materialised path ("/1/10/" sorts before "/1/9/"): choose the school explicitly.
    show_unit(page, "— Collège Victor-Hugo")
    expect(page.get_by_role("heading", name="Collège Victor-Hugo")).to_be_visible()
    summary = page.get_by_role("table", name="Synthèse par dimension : part de réponses favorables")
    expect(summary).to_contain_text("Ambiance et relations de travail")
    expect(summary).to_contain_text("46 %")
    expect(page.get_by_text("Commentaire numéro 7")).to_be_visible()
    show_unit(page, "— Petit collège")
    expect(page.get_by_role("heading", name="Résultats non disponibles pour ce groupe")).to_be_visible()
    results = page.locator("#qv-results")
    expect(results).not_to_contain_text("Répondants :")
    expect(results).not_to_contain_text("% favorable")
    expect(page).to_have_url(re.compile(r"unite=\d+"))  # htmx pushed the URL: reloading shows the same group
    page.reload()
    expect(page.get_by_role("heading", name="Résultats non disponibles pour ce groupe")).to_be_visible()
