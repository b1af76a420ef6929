"""The participation page after close: read from the built results only, under their disclosure mask.

World (analytics/tests/test_results_world.py): Rectorat → Collège Victor-Hugo (12 respondents),
Lycée Pasteur (10 invited, 10 respondents), Petit collège (6 / 3), plus here an Infirmerie of 2 people under the collège, whose
invitees are reported with the collège at opening (too few to be a group of their own).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics import services as analytics_services
from analytics.tests.test_results_world import (
    answers,
    make_questionnaire,
    make_tree,
    run_campaign,
    standard_responses,
)
from core.tests.factories import PersonFactory, UnitFactory
from organisations.models import Unit
from surveys import services as survey_services
from surveys.models import InvitationKey

pytestmark = pytest.mark.django_db


def participation_rows(html: str) -> dict[str, str]:
    """Unit name → the text of its figures, as a reader of the participation table sees it."""
    rows = re.findall(r'<tr data-unit="\d+"><th[^>]*>(.*?)</th>(.*?)</tr>', html, re.S)
    return {name.strip(): " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for name, rest in rows}


def heatmap_rows(html: str) -> dict[str, str]:
    table = html.split("qv-heatmap", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
    return {name.strip(): " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for name, rest in rows}


@pytest.fixture
def closed(organisation, root_unit, school, programme_lead):
    """The results world, closed, results not built yet (so not published: publishing needs built results)."""
    questionnaire = make_questionnaire(organisation)
    lycee, tiny = make_tree(organisation, root_unit, school)
    infirmary = UnitFactory(organisation=organisation, parent=school, code="INF", name="Infirmerie")
    for _ in range(2):
        PersonFactory(organisation=organisation, unit=infirmary, user=None, email="")
    campaign = run_campaign(
        organisation,
        questionnaire,
        root_unit,
        programme_lead,
        standard_responses(school, lycee, tiny),
        build=False,
        publish=False,
    )
    return campaign


def url(campaign) -> str:
    return reverse("participation:campaign", args=[campaign.pk])


def test_the_page_keeps_its_url():
    assert url(type("C", (), {"pk": 7})) == "/barometre/campagnes/7/participation/"


def test_closed_campaign_says_figures_come_with_the_results_then_shows_the_results_counts(
    client, closed, programme_lead
):
    client.force_login(programme_lead)
    html = client.get(url(closed)).content.decode()
    assert "seront disponibles une fois les résultats calculés" in html
    assert participation_rows(html) == {}
    analytics_services.results_build(campaign=closed)
    # close erases who answered (another part of this issue): the page must not depend on it
    assert not InvitationKey.objects.filter(campaign=closed).exists()
    rows = participation_rows(client.get(url(closed)).content.decode())
    assert rows == {
        "Rectorat": "25 / 32 78 %",  # the programme lead is invited at the rectorat
        "Collège Victor-Hugo": "12 / 15 80 %",
        "Infirmerie": "déclarée avec Collège Victor-Hugo",
        "Lycée Pasteur": "—",
        "Petit collège": "—",
    }


def test_attack_participation_does_not_undo_complementary_suppression(client, closed, programme_lead):
    """The results hide the lycée (10) so that Rectorat 25 − collège 12 cannot give the petit collège's 3.
    The previous page showed the lycée's rate in 5 % steps (10 / 10 → 100 %, an exact count): 25 − 12 − 10
    = 3. Now no unit shows a respondent count or rate that the results suppress."""
    analytics_services.results_build(campaign=closed)
    client.force_login(programme_lead)
    rows = participation_rows(client.get(url(closed)).content.decode())
    assert rows["Lycée Pasteur"] == "—" and rows["Petit collège"] == "—"
    assert not re.search(r"\d", rows["Lycée Pasteur"] + rows["Petit collège"])


def test_results_pages_show_reported_with_instead_of_zero_respondents(client, closed, programme_lead):
    analytics_services.results_build(campaign=closed)
    client.force_login(programme_lead)
    school = Unit.objects.get(name="Collège Victor-Hugo")
    html = client.get(reverse("analytics:campaign", args=[closed.pk]), {"unite": school.pk}).content.decode()
    assert heatmap_rows(html) == {"Infirmerie": "déclarée avec Collège Victor-Hugo"}
    infirmary = Unit.objects.get(name="Infirmerie")
    own = client.get(
        reverse("analytics:campaign", args=[closed.pk]), {"unite": infirmary.pk}
    ).content.decode()
    assert "déclarée avec Collège Victor-Hugo" in own


def test_managers_wait_for_publication_like_the_results(
    client, organisation, root_unit, school, programme_lead, manager
):
    questionnaire = make_questionnaire(organisation)
    lycee, tiny = make_tree(organisation, root_unit, school)
    campaign = run_campaign(
        organisation,
        questionnaire,
        root_unit,
        programme_lead,
        standard_responses(school, lycee, tiny),
        publish=False,
    )
    client.force_login(manager)
    html = client.get(url(campaign)).content.decode()
    assert "à la publication des résultats" in html and participation_rows(html) == {}
    client.force_login(programme_lead)
    assert (
        participation_rows(client.get(url(campaign)).content.decode())["Collège Victor-Hugo"]
        == "12 / 14 86 %"  # the manager works at the collège
    )


def test_manager_sees_only_their_subtree_after_publication(client, closed, manager, programme_lead):
    analytics_services.results_build(campaign=closed)
    survey_services.campaign_publish(campaign=closed, by=programme_lead)
    client.force_login(manager)
    rows = participation_rows(client.get(url(closed)).content.decode())
    assert set(rows) == {"Collège Victor-Hugo", "Infirmerie"}


def test_query_count_does_not_grow_with_the_number_of_units(client, closed, programme_lead, organisation):
    analytics_services.results_build(campaign=closed)
    school = Unit.objects.get(name="Collège Victor-Hugo")
    for i in range(12):  # a later campaign over a larger tree: 12 more services of 5 people
        unit = UnitFactory(organisation=organisation, parent=school, code=f"S{i}", name=f"Service {i}")
        for _ in range(5):
            PersonFactory(organisation=organisation, unit=unit, user=None, email="")
    responses = [
        (unit, "F", answers(4, 2, 7)) for unit in Unit.objects.filter(code__startswith="S") for _ in range(5)
    ]
    larger = run_campaign(
        organisation,
        closed.questionnaire,
        closed.units.get(),
        programme_lead,
        responses,
        title="Baromètre 2027",
    )
    client.force_login(programme_lead)
    client.get(url(closed))  # warm the session and the organisation
    with CaptureQueriesContext(connection) as few:
        small_rows = participation_rows(client.get(url(closed)).content.decode())
    with CaptureQueriesContext(connection) as many:
        large_rows = participation_rows(client.get(url(larger)).content.decode())
    assert len(large_rows) >= len(small_rows) + 12
    assert len(many) == len(few)
