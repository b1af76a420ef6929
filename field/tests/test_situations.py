"""Situation-problems: the method's template, causes on the Gollac axes, promotion to the register and programme."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.tests.factories import PersonFactory, UserFactory
from field import selectors, services
from field.gollac import SUB_FACTORS
from field.models import AfterActionReview, SituationProblem
from prevention.models import GollacAxis, Measure, Risk

pytestmark = pytest.mark.django_db

TEMPLATE = {
    "title": "Accueil saturé le lundi matin",
    "occurred": "chaque lundi, de 8 h à 10 h",
    "place": "banque d'accueil",
    "roles": "deux agents d'accueil, usagers",
    "what_happened": "une file de quarante personnes, des appels sans réponse",
    "problem": "l'accueil physique et téléphonique tombent sur les mêmes personnes",
    "consequences": "tensions avec le public, fatigue, erreurs de saisie",
    "coping": "on décroche moins le téléphone",
    "ideas": "séparer l'accueil téléphonique",
}


@pytest.fixture
def situation(organisation, work_unit, manager, space):
    return services.situation_create(
        organisation=organisation, by=manager, work_unit=work_unit, space=space, **TEMPLATE
    )


def test_every_gollac_axis_has_its_fixed_list_of_sub_factors():
    assert set(SUB_FACTORS) == set(GollacAxis.values)
    intensity = dict(SUB_FACTORS[GollacAxis.INTENSITY])
    assert {"pace", "objectives", "versatility", "contradictions", "interruptions"} <= set(intensity)


def test_a_cause_needs_a_sub_factor_of_its_axis(situation, manager):
    services.cause_add(
        situation=situation,
        by=manager,
        text="appels et visites en même temps",
        axis="intensity",
        sub_factor="interruptions",
    )
    with pytest.raises(ValidationError):
        services.cause_add(
            situation=situation, by=manager, text="x", axis="emotional", sub_factor="interruptions"
        )
    assert situation.causes.get().sub_factor_label == "Interruptions"


def test_promotion_creates_a_risk_and_a_measure_linked_both_ways(situation, manager, programme_lead, adviser):
    services.cause_add(
        situation=situation, by=manager, text="tout arrive en même temps", axis="intensity", sub_factor="pace"
    )
    services.cause_add(
        situation=situation, by=manager, text="usagers excédés", axis="emotional", sub_factor="public_contact"
    )
    services.cause_add(
        situation=situation, by=manager, text="interruptions", axis="intensity", sub_factor="interruptions"
    )
    for refused in (manager, programme_lead):  # the register's keeper writes to it
        with pytest.raises(PermissionDenied):
            services.situation_promote(situation=situation, by=refused, danger_family="psychosocial")
    risk, measure = services.situation_promote(
        situation=situation,
        by=adviser,
        danger_family="psychosocial",
        exposed_count=9,
        make_measure=True,
        measure_title="Séparer l'accueil téléphonique",
    )
    assert risk == Risk.objects.get() and measure == Measure.objects.get()
    assert risk.gollac_axis == GollacAxis.INTENSITY and risk.work_unit == situation.work_unit
    assert list(measure.risks.all()) == [risk]
    assert list(selectors.origins_of_risk(risk)) == [situation]
    assert list(risk.field_situations.all()) == [situation] and list(measure.field_situations.all()) == [
        situation
    ]


def test_the_promotion_page_asks_for_confirmation(situation, manager, adviser, client):
    services.cause_add(
        situation=situation, by=manager, text="tout en même temps", axis="intensity", sub_factor="pace"
    )
    client.force_login(adviser)
    url = reverse("field:situation_promote", args=[situation.pk])
    data = {
        "make_risk": "on",
        "danger_family": "psychosocial",
        "make_measure": "on",
        "measure_title": "Mesure",
    }
    page = client.post(url, data)
    assert (
        page.status_code == 200
        and "Cochez la confirmation" in page.content.decode()
        and not Risk.objects.exists()
    )
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    assert Risk.objects.count() == 1 and Measure.objects.count() == 1
    detail = client.get(reverse("field:situation", args=[situation.pk])).content.decode()
    assert "Mesure du PAPRIPACT :" in detail


def test_a_staff_name_in_the_template_is_flagged_before_saving(
    organisation, school, work_unit, manager, space, client
):
    PersonFactory(
        organisation=organisation,
        unit=school,
        user=UserFactory(first_name="Ermengarde", last_name="Quillévéré"),
    )
    client.force_login(manager)
    data = {**TEMPLATE, "work_unit": work_unit.pk, "what_happened": "Ermengarde n'a pas ouvert le guichet"}
    page = client.post(reverse("field:situation_create"), data)
    text = page.content.decode()
    assert page.status_code == 200 and "« Ermengarde »" in text and "Réécrivez sans nommer personne" in text
    assert not SituationProblem.objects.exists()
    rewritten = {**data, "what_happened": "le guichet n'a pas ouvert à l'heure"}
    assert client.post(reverse("field:situation_create"), rewritten).status_code == 302


def test_the_space_people_see_its_situation_and_an_agent_elsewhere_does_not(
    situation, agent, staff_rep, client
):
    client.force_login(agent)
    assert client.get(reverse("field:situation", args=[situation.pk])).status_code == 200
    assert client.post(reverse("field:cause_add", args=[situation.pk]), {}).status_code == 403
    client.force_login(staff_rep)
    assert client.get(reverse("field:situation", args=[situation.pk])).status_code == 403


def test_a_blame_free_review_is_shared_with_the_organisation(organisation, programme_lead, agent, client):
    review = services.review_create(
        organisation=organisation,
        by=programme_lead,
        subject="Coupure du réseau pendant les inscriptions",
        what_happened="le réseau est tombé deux heures",
        analysis="aucune procédure dégradée n'était prévue",
        lessons="prévoir des formulaires papier",
    )
    with pytest.raises(PermissionDenied):
        services.review_create(
            organisation=organisation, by=agent, subject="x", what_happened="x", analysis="x", lessons="x"
        )
    client.force_login(agent)
    assert "procédure dégradée" in client.get(reverse("field:review", args=[review.pk])).content.decode()
    assert AfterActionReview.objects.count() == 1


def test_the_template_is_completed_later_and_linked_to_plan_actions(situation, manager, action, client):
    client.force_login(manager)
    url = reverse("field:situation_edit", args=[situation.pk])
    data = {
        **TEMPLATE,
        "ideas": "prise de rendez-vous en ligne",
        "dimension": "conditions",
        "actions": [action.pk],
    }
    assert client.post(url, data).status_code == 302
    situation.refresh_from_db()
    assert situation.ideas == "prise de rendez-vous en ligne" and situation.dimension == "conditions"
    assert selectors.origins_of_action(action)["situations"] == [situation]
    page = client.get(reverse("field:situation", args=[situation.pk])).content.decode()
    assert "Conditions de travail" in page and reverse("plans:action", args=[action.pk]) in page


def test_a_line_of_the_action_plan_moves_to_done(situation, manager, agent, client):
    step = services.step_add(
        situation=situation,
        by=manager,
        solution="ligne dédiée le lundi",
        owner="chef de service",
        due_date=None,
        status="planned",
    )
    client.force_login(agent)
    url = reverse("field:step_status", args=[situation.pk])
    assert client.post(url, {"step": step.pk, "status": "done"}).status_code == 403
    client.force_login(manager)
    page = client.post(url, {"step": step.pk, "status": "done"}, follow=True)
    assert "Le statut de la ligne est modifié." in page.content.decode()
    step.refresh_from_db()
    assert step.status == "done"
