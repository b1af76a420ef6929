"""The barometer-dimension link of a proposal or a situation-problem goes to its unit's results for the
organisation's last published campaign, as far as the reader may read them, else to the results index."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.models import ResultSet
from field import services
from surveys.models import Campaign, CampaignStatus, Dimension, Questionnaire

pytestmark = pytest.mark.django_db


def _published(organisation, root_unit, title, days_ago, status=CampaignStatus.PUBLISHED):
    questionnaire, _ = Questionnaire.objects.get_or_create(
        organisation=organisation, family="barometre", kind="barometer", title="Baromètre"
    )
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organisation=organisation,
        questionnaire=questionnaire,
        title=title,
        opens_on=today - datetime.timedelta(days=days_ago + 30),
        closes_on=today - datetime.timedelta(days=days_ago + 10),
        status=status,
        published_at=timezone.now() - datetime.timedelta(days=days_ago)
        if status == CampaignStatus.PUBLISHED
        else None,
    )
    campaign.units.set([root_unit])
    ResultSet.objects.create(campaign=campaign, built_on=today, min_respondents=5, min_comments=10)
    return campaign


def test_the_dimension_link_goes_to_the_units_last_published_results(
    client, organisation, root_unit, school, space, work_unit, manager, agent
):
    dimension = Dimension.values[0]
    proposal = services.proposal_create(
        space=space, by=manager, title="Une salle calme", text="pour les pauses", dimension=dimension
    )
    situation = services.situation_create(
        organisation=organisation,
        by=manager,
        work_unit=work_unit,
        title="Pauses écourtées",
        occurred="midi",
        place="salle des personnels",
        roles="AED",
        what_happened="pas de pause",
        problem="pas de lieu calme",
        consequences="fatigue",
        dimension=dimension,
    )
    pages = [reverse("field:proposal", args=[proposal.pk]), reverse("field:situation", args=[situation.pk])]
    client.force_login(manager)
    index = f'href="{reverse("analytics:index")}"'
    assert all(index in client.get(url).content.decode() for url in pages)  # no published campaign yet

    _published(organisation, root_unit, "Baromètre 2024", days_ago=400)
    last = _published(organisation, root_unit, "Baromètre 2025", days_ago=30)
    _published(organisation, root_unit, "Baromètre 2026", days_ago=0, status=CampaignStatus.CLOSED)
    expected = f'href="{reverse("analytics:campaign", args=[last.pk])}?unite={school.pk}"'
    for url in pages:  # the manager of the school reads its results: the space's unit, the work unit's
        assert expected in client.get(url).content.decode(), url

    client.force_login(agent)  # a member of the space who may read no results: the index
    assert index in client.get(pages[0]).content.decode()
