"""The plan's indicators page, an indicator's page, creating and editing indicators, and what is due."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, IndicatorKind, Periodicity, ValueStatus
from indicators.selectors import values_due

pytestmark = pytest.mark.django_db

VALID = {
    "place": "axe-1",
    "name": "Lieux de ressourcement par entité",
    "kind": "follow_up",
    "unit": "lieux",
    "direction": "up",
    "baseline": "3",
    "baseline_year": "2023",
    "periodicity": "year",
    "owner": "",
    "source": "Rapports d'activité",
    "method": "Nombre de lieux ouverts rapporté au nombre d'entités.",
    "computation": "manual",
    "questionnaire": "",
    "source_key": "",
    "source_unit": "",
    "target_2024": "10",
    "target_2025": "15,5",
}


def test_programme_lead_creates_an_indicator_of_an_action_with_its_targets(
    client, plan, action, programme_lead, agent
):
    client.force_login(programme_lead)
    form = client.get(reverse("indicators:create", args=[plan.pk]), {"action": action.pk})
    assert form.status_code == 200 and "Cible 2024-2025" in form.content.decode()
    response = client.post(
        reverse("indicators:create", args=[plan.pk]),
        {**VALID, "place": str(action.pk), "owner": agent.email},
        follow=True,
    )
    indicator = Indicator.objects.get()
    assert (
        indicator.action_lineage == action.lineage and indicator.axis_number == 1 and indicator.owner == agent
    )
    assert {t.school_year: t.value for t in indicator.targets.all()} == {
        2024: Decimal(10),
        2025: Decimal("15.5"),
    }
    html = response.content.decode()
    assert "Indicateur créé." in html and "Rapports d" in html and "15,5 lieux" in html


def test_the_indicator_form_shows_french_field_errors(client, plan, axis, programme_lead):
    client.force_login(programme_lead)
    data = {
        **VALID,
        "name": "",
        "baseline": "trois",
        "computation": "barometer_dimension",
        "target_2024": "dix",
    }
    html = client.post(reverse("indicators:create", args=[plan.pk]), data).content.decode()
    assert "Donnez un intitulé à l&#x27;indicateur." in html or "Donnez un intitulé à l'indicateur." in html
    assert "Saisissez un nombre (par ex. 12 ou 12,5)." in html
    assert "Choisissez le questionnaire dont les campagnes donnent les valeurs." in html
    assert "Indiquez le code de la dimension ou de la question." in html
    assert not Indicator.objects.exists()


def test_programme_lead_edits_an_indicator_and_its_history_keeps_the_former_name(
    client, plan, indicator, programme_lead
):
    client.force_login(programme_lead)
    page = client.get(reverse("indicators:edit", args=[indicator.pk]))
    assert 'value="100,00"' in page.content.decode()  # the 2023-2024 target
    data = {
        **VALID,
        "place": "axe-1",
        "name": "Personnels formés à distance",
        "target_2023": "",
        "target_2024": "300",
    }
    client.post(reverse("indicators:edit", args=[indicator.pk]), data)
    indicator.refresh_from_db()
    assert indicator.name == "Personnels formés à distance" and indicator.action_lineage is None
    assert {t.school_year: t.value for t in indicator.targets.all()} == {
        2024: Decimal(300),
        2025: Decimal("15.5"),
    }
    assert list(indicator.history.values_list("name", flat=True))[-1] == "Personnels formés"


def test_the_plan_page_lists_indicators_by_axis_and_action_for_agents(
    client, plan, indicator, other_indicator, agent
):
    client.force_login(agent)
    html = client.get(reverse("indicators:plan", args=[plan.pk])).content.decode()
    assert "Axe 1 — Relations de travail" in html
    assert "Action 1.1 — Former à la relation à l" in html and "Personnels formés" in html
    assert "Ajouter un indicateur" not in html  # programme leads only


def test_agents_and_action_leads_cannot_create_indicators(client, plan, axis, agent, action_lead, outsider):
    for user, status in ((agent, 403), (action_lead, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(reverse("indicators:create", args=[plan.pk])).status_code == status


def test_values_due_lists_the_current_and_previous_periods_without_a_validated_value(
    plan, indicator, other_indicator, programme_lead, django_assert_num_queries
):
    other_indicator.periodicity = Periodicity.SEMESTER
    other_indicator.save()
    services.value_enter(
        indicator=indicator, plan=plan, by=programme_lead, school_year=2023, sub_period=1, value=Decimal(90)
    )
    with django_assert_num_queries(3):
        due = values_due(plan.organisation, datetime.date(2024, 10, 1))  # 2024-2025, first semester
    assert sorted((i.name, y, s) for i, y, s in due) == [
        ("Livrets d'accueil distribués", 2023, 2),
        ("Livrets d'accueil distribués", 2024, 1),
        ("Personnels formés", 2024, 1),
    ]
    services.value_enter(
        indicator=indicator, plan=plan, by=programme_lead, school_year=2024, sub_period=1, value=Decimal(200)
    )
    assert ("Personnels formés", 2024, 1) not in {
        (i.name, y, s) for i, y, s in values_due(plan.organisation, datetime.date(2024, 10, 1))
    }


def test_values_due_ignores_proposed_values_and_computed_indicators(
    plan, indicator, action_lead, programme_lead
):
    services.value_enter(
        indicator=indicator, plan=plan, by=action_lead, school_year=2024, sub_period=1, value=Decimal(1)
    )
    assert indicator.values.get().status == ValueStatus.PROPOSED
    due = {(i.pk, y) for i, y, _s in values_due(plan.organisation, datetime.date(2025, 1, 10))}
    assert (indicator.pk, 2024) in due
    services.indicator_create(
        plan=plan,
        by=programme_lead,
        axis_number=1,
        name="Actions en cours",
        kind=IndicatorKind.FOLLOW_UP,
        computation="actions_by_status",
        source_key="in_progress",
    )
    assert {i.name for i, _y, _s in values_due(plan.organisation, datetime.date(2025, 1, 10))} == {
        "Personnels formés"
    }


def test_the_plan_page_makes_the_same_number_of_queries_whatever_the_number_of_indicators(
    client, plan, axis, action, indicator, programme_lead
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("indicators:plan", args=[plan.pk])).status_code == 200
        return len(queries)

    client.force_login(programme_lead)
    services.value_enter(
        indicator=indicator, plan=plan, by=programme_lead, school_year=2023, sub_period=1, value=Decimal(1)
    )
    before = count()
    for n in range(6):
        more = services.indicator_create(
            plan=plan,
            by=programme_lead,
            axis_number=1,
            action_lineage=action.lineage if n % 2 else None,
            name=f"Indicateur {n}",
            kind=IndicatorKind.RESULT,
            targets={2023: Decimal(n)},
        )
        for year in (2023, 2024):
            services.value_enter(
                indicator=more, plan=plan, by=programme_lead, school_year=year, sub_period=1, value=Decimal(n)
            )
    assert count() == before


def test_programme_lead_deletes_an_indicator_without_values_after_confirming(
    client, plan, indicator, programme_lead
):
    client.force_login(programme_lead)
    url = reverse("indicators:delete", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert "seront supprimés définitivement" in page and "ne peut pas être annulée" in page
    assert Indicator.objects.filter(pk=indicator.pk).exists()  # asking is not deleting
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("indicators:plan", args=[plan.pk])
    assert "Indicateur « Personnels formés » supprimé." in response.content.decode()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_with_values_is_history_and_is_not_deleted(client, plan, indicator, programme_lead):
    services.value_enter(
        indicator=indicator, plan=plan, by=programme_lead, school_year=2023, sub_period=1, value=Decimal(80)
    )
    client.force_login(programme_lead)
    url = reverse("indicators:delete", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert "a déjà 1 valeur" in page and "Supprimer définitivement" not in page
    response = client.post(url)
    assert response.status_code == 400
    assert "ne peut pas être supprimé" in response.content.decode()
    assert indicator.values.count() == 1 and Indicator.objects.filter(pk=indicator.pk).exists()
