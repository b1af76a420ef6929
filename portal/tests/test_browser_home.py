import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_dsfr_header_and_footer_in_chromium(live_server, page: Page, organisation):
    page.goto(live_server.url + "/")
    expect(page.locator("header.fr-header")).to_be_visible()
    expect(page.locator("header").get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.locator("footer")).to_contain_text("Mentions légales")
