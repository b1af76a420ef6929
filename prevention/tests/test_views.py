import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load

from core.tests.factories import RoleGrantFactory, UnitFactory, UserFactory
from core.tests.smtp import body_of
from prevention import selectors, services
from prevention.models import Programme, RiskAssessment, RpsGrid, WorkUnit


def test_the_adviser_assesses_a_risk_and_out_of_scale_inputs_are_refused_in_french(client, adviser, risk):
    client.force_login(adviser)
    url = f"/prevention/risques/{risk.pk}/evaluer/"
    response = client.post(
        url, {"method": "french", "severity": 6, "frequency": 3, "evaluated_on": "01/03/2026"}
    )
    assert response.status_code == 200
    assert "Sévérité : choisissez une valeur parmi 1, 5, 7, 10." in response.content.decode()
    response = client.post(
        url, {"method": "french", "severity": 7, "frequency": 7, "evaluated_on": "01/03/2026"}
    )
    assert response.status_code == 302
    page = client.get(f"/prevention/risques/{risk.pk}/").content.decode()
    assert "score 49" in page and "Élevé" in page
    assert RiskAssessment.objects.get().inputs == {"severity": 7, "frequency": 7}


def test_a_manager_reads_only_the_register_of_their_units(
    client, manager, risk, organisation, adviser, other_work_unit
):
    elsewhere = services.risk_create(
        organisation=organisation,
        by=adviser,
        work_unit=other_work_unit,
        danger_family="screen",
        exposure_situation="Bureaux",
    )
    client.force_login(manager)
    page = client.get("/prevention/").content.decode()
    assert "Cantine à midi" in page and "Bureaux" not in page
    client.force_login(adviser)
    page = client.get("/prevention/", {"unite": "rect"}).content.decode()
    assert "Bureaux" in page and "Cantine à midi" not in page
    client.force_login(manager)
    assert client.get(f"/prevention/risques/{risk.pk}/").status_code == 200
    assert client.get(f"/prevention/risques/{elsewhere.pk}/").status_code == 403
    assert client.get(f"/prevention/risques/{risk.pk}/modifier/").status_code == 403


def test_outsiders_get_404_and_agents_403_on_the_live_register(client, outsider, agent, risk):
    client.force_login(outsider)
    assert client.get(f"/prevention/risques/{risk.pk}/").status_code == 404
    client.force_login(agent)
    assert client.get(f"/prevention/risques/{risk.pk}/").status_code == 403
    assert client.get("/prevention/").status_code == 403


def test_rps_grid_is_answered_and_turned_into_register_lines_in_one_step(
    client, adviser, work_unit, organisation
):
    client.force_login(adviser)
    questions = selectors.rps_questions(organisation)
    data = {
        "work_unit": work_unit.code,
        "held_on": "02/03/2026",
        "participant_count": 5,
        "participant_roles": "3 AED, 1 CPE, 1 secrétaire",
    }
    data |= {f"q{q.pk}": 4 if q.family == "relations" else 2 for q in questions}
    response = client.post("/prevention/grille-rps/nouvelle/", data)
    grid = RpsGrid.objects.get()
    assert response["Location"] == f"/prevention/grille-rps/{grid.pk}/"
    assert "Rapports sociaux au travail" in client.get(response["Location"]).content.decode()
    client.post(f"/prevention/grille-rps/{grid.pk}/reporter/")
    lines = list(selectors.live_risks(organisation))
    assert [(r.danger_family, r.gollac_axis) for r in lines] == [("psychosocial", "relations")]


def test_default_work_units_and_a_split(client, adviser, organisation, school, root_unit):
    client.force_login(adviser)
    client.post("/prevention/unites-de-travail/par-defaut/")
    assert WorkUnit.objects.filter(organisation=organisation).count() == 2
    response = client.post(
        "/prevention/unites-de-travail/nouvelle/",
        {"name": "Vie scolaire du collège", "units": school.code, "active": "on"},
    )
    assert response.status_code == 302
    assert WorkUnit.objects.filter(units=school).count() == 2
    assert WorkUnit.objects.get(units=school, name="Collège Victor-Hugo").code == school.code
    suggestions = client.get(
        "/prevention/unites-de-travail/recherche/", {"q": "vie scolaire"}
    ).content.decode()
    split = WorkUnit.objects.get(name="Vie scolaire du collège")
    assert f'<option value="{split.code}">Vie scolaire du collège ({split.code})</option>' in suggestions
    response = client.post("/prevention/unites-de-travail/nouvelle/", {"name": "X", "units": "INCONNU"})
    assert "Unité « INCONNU » inconnue" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_programme_workflow_export_and_reassessment_email(
    client, smtp_server, organisation, adviser, staff_rep, manager, risk
):
    services.risk_update(risk=risk, by=adviser, owner=manager)
    client.force_login(adviser)
    year = timezone.localdate().year
    response = client.post(
        "/prevention/mesures/nouvelle/",
        {
            "title": "Panneaux acoustiques",
            "risks": [risk.pk],
            "due_date": f"30/06/{year}",
            "estimated_cost": "1500",
            "status": "planned",
            "target": "Moins de 70 dB",
        },
    )
    programme = Programme.objects.get()
    assert response["Location"] == f"/prevention/programmes/{programme.pk}/"
    assert (
        client.get(f"/prevention/programmes/{programme.pk}/export.pdf").status_code == 403
    )  # not adopted yet
    client.post(f"/prevention/programmes/{programme.pk}/soumettre/", {"meeting_date": f"15/01/{year}"})
    client.force_login(staff_rep)
    client.post(
        f"/prevention/programmes/{programme.pk}/avis/",
        {"opinion_text": "Avis favorable unanime.", "votes_for": 6, "votes_against": 0, "votes_abstain": 0},
    )
    client.force_login(adviser)
    assert (
        "ne peut pas être annulée"
        in client.get(f"/prevention/programmes/{programme.pk}/adopter/").content.decode()
    )
    client.post(f"/prevention/programmes/{programme.pk}/adopter/", {"confirm": "oui"})
    programme.refresh_from_db()
    assert programme.status == "adopted"
    odt = client.get(f"/prevention/programmes/{programme.pk}/export.odt")
    assert odt.status_code == 200 and odt.content[:2] == b"PK"
    text = str(load(io.BytesIO(odt.content)).text)
    assert f"PAPRIPACT – {organisation.name} – 01/01/{year} – 31/12/{year}" in text
    assert "Avis favorable unanime." in text

    from openpyxl import load_workbook

    xlsx = client.get(f"/prevention/programmes/{programme.pk}/export.xlsx").content
    cells = [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert (
        "Avis favorable unanime.\nPour : 6, contre : 0, abstentions : 0" in cells
        and "Panneaux acoustiques" in cells
    )

    measure = programme.organisation.prevention_measures.get()
    client.post(f"/prevention/mesures/{measure.pk}/realisee/", {"confirm": "oui"})
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == manager.email
    assert f"/prevention/risques/{risk.pk}/" in body_of(message)
    client.force_login(manager)
    assert "Panneaux acoustiques" in client.get("/prevention/a-reevaluer/").content.decode()
    client.post(
        f"/prevention/risques/{risk.pk}/evaluer/",
        {
            "method": "gf4",
            "gravity": 2,
            "frequency": 1,
            "evaluated_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert "Aucun risque à réévaluer" in client.get("/prevention/a-reevaluer/").content.decode()


def test_the_report_cannot_be_finalised_while_a_measure_lacks_its_reason(
    client, organisation, adviser, staff_rep
):
    year = timezone.localdate().year
    services.measure_create(
        organisation=organisation,
        by=adviser,
        title="Formation gestes et postures",
        due_date=datetime.date(year, 3, 1),
    )
    programme = services.programme_for_year(organisation=organisation, year=year, by=adviser)
    services.programme_submit(programme=programme, by=adviser, meeting_date=datetime.date(year, 1, 10))
    services.programme_record_opinion(
        programme=programme, by=staff_rep, text="Favorable", votes_for=1, votes_against=0, votes_abstain=0
    )
    services.programme_adopt(programme=programme, by=adviser)
    client.force_login(adviser)
    response = client.post(f"/prevention/programmes/{programme.pk}/bilan/", {"confirm": "oui"}, follow=True)
    assert (
        "Indiquez le motif de non-réalisation de ces mesures : « Formation gestes et postures »."
        in response.content.decode()
    )


def test_the_home_page_lists_the_risks_the_visitor_is_asked_to_reassess(
    client, organisation, adviser, manager, risk
):
    services.risk_update(risk=risk, by=adviser, owner=manager)
    measure = services.measure_create(
        organisation=organisation, by=adviser, title="Panneaux acoustiques", risks=[risk]
    )
    services.measure_complete(measure=measure, by=adviser)
    client.force_login(manager)
    page = client.get("/").content.decode()
    assert "Risques à réévaluer" in page and f"/prevention/risques/{risk.pk}/" in page
    client.force_login(adviser)
    assert "Risques à réévaluer" not in client.get("/").content.decode()


def test_the_adviser_configures_the_rps_grid_of_the_organisation(client, organisation, adviser):
    client.force_login(adviser)
    response = client.post(
        "/prevention/grille-rps/questions/",
        {"family": "hours", "text": "Les réunions ont-elles lieu après 18 heures ?"},
    )
    assert response.status_code == 302
    questions = selectors.rps_questions(organisation)
    assert len(questions) == 27 and questions[-1].text == "Les réunions ont-elles lieu après 18 heures ?"
    assert (
        "Votre organisation utilise sa propre grille : 27 questions actives."
        in client.get("/prevention/grille-rps/questions/").content.decode()
    )
    response = client.post("/prevention/grille-rps/questions/", {"family": "hours", "text": ""})
    assert "Ce champ est obligatoire." in response.content.decode()


def test_the_adviser_gets_the_unit_and_person_pickers_suggestions(
    client, organisation, root_unit, school, adviser, manager, staff_rep
):
    """The adviser has no column in the permission matrix (the administrator's stands for it): the pickers of the
    work unit, risk and measure forms suggest units and people to the whole-organisation adviser; an adviser of one
    subtree gets its units only and no people; a staff representative still gets neither."""
    units = reverse("organisations:unit_search", args=[organisation.slug])
    people = reverse("organisations:person_search", args=[organisation.slug])
    client.force_login(adviser)
    found = client.get(units, {"q": "Victor"})
    assert found.status_code == 200 and 'value="ECOLE1"' in found.content.decode()
    found = client.get(people, {"q": "encadrant"})
    assert found.status_code == 200 and f'value="{manager.email}"' in found.content.decode()

    other = UnitFactory(
        organisation=organisation, parent=root_unit, code="LYC2", name="Lycée Victor-Schœlcher"
    )
    local = _local_adviser(organisation, school)
    client.force_login(local)
    found = client.get(units, {"q": "Victor"}).content.decode()
    assert 'value="ECOLE1"' in found and f'value="{other.code}"' not in found
    assert client.get(people, {"q": "encadrant"}).status_code == 403

    client.force_login(staff_rep)
    assert client.get(units, {"q": "Victor"}).status_code == 403
    assert client.get(people, {"q": "encadrant"}).status_code == 403


def _local_adviser(organisation, unit):
    user = UserFactory(email="prevention-locale@test.fr")
    RoleGrantFactory(user=user, organisation=organisation, role="prevention_adviser", unit=unit)
    return user
