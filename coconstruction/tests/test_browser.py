import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_comment_is_added_in_place_with_htmx(live_server, page: Page, submitted, other_agent):
    _sign_in(page, live_server, other_agent)
    page.goto(f"{live_server.url}/co-construction/propositions/{submitted.pk}/")
    expect(page.get_by_role("heading", name=submitted.title)).to_be_visible()
    page.get_by_label("Votre commentaire").fill("Pensons aux personnels contractuels")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator("#commentaires")).to_contain_text("Pensons aux personnels contractuels")
    expect(page.get_by_label("Votre commentaire")).to_have_value("")
    assert page.url.endswith(f"/propositions/{submitted.pk}/")  # swapped in place, no redirect
    expect(page.locator(".fr-alert--success")).to_have_count(0)
