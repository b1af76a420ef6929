"""axe-core on the pages that manage a network: creation, « Membres du réseau », ending a membership, answering an
invitation and leaving, phone and desktop."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from core.tests.factories import UserFactory
from core.tests.test_browser_accessibility import DESKTOP, PHONE, serious_violations, sign_in
from practices.models import NetworkInvitation
from practices.tests.factories import join, make_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_network_management_pages_have_no_serious_accessibility_violation(
    live_server, page: Page, network, membership, facilitator, agency, organisation, programme_lead, viewport
):
    other = make_network("Réseau des EHPAD", host=agency)
    invitation = NetworkInvitation.objects.create(
        network=other, organisation=organisation, invited_by=facilitator
    )
    second = make_network("Réseau des lycées", host=agency)
    leaving = join(second, organisation)
    admin = UserFactory(email="exploitation@qualivie.fr", is_superuser=True)
    page.set_viewport_size(viewport)
    found = {}
    for user, urls in (
        (admin, {"create": reverse("practices:network_create")}),
        (
            facilitator,
            {
                "members": reverse("practices:network_members", args=[network.pk]),
                "end": reverse("practices:membership_end", args=[membership.pk]),
            },
        ),
        (
            programme_lead,
            {
                "home with invitation": reverse("practices:index"),
                "answer": reverse("practices:invitation_answer", args=[invitation.pk]),
                "leave": reverse("practices:membership_leave", args=[leaving.pk]),
            },
        ),
    ):
        page.context.clear_cookies()
        sign_in(page, live_server, user)
        for name, url in urls.items():
            page.goto(live_server.url + url)
            assert page.locator("h1").count() == 1, name
            if name == "home with invitation":
                assert "invite votre organisation" in page.content()
            found[name] = serious_violations(page)
    assert not any(found.values()), found
