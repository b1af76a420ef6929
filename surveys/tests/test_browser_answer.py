"""A staff member answers from the e-mailed link in Chromium: save, resume, submit, and cannot submit twice."""

import pytest
from playwright.sync_api import Page, expect

from core.tests.smtp import body_of
from surveys import services
from surveys.models import Ballot
from surveys.tests.conftest import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_from_emailed_link_save_resume_submit_once(
    live_server, page: Page, smtp_server, settings, organisation, barometer, root_unit, staff, programme_lead
):
    settings.SITE_URL = live_server.url
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    services.campaign_open(campaign=campaign, by=programme_lead)
    link = next(
        line for line in body_of(smtp_server.messages[0]).splitlines() if "/barometre/repondre/#" in line
    )

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(campaign.title)
    assert "#" not in page.url and "/repondre/s/" in page.url  # the code left the address bar
    page.get_by_role("link", name="Commencer").click()
    page.locator("label[for=q-rel_ambiance-2]").click()  # « Plutôt d'accord »
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    expect(page.get_by_text("Vos réponses sont enregistrées")).to_be_visible()

    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("link", name="Reprendre mes réponses").click()
    expect(page.locator("#q-rel_ambiance-2")).to_be_checked()
    for _step in range(6):
        page.get_by_role("button", name="Étape suivante").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bien-être global")
    page.locator("label[for=q-be_global-9]").click()  # 8 out of 10
    page.get_by_role("button", name="Étape suivante").click()
    page.get_by_label("Qu'est-ce qui améliorerait").fill("Des temps d'échange réguliers.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, vos réponses sont enregistrées")
    expect(page.get_by_text("médecine de prévention")).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("a déjà servi")
    services.campaign_close(campaign=campaign, by=programme_lead)
    assert Ballot.objects.filter(campaign=campaign).count() == 1
