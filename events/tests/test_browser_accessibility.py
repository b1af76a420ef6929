"""axe-core on the event pages (with the QR code, the attendance checkboxes, the form, the satisfaction
questionnaire and its results), phone and desktop."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from core.tests.test_browser_accessibility import DESKTOP, PHONE, serious_violations, sign_in
from events import services
from events.tests.conftest import make_event
from events.tests.test_satisfaction import GOOD, ended_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_event_pages_have_no_serious_accessibility_violation(
    live_server, page: Page, organisation, programme_lead, agent, staff_rep, viewport
):
    event = make_event(organisation, programme_lead, capacity=1)
    services.register(event=event, user=programme_lead)
    services.register(event=event, user=staff_rep)  # waits
    ended = ended_event(organisation, programme_lead, attendees=0, absent=0)
    tokens = services.satisfaction_tokens_issue(event=ended, count=6)
    for token in tokens[1:]:
        services.satisfaction_answer(event=ended, token=token, answers=GOOD)
    sign_in(page, live_server, programme_lead)
    page.set_viewport_size(viewport)
    urls = {
        "list": reverse("events:index"),
        "detail with ticket": reverse("events:detail", args=[event.pk]),
        "attendance": reverse("events:registrations", args=[event.pk]),
        "form": reverse("events:create", args=[organisation.slug]),
        "cancel": reverse("events:cancel", args=[services.cancel_token(event.registrations.first())]),
        "satisfaction results": reverse("events:detail", args=[ended.pk]),
        "send the questionnaire": reverse("events:satisfaction_send", args=[ended.pk]),
        "questionnaire": reverse("events:satisfaction_answer", args=[ended.pk, tokens[0]]),
    }
    found = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        found[name] = serious_violations(page)
    assert not any(found.values()), found
