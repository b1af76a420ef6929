"""In Chromium: an agent registers for a full event and waits; a registered person cancels from the link of their
e-mail, signed out; the agent is promoted and receives the e-mail (real local SMTP server), then sees their place.

The second half of the issue's scenario (the attendees' satisfaction questionnaire) is
``test_browser_satisfaction.py``.
"""

import re
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from core.tests.smtp import body_of
from events import services
from events.tests.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def subject_of(message):
    return str(make_header(decode_header(message["Subject"])))


def test_an_agent_on_the_waiting_list_is_promoted_when_someone_cancels(
    live_server,
    page: Page,
    browser: Browser,
    client,
    smtp_server,
    organisation,
    programme_lead,
    staff_rep,
    agent,
):
    event = make_event(organisation, programme_lead, capacity=1)
    services.register(event=event, user=staff_rep)
    client.force_login(agent)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("events:detail", args=[event.pk]))
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_text("Vous êtes sur la liste d'attente (position 1)")).to_be_visible()
    expect(page.get_by_text("visio.example.org")).to_have_count(0)

    to_rep = [m for m in smtp_server.messages if m["To"] == staff_rep.email]
    link = re.search(r"http://testserver(/evenements/annulation/[^/\s]+/)", body_of(to_rep[0])).group(1)
    signed_out = browser.new_page()
    signed_out.goto(live_server.url + link)
    signed_out.get_by_role("button", name="Confirmer l'annulation").click()
    expect(signed_out.get_by_role("heading", name="Inscription annulée")).to_be_visible()
    signed_out.close()

    promoted = [
        m for m in smtp_server.messages if m["To"] == agent.email and "place s'est libérée" in subject_of(m)
    ]
    assert len(promoted) == 1 and "/evenements/annulation/" in body_of(promoted[0])
    page.reload()
    expect(page.get_by_text("Vous êtes inscrit·e.")).to_be_visible()
    expect(page.get_by_role("img", name="Code QR de votre billet")).to_be_visible()
    expect(page.get_by_role("link", name="https://visio.example.org/salle-qvt")).to_be_visible()
