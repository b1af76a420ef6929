"""Every list page costs the same number of queries for N rows and for 2N rows (plans' own pages — overview,
calendar, my actions, action page — are in plans/tests/test_queries.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics.models import ResultSet
from coconstruction.models import WorkingGroup
from core.tests.factories import AxisFactory, PersonFactory, PlanFactory, RoleGrantFactory, UserFactory
from organisations.models import Person
from surveys.models import Campaign, CampaignStatus, Invitation, Item, Questionnaire

pytestmark = pytest.mark.django_db

N = 8


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _flat(client: Any, url: str, grow: Callable[[int], None]) -> None:
    grow(N)
    with_n = _count(client, url)
    grow(2 * N)
    with_2n = _count(client, url)
    assert with_2n == with_n, f"{url}: {with_n} queries for {N} rows, {with_2n} for {2 * N}"


def _questionnaire(organisation: Any, family: str, items: int) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        organisation=organisation, family=family, kind="barometer", title=f"Questionnaire {family}"
    )
    _items(questionnaire, items)
    return questionnaire


def _items(questionnaire: Questionnaire, total: int) -> None:
    start = questionnaire.items.count()
    Item.objects.bulk_create(
        Item(
            questionnaire=questionnaire,
            key=f"q{i}",
            position=i,
            block=f"Bloc {i // 5}",
            kind="agree5",
            text=f"Question {i}",
        )
        for i in range(start, total)
    )


def _campaigns(organisation: Any, questionnaire: Questionnaire, root: Any, total: int, **fields: Any) -> None:
    today = timezone.localdate()
    for i in range(Campaign.objects.filter(organisation=organisation).count(), total):
        campaign = Campaign.objects.create(
            organisation=organisation,
            questionnaire=questionnaire,
            title=f"Campagne {i}",
            opens_on=today - datetime.timedelta(days=i),
            closes_on=today + datetime.timedelta(days=21),
            **fields,
        )
        campaign.units.set([root])


def test_questionnaire_list(client, organisation, programme_lead):
    client.force_login(programme_lead)

    def grow(total: int) -> None:
        for i in range(Questionnaire.objects.filter(organisation=organisation).count(), total):
            _questionnaire(organisation, f"famille-{i}", 3)

    _flat(client, reverse("surveys:questionnaire_list"), grow)


@pytest.mark.parametrize("in_use", [False, True], ids=["draft", "in-use"])
def test_questionnaire_detail(client, organisation, root_unit, programme_lead, in_use):
    """It used to ask « is it in use? » once per question (41 of the page's 48 queries)."""
    client.force_login(programme_lead)
    questionnaire = _questionnaire(organisation, "barometre", 0)
    status = CampaignStatus.OPEN if in_use else CampaignStatus.DRAFT
    _campaigns(organisation, questionnaire, root_unit, 1, status=status)
    url = reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    _flat(client, url, lambda total: _items(questionnaire, total))
    assert ("ne peut plus être modifié" in client.get(url).content.decode()) is in_use


def test_campaign_list(client, organisation, root_unit, programme_lead):
    client.force_login(programme_lead)
    questionnaire = _questionnaire(organisation, "barometre", 3)
    _flat(
        client,
        reverse("surveys:index"),
        lambda total: _campaigns(organisation, questionnaire, root_unit, total),
    )


@pytest.mark.parametrize("role", ["programme_lead", "staff_rep", "agent"])
def test_results_index(client, organisation, root_unit, school, programme_lead, staff_rep, agent, role):
    """The programme lead reads every result set; the staff representative the organisation level of each; the
    agent that of the campaigns they were invited to."""
    client.force_login({"programme_lead": programme_lead, "staff_rep": staff_rep, "agent": agent}[role])
    questionnaire = _questionnaire(organisation, "barometre", 3)
    person = Person.objects.get(user=agent)

    def grow(total: int) -> None:
        _campaigns(organisation, questionnaire, root_unit, total, status=CampaignStatus.PUBLISHED)
        for campaign in Campaign.objects.filter(organisation=organisation, result_set__isnull=True):
            ResultSet.objects.create(
                campaign=campaign, built_on=timezone.localdate(), min_respondents=5, min_comments=10
            )
            Invitation.objects.create(campaign=campaign, person=person, unit=school, reporting_unit=school)

    url = reverse("analytics:index")
    _flat(client, url, grow)
    assert "Campagne 0" in client.get(url).content.decode()


def test_working_groups(client, organisation, school, programme_lead):
    client.force_login(programme_lead)
    plan = PlanFactory(organisation=organisation)
    axis = AxisFactory(plan=plan)

    def grow(total: int) -> None:
        for i in range(WorkingGroup.objects.filter(plan=plan).count(), total):
            group = WorkingGroup.objects.create(plan=plan, axis=axis, name=f"Groupe {i}")
            group.leads.add(PersonFactory(organisation=organisation, unit=school))
            group.members.add(*(PersonFactory(organisation=organisation, unit=school) for _ in range(2)))

    _flat(client, reverse("coconstruction:index"), grow)


def test_people_list(client, organisation, school, programme_lead):
    client.force_login(programme_lead)

    def grow(total: int) -> None:
        for _ in range(total - N if total > N else total):
            PersonFactory(organisation=organisation, unit=school, user=UserFactory())

    _flat(client, reverse("organisations:people", kwargs={"slug": organisation.slug}), grow)


def test_roles(client, organisation, school, programme_lead):
    client.force_login(programme_lead)

    def grow(total: int) -> None:
        for _ in range(total - N if total > N else total):
            RoleGrantFactory(user=UserFactory(), organisation=organisation, role="manager", unit=school)

    _flat(client, reverse("organisations:roles", kwargs={"slug": organisation.slug}), grow)
