"""The map in Chromium with every request outside the site blocked: it draws, and a keyboard user reaches a
département and opens its filtered list of stories."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from practices.tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories(organisation, programme_lead, network, membership, facilitator):
    common = {
        "network": network,
        "organisation": organisation,
        "by": programme_lead,
        "moderator": facilitator,
    }
    for title in ("Gironde : le tutorat", "Gironde : les plannings", "Gironde : la manutention"):
        make_story(**common, title=title, departement="33", visibility="public")
    make_story(**common, title="Mayotte : les espaces de discussion", departement="976", visibility="public")


def test_the_map_works_offline_and_a_keyboard_user_opens_a_departement(live_server, page: Page, stories):
    outside: list[str] = []

    def block(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(live_server.url + reverse("practices:story_map"))
    gironde = page.get_by_role("link", name="Gironde : 3 récits")
    expect(gironde).to_be_visible()
    expect(page.get_by_role("link", name="Mayotte : 1 récit")).to_be_visible()  # an overseas inset
    gironde.focus()
    expect(gironde).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="3 récits")).to_be_visible()
    expect(page.get_by_text("Gironde : le tutorat")).to_be_visible()
    expect(page.get_by_text("Mayotte : les espaces de discussion")).to_have_count(0)
    assert outside == []


def test_the_network_pages_have_no_serious_accessibility_violation(
    live_server, page: Page, stories, programme_lead, organisation, network, agent
):
    from django.test import Client

    from core.tests.test_browser_accessibility import serious_violations
    from practices.models import Story
    from practices.tests.factories import make_peer

    make_peer(network=network, organisation=organisation, user=agent)
    client = Client()
    client.force_login(programme_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    story = Story.objects.first()
    found = {}
    for url in (
        reverse("practices:story_map"),
        reverse("practices:story_search") + "?q=Gironde&secteur=hospital",
        reverse("practices:story", args=[story.pk]),
        reverse("practices:story_create"),
        reverse("practices:peer_directory"),
        reverse("practices:peer_profile"),
        reverse("practices:index"),
    ):
        page.goto(live_server.url + url)
        violations = serious_violations(page)
        if violations:
            found[url] = violations
    assert not found, found
