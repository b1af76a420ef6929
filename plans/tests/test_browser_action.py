import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from plans.models import ActionUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_posts_an_update_and_the_timeline_changes_without_reload(
    live_server, page: Page, client, action, action_lead
):
    client.force_login(action_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("plans:action", args=[action.pk]))
    page.evaluate("window.qvNoReload = true")  # survives only if the page is not reloaded
    page.get_by_label("Où en est l'action ?").fill("Le module est en ligne depuis lundi.")
    page.get_by_label("Statut de l'action").select_option("done")
    page.get_by_label("Jalon atteint").select_option(label="Module en ligne (15/03/2024)")
    page.get_by_role("button", name="Publier", exact=True).click()

    timeline = page.locator("#action-timeline")
    expect(timeline).to_contain_text("Le module est en ligne depuis lundi.")
    expect(timeline).to_contain_text("En cours → Réalisée")
    expect(timeline).to_contain_text("Jalon atteint : Module en ligne")
    expect(page.locator("#action-status")).to_contain_text("Réalisée")
    expect(page.locator("#action-notice")).to_contain_text("Point d'avancement publié.")
    assert page.evaluate("window.qvNoReload") is True
    assert ActionUpdate.objects.get().author == action_lead


def test_the_update_text_area_counts_characters_politely_and_stops_at_the_limit(
    live_server, page: Page, client, action, action_lead
):
    client.force_login(action_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("plans:action", args=[action.pk]))
    area = page.get_by_label("Où en est l'action ?")
    counter = page.locator("#id_text_counter")
    expect(counter).to_have_attribute("aria-live", "polite")
    expect(counter).to_have_text("0 caractères sur 5\xa0000")
    area.fill("Douze lettres")
    expect(counter).to_have_text("13 caractères sur 5\xa0000")
    area.fill("x" * 5_100)  # maxlength: the browser keeps the first 5,000
    expect(counter).to_contain_text("sur 5\xa0000")
    assert len(area.input_value()) == 5_000
    assert "id_text_counter" in (area.get_attribute("aria-describedby") or "")
