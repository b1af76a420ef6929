"""In the browser: a measure is marked done, and the owner of the risk it treats re-assesses that risk; the adviser
configures the RPS questions and publishes the register."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from prevention import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_done_measure_asks_the_risk_owner_to_reassess_it(
    live_server, page: Page, organisation, adviser, manager, risk
):
    services.risk_update(risk=risk, by=adviser, owner=manager)
    year = timezone.localdate().year
    services.measure_create(
        organisation=organisation,
        by=adviser,
        title="Panneaux acoustiques",
        risks=[risk],
        due_date=datetime.date(year, 12, 1),
    )
    programme = services.programme_for_year(organisation=organisation, year=year, by=adviser)

    _sign_in(page, live_server, adviser)
    page.goto(f"{live_server.url}/prevention/programmes/{programme.pk}/")
    page.get_by_role("link", name="Réalisée : Panneaux acoustiques").click()
    expect(page.get_by_text("Cette étape ne peut pas être annulée.")).to_be_visible()
    page.get_by_role("button", name="Confirmer la réalisation").click()
    expect(
        page.get_by_text("les responsables des risques traités sont invités à les réévaluer")
    ).to_be_visible()

    _sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Risques à réévaluer")).to_be_visible()
    page.get_by_role("link", name=str(risk)).click()
    expect(page.get_by_role("heading", name="Réévaluation demandée")).to_be_visible()
    page.get_by_role("link", name="Évaluer", exact=True).click()
    page.locator("#id_method").select_option("french")
    page.get_by_label("Sévérité (méthode française : 1, 5, 7 ou 10)").fill("5")
    page.get_by_label("Fréquence (4 × 4 : 1 à 4 ; française : 1, 3, 7 ou 9 ; Kinney : 1, 4 ou 7)").fill("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Méthode « française » (sévérité × fréquence) : score 15")).to_be_visible()
    expect(page.get_by_role("heading", name="Réévaluation demandée")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Risques à réévaluer")).to_have_count(0)


def test_the_adviser_configures_the_rps_questions_then_publishes_the_register(
    page: Page, live_server, organisation, adviser, risk
):
    """The organisation's own grid from the defaults, a question deactivated after its confirmation; then the
    publication, confirmed, built by the job (run inline here) and shown with its version."""
    _sign_in(page, live_server, adviser)
    page.goto(f"{live_server.url}/prevention/grille-rps/questions/")
    page.get_by_role(
        "button", name="Créer la grille de l'organisation à partir de la grille par défaut"
    ).click()
    expect(
        page.get_by_text("Votre organisation utilise sa propre grille : 26 questions actives.")
    ).to_be_visible()
    page.get_by_role("link", name="Désactiver — Le travail est-il répétitif ou monotone ?").click()
    expect(page.get_by_text("Les nouvelles grilles RPS ne poseront plus cette question.")).to_be_visible()
    page.get_by_role("button", name="Confirmer la désactivation").click()
    expect(
        page.get_by_text("Votre organisation utilise sa propre grille : 25 questions actives.")
    ).to_be_visible()
    page.get_by_role("button", name="Réactiver — Le travail est-il répétitif ou monotone ?").click()
    expect(
        page.get_by_text("Votre organisation utilise sa propre grille : 26 questions actives.")
    ).to_be_visible()

    page.goto(f"{live_server.url}/prevention/")
    page.get_by_role("link", name="Publier une nouvelle version").click()
    expect(page.get_by_text("ouvrent un nouveau brouillon")).to_be_visible()
    page.get_by_role("button", name="Confirmer la publication").click()
    expect(page.get_by_role("heading", name="Publication du document unique — version 1")).to_be_visible()
    expect(page.get_by_text("La version 1 est publiée.")).to_be_visible()
    page.get_by_role("link", name="Consulter la version 1").click()
    expect(page.get_by_text("Empreinte SHA-256 du document ODT :")).to_be_visible()
