"""Entering values: proposed by action leads and owners, validated or sent back by the programme lead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, ValueStatus

pytestmark = pytest.mark.django_db


def enter(client, indicator, period="2023-1", value="120", comment="Deux sessions en mars."):
    return client.post(
        reverse("indicators:value_enter", args=[indicator.pk]),
        {"period": period, "value": value, "comment": comment},
        follow=True,
    )


def test_action_lead_proposes_a_value_that_waits_for_the_programme_lead(client, indicator, action_lead):
    client.force_login(action_lead)
    page = enter(client, indicator)
    html = page.content.decode()
    assert "Valeur proposée : le ou la pilote QVT la validera." in html
    assert "Deux sessions en mars." in html and "Proposée" in html
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.status == ValueStatus.PROPOSED and value.entered_by == action_lead


def test_agents_and_staff_reps_do_not_see_a_proposed_value(client, indicator, action_lead, agent, staff_rep):
    client.force_login(action_lead)
    enter(client, indicator, value="77")
    client.force_login(agent)
    html = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "77" not in html and "Aucune valeur pour le moment." in html
    client.force_login(staff_rep)  # reads the audit trail, as on the plan's history page
    html = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Historique des valeurs" in html


def test_programme_lead_validates_a_proposal_and_everyone_then_reads_it(
    client, indicator, action_lead, programme_lead, agent
):
    client.force_login(action_lead)
    enter(client, indicator, value="120")
    client.force_login(programme_lead)
    waiting = client.get(reverse("indicators:awaiting", args=[indicator_plan_pk(indicator)]))
    assert "Personnels formés" in waiting.content.decode()
    value = IndicatorValue.objects.get(indicator=indicator)
    done = client.post(reverse("indicators:value_validate", args=[value.pk]), follow=True)
    assert "Valeur validée" in done.content.decode()
    assert "attend de validation." in done.content.decode()
    client.force_login(agent)
    html = client.get(reverse("indicators:plan", args=[indicator_plan_pk(indicator)])).content.decode()
    assert "120 personnes" in html  # the last value on the plan's list, with its target 100: reached
    assert "Oui" in html


def indicator_plan_pk(indicator):
    from indicators.perms import plan_of

    return plan_of(indicator).pk


def test_a_returned_value_shows_its_reason_to_the_proposer_who_proposes_again(
    client, indicator, action_lead, programme_lead
):
    client.force_login(action_lead)
    enter(client, indicator, value="1200")
    value = IndicatorValue.objects.get(indicator=indicator)
    client.force_login(programme_lead)
    empty = client.post(reverse("indicators:value_return", args=[value.pk]), {"reason": ""})
    assert "Indiquez le motif du renvoi." in empty.content.decode()
    client.post(reverse("indicators:value_return", args=[value.pk]), {"reason": "Un zéro de trop ?"})
    client.force_login(action_lead)
    html = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Renvoyée" in html and "Un zéro de trop ?" in html
    enter(client, indicator, value="120", comment="Corrigé.")
    value.refresh_from_db()
    assert value.status == ValueStatus.PROPOSED and value.value == 120 and value.return_reason == ""
    statuses = list(value.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["proposed", "returned", "proposed"]
    client.force_login(programme_lead)
    history = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Un zéro de trop ?" in history  # the history keeps the reason after the new proposal


def test_programme_lead_enters_a_validated_value_directly(client, indicator, programme_lead):
    client.force_login(programme_lead)
    page = enter(client, indicator)
    assert "Valeur validée." in page.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator).status == ValueStatus.VALIDATED


def test_action_lead_cannot_change_a_validated_value(client, indicator, action_lead, programme_lead):
    client.force_login(programme_lead)
    enter(client, indicator, value="100")
    client.force_login(action_lead)
    page = enter(client, indicator, value="5")
    assert "seul·e le ou la pilote QVT peut la modifier" in page.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator).value == 100


def test_value_form_shows_french_errors(client, indicator, action_lead):
    client.force_login(action_lead)
    page = enter(client, indicator, period="2031-1", value="beaucoup")
    html = page.content.decode()
    assert "Saisissez un nombre (par ex. 12 ou 12,5)." in html
    assert "Choisissez une période de la liste." in html
    assert not IndicatorValue.objects.exists()


def test_action_lead_enters_values_only_for_their_own_actions(client, other_indicator, action_lead):
    client.force_login(action_lead)
    assert client.get(reverse("indicators:value_enter", args=[other_indicator.pk])).status_code == 403


def test_the_owner_of_an_indicator_proposes_its_values(client, other_indicator, agent):
    other_indicator.owner = agent
    other_indicator.save()
    client.force_login(agent)
    enter(client, other_indicator, value="12")
    assert IndicatorValue.objects.get(indicator=other_indicator).status == ValueStatus.PROPOSED


def test_outsider_gets_404_and_agent_403_on_the_review_pages(client, indicator, action_lead, agent, outsider):
    client.force_login(action_lead)
    enter(client, indicator)
    value = IndicatorValue.objects.get(indicator=indicator)
    client.force_login(agent)
    assert client.post(reverse("indicators:value_validate", args=[value.pk])).status_code == 403
    client.force_login(outsider)
    assert client.post(reverse("indicators:value_validate", args=[value.pk])).status_code == 404
    assert client.get(reverse("indicators:detail", args=[indicator.pk])).status_code == 404
