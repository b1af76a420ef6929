"""The two loops of the foundation, end to end in Chromium, signing in the way staff do: by an e-mailed link.

a) An action lead reports progress; an agent of the organisation reads it on the action page and the plan overview.
b) A working-group member proposes an action on the fixed template; the programme lead checks the four criteria and
   adopts it; the new action appears in the plan. (coconstruction/tests/test_browser.py covers the htmx comments.)
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from coconstruction import services as coco_services
from core.tests.smtp import body_of
from organisations.models import Person
from plans import services as plan_services
from plans.models import Action, ActionStatus, Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/compte/connexion/lien/\?jeton=\S+")


@pytest.fixture
def mail(settings, live_server, smtp_server):
    """E-mailed sign-in links point at the live server, and leave at once (no worker runs in the tests)."""
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return smtp_server


def sign_in_by_email(page: Page, live_server, mail, email: str) -> None:
    """Ask for a link on the login page, open the link caught by the SMTP server and confirm."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail professionnelle").fill(email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    message = next(m for m in reversed(mail.messages) if m["To"] == email)
    match = LINK.search(body_of(message))
    assert match, body_of(message)
    page.goto(match.group(0))
    page.get_by_role("button", name="Me connecter").click()
    expect(page.locator("header")).not_to_contain_text("Se connecter")


def new_page(browser: Browser, live_server) -> Page:
    """A second person on the same computer: a fresh browser context, no shared cookies."""
    page = browser.new_context(locale="fr-FR").new_page()
    return page


def test_staff_member_signs_in_with_the_emailed_link_in_a_real_browser(live_server, page: Page, mail, agent):
    """Plain form posts pass Django's CSRF origin check in a real browser (referrer policy same-origin)."""
    sign_in_by_email(page, live_server, mail, "agent@test.fr")


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name=label).click()


@pytest.fixture
def plan(organisation, programme_lead):
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan académique pour la qualité de vie au travail",
        first_school_year=2023,
        last_school_year=2026,
    )
    plan_services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=programme_lead)
    plan_services.plan_set_status(plan=plan, status="adopted", by=programme_lead)
    return plan


@pytest.fixture
def axes(plan, programme_lead):
    return [
        plan_services.axis_create(
            plan=plan,
            by=programme_lead,
            number=1,
            title="Des relations de travail inclusives et bienveillantes",
        ),
        plan_services.axis_create(
            plan=plan, by=programme_lead, number=2, title="Accompagner les personnels dans leur parcours"
        ),
    ]


@pytest.fixture
def barometer_action(plan, axes, programme_lead, action_lead):
    action = plan_services.action_create(
        plan=plan,
        axis=axes[0],
        by=programme_lead,
        number=1,
        title="Instaurer un baromètre annuel de la qualité de vie au travail",
        lead_roles="Mission QVT",
        start_date=datetime.date(2024, 1, 1),
        leads=[action_lead],
    )
    plan_services.milestone_create(
        action=action, by=programme_lead, title="Questionnaire validé", due_date=datetime.date(2024, 3, 1)
    )
    return action


def test_action_lead_reports_progress_and_an_agent_reads_it(
    live_server, page: Page, mail, barometer_action, action_lead, agent
):
    assert barometer_action.status == ActionStatus.PLANNED
    sign_in_by_email(page, live_server, mail, "cheffe@test.fr")
    menu(page, "Mes actions")
    row = page.get_by_role("row").filter(has_text=barometer_action.title)
    expect(row).to_contain_text("À venir")
    expect(row).to_contain_text("Questionnaire validé")
    row.get_by_role("link", name="Publier un point").click()

    page.get_by_label("Où en est l'action ?").fill("Le questionnaire est validé par le comité de suivi.")
    page.get_by_label("Statut de l'action").select_option(label="En cours")
    page.get_by_label("Avancement (%)").fill("35")
    page.get_by_label("Jalon atteint").select_option(label="Questionnaire validé (01/03/2024)")
    page.get_by_role("button", name="Publier", exact=True).click()
    timeline = page.locator("#action-timeline")
    expect(timeline).to_contain_text("Le questionnaire est validé par le comité de suivi.")
    expect(timeline).to_contain_text("À venir → En cours")
    expect(timeline).to_contain_text("Avancement porté à 35 %")
    expect(page.locator("#action-status")).to_contain_text("En cours")

    reader = new_page(page.context.browser, live_server)
    sign_in_by_email(reader, live_server, mail, "agent@test.fr")
    menu(reader, "Plan d'action")  # a single plan: straight to its overview
    expect(reader.get_by_role("heading", level=1)).to_have_text(barometer_action.plan.title)
    row = reader.get_by_role("row").filter(has_text=barometer_action.title)
    expect(row).to_contain_text("En cours")
    expect(row).to_contain_text("35 %")
    expect(reader.locator(f"#axis-progress-{barometer_action.axis_id}")).to_contain_text("35 %")
    row.get_by_role("link", name=barometer_action.title).click()
    expect(reader.locator("#action-timeline")).to_contain_text(
        "Le questionnaire est validé par le comité de suivi."
    )
    expect(reader.locator("#action-timeline")).to_contain_text("Jalon atteint : Questionnaire validé")
    expect(reader.get_by_role("button", name="Publier", exact=True)).to_have_count(0)  # agents only read
    reader.context.close()


@pytest.fixture
def working_group(plan, axes, programme_lead, agent, organisation, school):
    from core.tests.factories import PersonFactory, UserFactory

    pair = PersonFactory(organisation=organisation, unit=school, user=UserFactory(email="binome@test.fr"))
    return coco_services.working_group_create(
        plan=plan,
        by=programme_lead,
        name="Groupe de travail de l'axe 2",
        axis=axes[1],
        leads=[pair],
        members=list(Person.objects.filter(user=agent)),
    )


PROPOSAL = {
    "Intitulé de la proposition": "Parrainer chaque nouvel arrivant",
    "Énoncé de la problématique à traiter": "Les nouveaux personnels se sentent isolés à leur arrivée.",
    "Proposition d'action solution": "Un livret d'accueil et un parrain volontaire dans chaque service.",
    "Conditions du succès": "Des parrains formés, une demi-journée d'accueil banalisée.",
    "Proposition de calendrier": "Rentrée 2024 : deux bassins pilotes ; rentrée 2025 : généralisation.",
    "Critères et modalités d'évaluation": "Enquête des nouveaux arrivants ; taux de parrainage.",
}


def test_group_member_proposal_is_checked_and_adopted_into_the_plan(
    live_server, page: Page, mail, working_group, axes, agent, programme_lead
):
    sign_in_by_email(page, live_server, mail, "agent@test.fr")
    menu(page, "Co-construction")
    page.get_by_role("link", name=working_group.name).click()
    page.get_by_role("link", name="Rédiger une proposition").click()
    for label, text in PROPOSAL.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parrainer chaque nouvel arrivant")
    page.get_by_role("button", name="Soumettre au·à la pilote QVT").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("soumise")
    expect(page.get_by_text("0 critère(s) rempli(s) sur 4.")).to_be_visible()

    pilot = new_page(page.context.browser, live_server)
    sign_in_by_email(pilot, live_server, mail, "pilote@test.fr")
    menu(pilot, "Co-construction")
    pilot.get_by_role("link", name=working_group.name).click()
    pilot.get_by_role("link", name="Parrainer chaque nouvel arrivant").click()
    pilot.get_by_role("button", name="Vérifier les critères").click()
    for label in ("Peut être portée", "Concrète", "Cible toutes les catégories", "Réalisable"):
        pilot.locator("label", has_text=label).click()  # DSFR draws the box over the input: click its label
        expect(pilot.get_by_label(re.compile(label))).to_be_checked()
    pilot.get_by_role("button", name="Enregistrer la vérification").click()
    expect(pilot.get_by_text("4 critère(s) rempli(s) sur 4.")).to_be_visible()

    pilot.get_by_label("Axe du plan").select_option(label=str(axes[1]))
    pilot.get_by_role("button", name="Adopter comme action du plan").click()
    expect(pilot.locator(".fr-callout")).to_contain_text("elle est devenue l'action 2.1")
    menu(pilot, "Plan d'action")
    section = pilot.locator("section").filter(has=pilot.get_by_role("heading", name=re.compile("^Axe 2")))
    row = section.get_by_role("row").filter(has_text="Parrainer chaque nouvel arrivant")
    expect(row).to_contain_text("2.1")
    expect(row).to_contain_text("À venir")
    action = Action.objects.get(title="Parrainer chaque nouvel arrivant")
    assert action.axis.number == 2 and action.source_proposals.get().author == agent
    pilot.context.close()
