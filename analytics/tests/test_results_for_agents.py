"""Agents read the organisation-level results of the barometer they were invited to, once published; staff
representatives follow participation at the organisation level."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics.tests.test_results_world import build_world
from core.tests.factories import PersonFactory, UserFactory
from surveys.models import Campaign, CampaignStatus, Invitation, InvitationKey
from surveys.services import campaign_publish

pytestmark = pytest.mark.django_db


def results(client, campaign, **params):
    return client.get(reverse("analytics:campaign", args=[campaign.pk]), params)


def test_an_invited_agent_reads_the_published_organisation_level_only(
    client, agent, organisation, root_unit, school, programme_lead
):
    world = build_world(organisation, root_unit, school, programme_lead, publish=False)
    invitation = Invitation.objects.get(campaign=world.campaign, person__user=agent)
    assert not InvitationKey.objects.filter(
        pk=invitation.pk
    ).exists()  # erased at close: the invitation counts
    client.force_login(agent)
    assert results(client, world.campaign).status_code == 404  # closed, not yet published
    campaign_publish(campaign=world.campaign, by=programme_lead)
    response = results(client, world.campaign)
    assert response.status_code == 200 and response.context["unit"] == root_unit
    assert [u.pk for u in response.context["units"]] == [root_unit.pk]
    assert response.context["heatmap"]["rows"] == []  # no sub-unit figures
    assert "Collège Victor-Hugo" not in response.content.decode()
    assert results(client, world.campaign, unite=school.pk).status_code == 404
    assert world.campaign.title in client.get(reverse("analytics:index")).content.decode()
    api = client.get(reverse("api:campaign_results", kwargs={"id": world.campaign.pk}))
    assert api.status_code == 200
    assert (
        client.get(
            reverse("api:campaign_results", kwargs={"id": world.campaign.pk}), {"unit": school.pk}
        ).status_code
        == 404
    )


def test_a_person_who_was_not_invited_reads_nothing(client, organisation, root_unit, school, programme_lead):
    world = build_world(organisation, root_unit, school, programme_lead)
    newcomer = PersonFactory(
        organisation=organisation, unit=school, user=UserFactory(email="nouveau@test.fr")
    )
    client.force_login(newcomer.user)
    assert results(client, world.campaign).status_code == 404
    assert world.campaign.title not in client.get(reverse("analytics:index")).content.decode()


def test_the_campaign_can_keep_its_results_from_agents(
    client, agent, organisation, root_unit, school, programme_lead
):
    world = build_world(organisation, root_unit, school, programme_lead)
    Campaign.objects.filter(pk=world.campaign.pk).update(results_shared_with_staff=False)
    client.force_login(agent)
    assert results(client, world.campaign).status_code == 404


def test_staff_rep_follows_participation_at_the_organisation_level(
    client, staff_rep, organisation, root_unit, school, programme_lead
):
    world = build_world(organisation, root_unit, school, programme_lead)
    assert world.campaign.status == CampaignStatus.PUBLISHED
    client.force_login(staff_rep)
    response = client.get(reverse("participation:campaign", args=[world.campaign.pk]))
    assert response.status_code == 200 and response.context["state"] == "results"
    assert [row["unit_id"] for row in response.context["rows"]] == [root_unit.pk]
