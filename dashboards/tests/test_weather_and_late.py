"""The weather an action's lead sets with each update, and late items flagged on the plan, action and calendar."""

import datetime

from django.urls import reverse

from plans import services
from plans.models import ActionStatus, Weather


def _page(client, user, name, pk):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_sets_the_weather_with_an_update_and_it_shows_as_pictogram_and_text(
    client, action, action_lead
):
    page = _page(client, action_lead, "plans:action", action.pk)
    assert "Météo de l&#x27;action" in page and "Météo non renseignée" in page
    response = client.post(
        reverse("plans:action", args=[action.pk]),
        {"text": "Deux sessions reportées.", "status": ActionStatus.IN_PROGRESS, "weather": Weather.AT_RISK},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.weather == Weather.AT_RISK
    assert action.updates.get().weather == Weather.AT_RISK
    page = _page(client, action_lead, "plans:action", action.pk)
    assert '<span aria-hidden="true">⛅&nbsp;</span>À surveiller' in page


def test_an_update_without_weather_keeps_the_current_one(action, action_lead):
    services.action_update_post(action=action, by=action_lead, text="Lancé.", weather=Weather.ON_TRACK)
    services.action_update_post(action=action, by=action_lead, text="Suite.")
    action.refresh_from_db()
    assert action.weather == Weather.ON_TRACK


def test_an_unknown_weather_is_refused_in_french(client, action, action_lead):
    client.force_login(action_lead)
    response = client.post(
        reverse("plans:action", args=[action.pk]), {"text": "x", "status": "in_progress", "weather": "soleil"}
    )
    assert response.status_code == 200
    assert "Choisissez une météo dans la liste." in response.content.decode()


def test_the_programme_lead_sees_the_update_form_on_any_action_and_posts(client, action, programme_lead):
    page = _page(client, programme_lead, "plans:action", action.pk)
    assert "Publier un point d'avancement" in page
    response = client.post(
        reverse("plans:action", args=[action.pk]),
        {
            "text": "Point du comité de pilotage.",
            "status": ActionStatus.DELAYED,
            "weather": Weather.OFF_TRACK,
        },
    )
    assert response.status_code == 302
    update = action.updates.get()
    assert update.author == programme_lead and update.weather == Weather.OFF_TRACK


def test_an_agent_sees_no_update_form(client, action, agent):
    assert "Publier un point d'avancement" not in _page(client, agent, "plans:action", action.pk)


def test_past_unmet_milestones_and_a_past_end_are_flagged_on_the_plan_page(client, action, agent):
    # Both milestones (2024 and 2025) are past and not reached, the end (June 2025) is past: the action is « En cours ».
    page = _page(client, agent, "plans:detail", action.plan.pk)
    row = page[page.index(">1.1</td>") : page.index("</tr>", page.index(">1.1</td>"))]
    assert "En cours" in row
    assert "2 jalons en retard" in row
    assert "En retard : fin prévue le 30/06/2025" in row


def test_a_reached_milestone_is_not_late(client, action, agent, programme_lead):
    first = action.milestones.order_by("due_date").first()
    services.milestone_update(milestone=first, by=programme_lead, done_on=datetime.date(2024, 3, 1))
    page = _page(client, agent, "plans:detail", action.plan.pk)
    assert "1 jalon en retard" in page


def test_a_done_action_is_not_late(client, action, agent, programme_lead):
    services.action_update(action=action, by=programme_lead, status=ActionStatus.DONE)
    page = _page(client, agent, "plans:detail", action.plan.pk)
    assert "fin prévue le" not in page


def test_the_action_page_flags_late_milestones_and_end(client, action, agent):
    page = _page(client, agent, "plans:action", action.pk)
    assert page.count("qv-late") == 3  # two milestones and the end date
    assert "En retard : fin prévue le 30/06/2025" in page


def test_the_calendar_marks_today_and_late_milestones(client, action, agent):
    from django.utils import timezone

    from plans.models import Plan

    Plan.objects.filter(pk=action.plan.pk).update(last_school_year=max(2026, timezone.localdate().year))
    page = _page(client, agent, "plans:calendar", action.plan.pk)
    assert "Aujourd'hui, " in page and "marquée « aujourd'hui »" in page
    assert page.count(">aujourd'hui</span></th>") == 1
    row = page[page.index(">1.1</a>") : page.index("</tr>", page.index(">1.1</a>"))]
    assert row.count("data-qv-today") == 1
    assert row.count("qv-late") == 2
