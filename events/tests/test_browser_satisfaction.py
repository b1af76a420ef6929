"""In Chromium, the second half of the issue's scenario: after the event, the organiser sends the satisfaction
questionnaire; only the attendees receive a link (real local SMTP server); four answer through the test client,
the fifth in the browser, signed out; the results then appear on the event page (from 5 answers)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from core.tests.smtp import body_of
from events.tests.test_satisfaction import GOOD, ended_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http://testserver(/evenements/\d+/satisfaction/[A-Za-z0-9_-]{43}/)")


def test_the_attendees_answer_and_the_results_appear_from_five(
    live_server, page: Page, browser: Browser, client, smtp_server, organisation, programme_lead
):
    event = ended_event(organisation, programme_lead, attendees=5, absent=1)
    client.force_login(programme_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("events:detail", args=[event.pk]))
    page.get_by_role("link", name="Envoyer le questionnaire de satisfaction").click()
    page.get_by_role("button", name="Confirmer l'envoi").click()
    expect(page.get_by_text("Le questionnaire part par e-mail aux personnes présentes.")).to_be_visible()
    expect(page.get_by_text("Résultats affichés à partir de 5 réponses")).to_be_visible()

    assert sorted(m["To"] for m in smtp_server.messages) == [f"p{i}@test.fr" for i in range(5)]
    links = [LINK.search(body_of(m)).group(1) for m in smtp_server.messages]
    for link in links[:4]:
        assert Client().post(link, GOOD).status_code == 200  # signed out
    page.reload()
    expect(page.get_by_text("Résultats affichés à partir de 5 réponses")).to_be_visible()

    signed_out = browser.new_page()
    signed_out.goto(live_server.url + links[4])
    for key, value in [
        ("Quelle est votre satisfaction globale", "10"),
        ("Les thèmes abordés sont utiles", "Tout à fait d'accord"),
        ("L'organisation pratique", "Plutôt d'accord"),
        ("Participeriez-vous", "Peut-être"),
    ]:
        group = signed_out.get_by_role("group", name=re.compile(re.escape(key)))
        group.get_by_label(value, exact=True).check(force=True)  # the DSFR label covers the radio
    signed_out.get_by_role("button", name="Envoyer mes réponses").click()
    expect(signed_out.get_by_role("heading", name="Merci pour vos réponses")).to_be_visible()
    signed_out.goto(live_server.url + links[4])
    expect(signed_out.get_by_role("heading", name="Lien non valide")).to_be_visible()
    signed_out.close()

    page.reload()
    expect(page.get_by_text("5 réponses ; 73 % d'avis favorables sur les échelles.")).to_be_visible()
    expect(page.get_by_role("table", name="Participeriez-vous à la prochaine édition ?")).to_be_visible()
    expect(page.get_by_text("100 % d'avis favorables (5 réponses).")).to_have_count(2)
