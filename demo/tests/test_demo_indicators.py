"""The demo plan's indicators: every one the source lists, believable values, and the barometer's own figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from analytics.selectors import result_for
from demo.indicators_demo import INDICATORS, RETURNED
from indicators.models import Computation, Indicator, IndicatorKind, IndicatorValue, ValueStatus
from organisations.models import Unit
from plans.models import Plan
from surveys.models import Campaign

pytestmark = pytest.mark.django_db

# The source's list (« Les indicateurs de suivi (*) et de résultats »): follow-up ones end with a star there.
SOURCE_FOLLOW_UP = {
    "Niveau de déploiement des informations",
    "Mise en œuvre effective du nouveau cadre de gestion",
    "Rapports d'activité des services concernés",
    "Nombre d'agents à la formation",
    "Mise en œuvre de module de formation",
}
SOURCE_RESULT = {
    "Enquête auprès des personnels de direction",
    "Enquête ciblée sur les nouveaux arrivants",
    "Évaluation des formations suivies",
    "Nombre de projets financés",
}


def _plan(org):
    return Plan.objects.get(organisation=org)


def test_every_axis_has_the_indicators_of_the_source_follow_up_ones_marked(demo):
    indicators = list(Indicator.objects.filter(plan_lineage=_plan(demo).lineage))
    assert len(indicators) == len(INDICATORS) + 1  # and the barometer's participation
    by_name = {i.name: i for i in indicators}
    assert all(by_name[name].kind == IndicatorKind.FOLLOW_UP for name in SOURCE_FOLLOW_UP)
    assert all(by_name[name].kind == IndicatorKind.RESULT for name in SOURCE_RESULT)
    assert {i.axis_number for i in indicators} == {1, 2, 3, 4}
    barometers = [i for i in indicators if i.name.startswith("Baromètre annuel")]
    assert {i.axis_number for i in barometers} == {1, 2, 3}  # as the source lists it: axes 1 to 3


def test_manual_indicators_have_validated_values_for_two_years_and_a_few_wait_for_validation(demo):
    manual = Indicator.objects.filter(organisation=demo, computation=Computation.MANUAL)
    for indicator in manual:
        validated = set(
            indicator.values.filter(status=ValueStatus.VALIDATED).values_list("school_year", flat=True)
        )
        assert validated == {2023, 2024}, indicator.name
    proposed = IndicatorValue.objects.filter(indicator__organisation=demo, status=ValueStatus.PROPOSED)
    assert 3 <= proposed.count() <= 12
    returned = IndicatorValue.objects.get(indicator__organisation=demo, status=ValueStatus.RETURNED)
    assert returned.return_reason == RETURNED[1]


def test_barometer_indicators_are_the_results_of_the_2024_and_2025_campaigns(demo):
    root = Unit.objects.get(organisation=demo, parent=None)
    indicator = Indicator.objects.get(organisation=demo, source_key="relations")
    values = {v.school_year: v for v in indicator.values.all()}
    assert set(values) == {2023, 2024}
    for year, title in ((2023, "Baromètre QVT 2024"), (2024, "Baromètre QVT 2025")):
        campaign = Campaign.objects.get(organisation=demo, title=title)
        figures = result_for(result_set=campaign.result_set, unit=root)
        relations = next(d for d in figures["dimensions"] if d["code"] == "relations")
        assert values[year].source_campaign == campaign
        assert float(values[year].value) == pytest.approx(relations["pct_favourable"], abs=0.01)


def test_the_programme_lead_sees_the_values_waiting_for_validation(demo, client):
    client.force_login(User.objects.get(email="pilote@demo.qualivie.fr"))
    plan = _plan(demo)
    page = client.get(reverse("indicators:plan", args=[plan.pk])).content.decode()
    assert "Baromètre annuel" in page and "Mise en œuvre d&#x27;un module de formation" in page
    waiting = client.get(reverse("indicators:awaiting", args=[plan.pk])).content.decode()
    assert "Chiffre provisoire, à confirmer au bilan annuel." in waiting
