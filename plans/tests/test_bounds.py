"""Bounded, governable content: text lengths, plan years, consistent dates; the calendar never fails."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.limits import LONG_TEXT, PLAN_TEXT, UPDATE_TEXT
from plans import services
from plans.forms import ActionForm, ActionUpdateForm, MilestoneForm, PlanForm
from plans.models import Milestone, Plan

pytestmark = pytest.mark.django_db


# --- Text lengths ---


def test_a_progress_update_longer_than_the_limit_is_refused_by_the_form_and_the_service(action, action_lead):
    form = ActionUpdateForm({"text": "x" * (UPDATE_TEXT + 1), "status": action.status}, action=action)
    assert not form.is_valid() and "text" in form.errors
    with pytest.raises(ValidationError) as error:
        services.action_update_post(action=action, by=action_lead, text="x" * 200_000)
    assert "text" in error.value.message_dict
    assert not action.updates.exists()
    services.action_update_post(action=action, by=action_lead, text="x" * UPDATE_TEXT)


def test_the_update_textarea_has_a_maxlength_a_help_text_and_a_counter_hook(action):
    html = str(ActionUpdateForm(action=action)["text"])
    assert f'maxlength="{UPDATE_TEXT}"' in html and "data-qv-counter" in html
    page = ActionUpdateForm(action=action).as_div()
    assert "5\xa0000 caractères au plus." in page


def test_long_action_sheet_sections_and_plan_texts_are_bounded_in_the_service(plan, axis, programme_lead):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            plan=plan,
            axis=axis,
            by=programme_lead,
            number=9,
            title="Trop long",
            context="x" * (LONG_TEXT + 1),
        )
    assert "context" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, by=programme_lead, summary="x" * (PLAN_TEXT + 1))
    with pytest.raises(ValidationError):
        services.axis_update(axis=axis, by=programme_lead, objective="x" * (PLAN_TEXT + 1))


def test_action_form_refuses_a_section_over_the_limit(plan, axis):
    data = {"axis": axis.pk, "number": 5, "title": "Action", "status": "planned", "progress": 0}
    form = ActionForm({**data, "concrete_actions": "x" * (LONG_TEXT + 1)}, plan=plan)
    assert not form.is_valid() and "concrete_actions" in form.errors


def test_the_api_schema_bounds_the_update_text(client, action, action_lead):
    from api.schemas import ActionUpdateIn

    schema = ActionUpdateIn.model_json_schema()
    assert schema["properties"]["text"]["maxLength"] == UPDATE_TEXT
    client.force_login(action_lead)
    url = reverse("api:action_update_create", kwargs={"id": action.pk})
    response = client.post(url, {"text": "x" * 200_000}, content_type="application/json")
    assert response.status_code == 422
    assert not action.updates.exists()


# --- Plan years ---


@pytest.mark.parametrize(
    ("first", "last"),
    [(0, 99999), (1999, 2003), (2023, 2101), (2023, 2033), (2026, 2024)],
)
def test_plan_years_are_bounded_in_the_form_and_the_service(organisation, programme_lead, first, last):
    form = PlanForm(
        {"title": "Plan", "first_school_year": first, "last_school_year": last},
        instance=Plan(organisation=organisation),
    )
    assert not form.is_valid()
    with pytest.raises(ValidationError):
        services.plan_create(
            organisation=organisation,
            by=programme_lead,
            title="Plan",
            first_school_year=first,
            last_school_year=last,
        )


def test_a_ten_year_plan_is_accepted(organisation, programme_lead):
    plan = services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan",
        first_school_year=2023,
        last_school_year=2032,
    )
    assert len(plan.school_years) == 10


def test_the_calendar_answers_on_odd_data_stored_before_the_bounds(client, plan, action, programme_lead):
    Plan.objects.filter(pk=plan.pk).update(
        first_school_year=0, last_school_year=32767
    )  # the largest a small integer holds
    Milestone.objects.filter(action=action).update(due_date=datetime.date(9999, 12, 31))
    client.force_login(programme_lead)
    response = client.get(reverse("plans:calendar", args=[plan.pk]))
    assert response.status_code == 200


# --- Dates ---


def test_a_milestone_cannot_be_reached_in_the_future_nor_before_the_plan_starts(action, programme_lead):
    milestone = action.milestones.first()
    future = timezone.localdate() + datetime.timedelta(days=1)
    for done_on in (future, datetime.date(2020, 1, 1)):
        form = MilestoneForm(
            {"title": milestone.title, "due_date": "2024-03-15", "done_on": done_on.isoformat()},
            instance=milestone,
        )
        assert not form.is_valid() and "done_on" in form.errors
        with pytest.raises(ValidationError):
            services.milestone_update(milestone=milestone, by=programme_lead, done_on=done_on)
    services.milestone_update(milestone=milestone, by=programme_lead, done_on=datetime.date(2023, 9, 1))


def test_action_end_cannot_precede_its_start_in_the_service(action, programme_lead):
    with pytest.raises(ValidationError) as error:
        services.action_update(
            action=action,
            by=programme_lead,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2024, 1, 1),
        )
    assert "end_date" in error.value.message_dict
