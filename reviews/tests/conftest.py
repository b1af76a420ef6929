"""A small plan with two actions, a staff representative in the working group, and an open review."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from plans import services as plan_services
from plans.models import ActionStatus
from reviews import services


@pytest.fixture
def generate(settings, django_capture_on_commit_callbacks):
    """Generate the documents as the worker would: the job runs once the request's transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def run(review, by):
        with django_capture_on_commit_callbacks(execute=True):
            return services.generation_start(review=review, by=by)

    return run


@pytest.fixture
def plan(organisation, programme_lead):
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan QVT 2023-2027",
        first_school_year=2023,
        last_school_year=2026,
    )
    axis = plan_services.axis_create(plan=plan, by=programme_lead, number=1, title="Relations inclusives")
    first = plan_services.action_create(
        plan=plan, axis=axis, by=programme_lead, number=1, title="Former à l'accueil"
    )
    plan_services.action_create(
        plan=plan, axis=axis, by=programme_lead, number=2, title="Parrainer les nouveaux"
    )
    plan_services.action_update_post(
        action=first, by=programme_lead, text="Module validé.", status=ActionStatus.IN_PROGRESS, progress=30
    )
    return plan


@pytest.fixture
def review(organisation, plan, programme_lead, staff_rep):
    today = timezone.localdate()
    review = services.review_create(
        organisation=organisation,
        plan=plan,
        school_year=2025,
        title="Bilan 2025-2026",
        consultation_opens_on=today - datetime.timedelta(days=1),
        consultation_closes_on=today + datetime.timedelta(days=14),
        by=programme_lead,
    )
    services.member_add(review=review, user=staff_rep, body="CSA", union="FSU")
    return review
