"""In Chromium: the follow button loads into the action page and toggles without a reload, keeping the focus."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from notifications.models import Follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_follows_the_action_from_its_page_without_reload(
    live_server, page: Page, client, action, agent
):
    client.force_login(agent)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("plans:action", args=[action.pk]))
    page.evaluate("window.qvNoReload = true")
    button = page.get_by_role("button", name="Suivre cette action")
    expect(button).to_be_visible()  # htmx replaced the fallback link with the button
    button.click()
    follow = page.locator("#qv-follow")
    expect(follow).to_contain_text("Vous suivez cette action.")
    unfollow = page.get_by_role("button", name="Ne plus suivre")
    expect(unfollow).to_be_focused()
    assert Follow.objects.filter(user=agent, action_lineage=action.lineage).exists()
    unfollow.click()
    expect(follow).to_contain_text("Vous ne suivez plus cette action.")
    assert page.evaluate("window.qvNoReload") is True
    assert not Follow.objects.filter(user=agent).exists()
