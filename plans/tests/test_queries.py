"""The overview and the action page cost the same number of queries for 20 or 60 actions (or updates)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.factories import UserFactory
from plans import services
from plans.models import Action, ActionUpdate, Axis, Milestone


def _grow_plan(plan, lead, count):
    """``count`` actions over 4 axes, each with a lead, a theme and a milestone."""
    theme = plan.themes.first()
    axes = [
        Axis.objects.get_or_create(plan=plan, number=n, defaults={"title": f"Axe {n}"})[0]
        for n in range(1, 5)
    ]
    start = Action.objects.filter(plan=plan).count()
    for i in range(start, count):
        action = Action.objects.create(
            plan=plan, axis=axes[i % 4], number=100 + i, title=f"Action {i}", progress=i
        )
        action.leads.add(lead, UserFactory())
        if theme:
            action.themes.add(theme)
        Milestone.objects.create(action=action, title=f"Jalon {i}", due_date=datetime.date(2024, 1, 1))


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["plans:detail", "plans:calendar"])
def test_plan_pages_queries_stay_flat_as_actions_grow(
    client, plan, themes, agent, action_lead, page, django_assert_max_num_queries
):
    client.force_login(agent)
    url = reverse(page, args=[plan.pk])
    _grow_plan(plan, action_lead, 20)
    with_20 = _count(client, url)
    _grow_plan(plan, action_lead, 60)
    with django_assert_max_num_queries(with_20):
        assert client.get(url).status_code == 200
    assert with_20 <= 20


def test_action_page_queries_stay_flat_as_updates_grow(
    client, action, action_lead, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def grow(count):
        for i in range(ActionUpdate.objects.count(), count):
            services.action_update_post(
                action=action,
                by=action_lead,
                text=f"Point {i}",
                progress=i,
                files=[SimpleUploadedFile(f"cr{i}.pdf", b"%PDF-1.4")],
            )
        for i in range(action.milestones.count(), count // 2):
            Milestone.objects.create(action=action, title=f"Jalon {i}", due_date=datetime.date(2024, 1, 1))

    client.force_login(action_lead)  # the lead also gets the update form
    url = reverse("plans:action", args=[action.pk])
    grow(20)
    with_20 = _count(client, url)
    grow(60)
    with django_assert_max_num_queries(with_20):
        assert client.get(url).status_code == 200


def test_my_actions_queries_stay_flat(client, plan, themes, action_lead, django_assert_max_num_queries):
    client.force_login(action_lead)
    url = reverse("plans:my_actions")
    _grow_plan(plan, action_lead, 20)
    with_20 = _count(client, url)
    _grow_plan(plan, action_lead, 60)
    with django_assert_max_num_queries(with_20):
        assert client.get(url).status_code == 200
