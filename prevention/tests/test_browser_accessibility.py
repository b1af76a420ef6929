"""axe-core on the prevention pages, on a phone and on a desktop: no serious or critical violation."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser

from core.tests.test_browser_accessibility import DESKTOP, PHONE, serious_violations, sign_in
from prevention import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(organisation, adviser, staff_rep, risk):
    services.risk_assess(risk=risk, by=adviser, method="french", inputs={"severity": 5, "frequency": 3})
    services.risk_assess(risk=risk, by=adviser, method="gf4", inputs={"gravity": 2, "frequency": 2})
    version = services.register_publish(organisation=organisation, by=adviser)
    own = services.rps_questions_adopt_defaults(organisation=organisation, by=adviser)
    services.rps_question_set_active(question=own[2], by=adviser, active=False)
    year = timezone.localdate().year
    services.measure_create(
        organisation=organisation,
        by=adviser,
        title="Panneaux",
        risks=[risk],
        due_date=datetime.date(year, 6, 1),
    )
    programme = services.programme_for_year(organisation=organisation, year=year, by=adviser)
    services.programme_submit(programme=programme, by=adviser, meeting_date=datetime.date(year, 1, 10))
    services.programme_record_opinion(
        programme=programme,
        by=staff_rep,
        text="Avis favorable.",
        votes_for=3,
        votes_against=0,
        votes_abstain=1,
    )
    return [
        "/prevention/",
        f"/prevention/risques/{risk.pk}/",
        f"/prevention/risques/{risk.pk}/evaluer/",
        "/prevention/unites-de-travail/",
        "/prevention/versions/",
        f"/prevention/versions/{version.pk}/",
        "/prevention/grille-rps/nouvelle/",
        "/prevention/grille-rps/questions/",
        f"/prevention/grille-rps/questions/{own[1].pk}/desactiver/",
        f"/prevention/versions/publications/{version.publication.pk}/",
        "/",
        f"/prevention/programmes/{programme.pk}/",
        f"/prevention/programmes/{programme.pk}/adopter/",
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_prevention_pages_have_no_serious_accessibility_violation(
    live_server, browser: Browser, pages, adviser, viewport
):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, adviser)
        found = {}
        for url in pages:
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == 200, url
            violations = serious_violations(page)
            if violations:
                found[url] = violations
        assert not found, found
    finally:
        context.close()
