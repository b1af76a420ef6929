"""In Chromium: a facilitator records a session and a proposal, the steering committee accepts it as a PAPRIPACT
measure and a member of the space sees the answer (and gets it by e-mail); a situation-problem becomes a register
risk and a measure, the measure is done and the risk's owner is asked to re-assess it (on their page and by
e-mail).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from analytics.tests.test_results_browser import sign_in
from core.tests.smtp import body_of
from field.models import SituationProblem, SpaceProposal
from prevention.models import Measure, Risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_proposal_goes_from_the_space_to_the_committee_and_back_to_its_members(
    live_server, page: Page, smtp_server, settings, space, manager, agent, adviser
):
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("field:space", args=[space.pk]))
    page.get_by_role("link", name="Noter une séance").click()
    page.get_by_label("Date de la séance").fill(timezone.localdate().isoformat())
    page.get_by_label("Nombre de participants").fill("6")
    page.get_by_label("Fonctions des participants").fill("trois AED, deux CPE, une secrétaire")
    page.get_by_label("Thèmes abordés").fill("interruptions, pauses")
    page.get_by_label("Ce qui s'est dit, avec les mots du groupe").fill(
        "on ne finit jamais une tâche commencée"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La séance est enregistrée.")).to_be_visible()
    expect(page.locator("#seances ~ section").first).to_contain_text("on ne finit jamais une tâche commencée")

    page.get_by_role("link", name="Transmettre une proposition").click()
    page.get_by_label("Intitulé de la proposition").fill("un temps d'échange le lundi matin")
    page.get_by_label("La proposition, avec les mots du groupe").fill("dix minutes pour répartir la semaine")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La proposition est transmise au comité de pilotage")).to_be_visible()
    proposal = SpaceProposal.objects.get()
    expect(page.get_by_role("link", name="Répondre au nom du comité")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server, adviser)  # on the steering committee, and keeper of the programme
    page.goto(live_server.url + reverse("field:index"))
    page.locator("#attente ~ div").get_by_role("link", name="un temps d'échange le lundi matin").click()
    page.get_by_role("link", name="Répondre au nom du comité").click()
    page.get_by_text("Acceptée", exact=True).click()
    page.locator("label", has_text="Mesure du programme de prévention (PAPRIPACT)").click()
    page.get_by_label("Intitulé de la mesure").fill("Temps d'échange hebdomadaire")
    page.get_by_label("Échéance de la mesure").fill("2027-01-15")
    page.locator("label", has_text="Je confirme").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La réponse est enregistrée")).to_be_visible()
    measure = Measure.objects.get()
    assert measure.title == "Temps d'échange hebdomadaire" and measure.organisation == space.organisation

    page.context.clear_cookies()
    sign_in(page, live_server, agent)
    page.goto(live_server.url + reverse("field:space", args=[space.pk]))
    page.get_by_role("link", name="un temps d'échange le lundi matin").click()
    answer = page.locator(".fr-callout")
    expect(answer).to_contain_text("Acceptée")
    expect(answer).to_contain_text("Mesure du programme de prévention (PAPRIPACT)")
    expect(answer).to_contain_text("Temps d'échange hebdomadaire")
    expect(page.get_by_role("link", name="Répondre au nom du comité")).to_have_count(0)
    to_agent = [m for m in smtp_server.messages if m["To"] == agent.email]
    assert len(to_agent) == 1 and reverse("field:proposal", args=[proposal.pk]) in body_of(to_agent[0])


def test_a_situation_problem_becomes_a_register_risk_and_a_measure_then_is_reassessed(
    live_server, page: Page, smtp_server, settings, space, work_unit, manager, adviser
):
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("field:index"))
    page.get_by_role("link", name="Décrire une situation-problème").click()
    page.get_by_label("Unité de travail").select_option(label=work_unit.name)
    page.get_by_label("Intitulé").fill("sortie de 16 h 30 confuse")
    page.get_by_role("textbox", name="Quand", exact=True).fill("chaque soir")
    page.get_by_role("textbox", name="Où", exact=True).fill("hall et cour")
    page.get_by_label("Qui (fonctions, jamais des noms)").fill("AED, animateurs")
    page.get_by_label("Ce qui s'est passé").fill("deux listes d'élèves différentes")
    page.get_by_label("Le problème").fill("aucune consigne commune de sortie")
    page.get_by_label("Ses conséquences").fill("élèves attendus au mauvais endroit")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La situation-problème est enregistrée")).to_be_visible()
    page.get_by_role("textbox", name="Cause 2 000 caractères au plus.").fill("consignes contradictoires")
    page.get_by_label("Axe et facteur de risque (Gollac)").select_option(label="Instructions contradictoires")
    page.get_by_role("button", name="Ajouter la cause").click()
    expect(page.get_by_role("table", name="Causes de la situation")).to_contain_text(
        "Intensité et temps de travail"
    )
    situation = SituationProblem.objects.get()

    page.context.clear_cookies()
    sign_in(page, live_server, adviser)
    page.goto(live_server.url + reverse("field:situation", args=[situation.pk]))
    page.get_by_role("link", name="Porter au document unique et au programme de prévention").click()
    page.locator("label", has_text="Créer une mesure du programme de prévention").click()
    page.get_by_label("Intitulé de la mesure").fill("liste unique et point à 16 h 20")
    page.locator("label", has_text="Je confirme").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Créé : un risque du document unique et une mesure du programme de prévention.")
    ).to_be_visible()
    registre = page.locator("#registre + ul")
    expect(registre).to_contain_text("Risques psychosociaux")
    expect(registre).to_contain_text("liste unique et point à 16 h 20")
    risk = Risk.objects.get()
    assert risk.gollac_axis == "intensity" and list(risk.measures.all()) == [Measure.objects.get()]
    assert list(risk.field_situations.all()) == [situation]
    measure = Measure.objects.get()
    page.goto(
        live_server.url + reverse("prevention:risk_detail", args=[risk.pk])
    )  # field's fragment, by htmx
    expect(page.locator("#qv-origins").get_by_role("link", name="sortie de 16 h 30 confuse")).to_be_visible()

    # The adviser names the risk's owner, then marks the measure done.
    page.goto(live_server.url + reverse("prevention:risk_edit", args=[risk.pk]))
    page.get_by_label("Responsable du risque").fill(manager.email)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Ligne du document unique enregistrée.")).to_be_visible()
    page.goto(live_server.url + reverse("prevention:measure_complete", args=[measure.pk]))
    page.get_by_role("button", name="Confirmer la réalisation").click()
    expect(page.get_by_text("Mesure réalisée : les responsables des risques traités")).to_be_visible()
    measure.refresh_from_db()
    assert measure.status == "done"
    to_owner = [m for m in smtp_server.messages if m["To"] == manager.email]
    assert len(to_owner) == 1
    assert "liste unique et point à 16 h 20" in body_of(to_owner[0])
    assert reverse("prevention:risk_detail", args=[risk.pk]) in body_of(to_owner[0])

    page.context.clear_cookies()
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("prevention:my_reassessments"))
    request = page.locator("main li", has_text="liste unique et point à 16 h 20")
    expect(request).to_contain_text("mesure réalisée")
    request.get_by_role("link").click()
    expect(page).to_have_url(live_server.url + reverse("prevention:risk_detail", args=[risk.pk]))


def test_the_field_pages_have_no_serious_accessibility_violation(
    live_server, page: Page, space, work_unit, manager, programme_lead
):
    from core.tests.test_browser_accessibility import serious_violations
    from field import services
    from field.tests.test_photos import jpeg_with_gps

    situation = services.situation_create(
        organisation=space.organisation,
        by=manager,
        work_unit=work_unit,
        space=space,
        title="sortie de 16 h 30 confuse",
        occurred="chaque soir",
        place="hall",
        roles="AED",
        what_happened="deux listes",
        problem="aucune consigne commune",
        consequences="élèves attendus au mauvais endroit",
    )
    services.cause_add(
        situation=situation, by=manager, text="consignes", axis="intensity", sub_factor="contradictions"
    )
    services.step_add(
        situation=situation, by=manager, solution="liste unique", owner="CPE", due_date=None, status="planned"
    )
    upload = SimpleUploadedFile("hall.jpg", jpeg_with_gps((400, 300)), content_type="image/jpeg")
    services.photo_add(
        by=manager,
        upload=upload,
        caption="Le hall",
        alt_text="Un hall vide",
        situation=situation,
        no_identifiable_person=True,
    )
    proposal = services.proposal_create(
        space=space, by=manager, title="une heure limite", text="pas de réunion tardive"
    )
    sign_in(page, live_server, programme_lead)
    for url in (
        reverse("field:index"),
        reverse("field:space", args=[space.pk]),
        reverse("field:proposal", args=[proposal.pk]),
        reverse("field:proposal_answer", args=[proposal.pk]),
        reverse("field:situation", args=[situation.pk]),
        reverse("field:situation_photo_create", args=[situation.pk]),
    ):
        page.goto(live_server.url + url)
        assert serious_violations(page) == [], url
