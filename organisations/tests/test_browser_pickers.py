"""The static picker script fills a unit field's suggestions as one types (no inline script: CSP 'self')."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_part_of_a_name_suggests_units_with_their_path(
    live_server, page: Page, client, tree, programme_lead
):
    client.force_login(programme_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("organisations:import_new", args=["academie-test"]))
    page.get_by_label("Périmètre du fichier").press_sequentially("past")
    option = page.locator("#id_scope-suggestions option")
    expect(option).to_have_count(1)
    assert option.get_attribute("value") == "ECOLE2"
    assert option.get_attribute("label") == "Rectorat › DSDEN du Doubs › École Pasteur (ECOLE2)"
