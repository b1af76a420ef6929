"""A story prefilled in one step from a situation-problem of the field loop, once every step of its plan is done."""

import pytest
from django.urls import reverse

from field import services as field_services
from practices.models import Story, StoryStatus
from prevention.models import WorkUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation(organisation, school, programme_lead):
    work_unit = WorkUnit.objects.create(organisation=organisation, name="Collège Victor-Hugo")
    work_unit.units.add(school)
    situation = field_services.situation_create(
        organisation=organisation,
        by=programme_lead,
        work_unit=work_unit,
        title="Coordination du périscolaire",
        occurred="chaque soir à 16 h 30",
        place="cour et garderie",
        roles="animateurs, AED",
        what_happened="les consignes de sortie se contredisent",
        problem="deux équipes, deux listes d'élèves",
        consequences="élèves attendus au mauvais endroit",
    )
    field_services.cause_add(
        situation=situation,
        by=programme_lead,
        text="Pas de temps commun",
        axis="intensity",
        sub_factor="pace",
    )
    return situation


def _step(situation, by, status):
    return field_services.step_add(
        situation=situation,
        by=by,
        solution="Une liste unique d'élèves",
        owner="CPE",
        due_date=None,
        status=status,
    )


def test_a_closed_situation_problem_prefills_a_story_in_one_step(
    client, situation, programme_lead, network, membership
):
    step = _step(situation, programme_lead, "in_progress")
    client.force_login(programme_lead)
    url = reverse("practices:story_from_situation", args=[situation.pk])
    waiting = client.post(url).content.decode()
    assert "pas encore traitée" in waiting and not Story.objects.exists()

    field_services.step_set_status(step=step, by=programme_lead, status="done")
    response = client.post(url)
    story = Story.objects.get()
    assert response["Location"] == reverse("practices:story_edit", args=[story.pk])
    assert story.title == "Coordination du périscolaire" and story.status == StoryStatus.DRAFT
    assert "deux listes d'élèves" in story.context and "Une liste unique d'élèves (CPE)" in story.actions
    assert story.theme_codes == ["gollac:intensity"]
