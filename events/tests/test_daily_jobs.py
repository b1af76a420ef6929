"""The reminder two days before (sent once) and the purge of registrants' data, counts kept."""

import datetime

import pytest
from django.utils import timezone

from core.models import Job
from core.tests.smtp import body_of
from events import selectors, services
from events.models import Registration
from events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_once_to_confirmed_people_two_days_before(
    organisation,
    programme_lead,
    agent,
    staff_rep,
    action_lead,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    event = make_event(organisation, programme_lead, capacity=2, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (agent, staff_rep, action_lead):  # the third waits
            services.register(event=event, user=user)
    before = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_queue_due() == []  # three days before: not yet
    now = event.starts_at - datetime.timedelta(days=2) + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        (job,) = services.reminders_queue_due(now=now)
        assert services.reminders_queue_due(now=now + datetime.timedelta(hours=1)) == []  # once
    reminders = smtp_server.messages[before:]
    assert sorted(m["To"] for m in reminders) == sorted([agent.email, staff_rep.email])
    assert all("/evenements/annulation/" in body_of(m) and "dans deux jours" in body_of(m) for m in reminders)
    job.refresh_from_db()
    assert job.status == "done" and job.done == 2 and Job.objects.filter(kind="event_reminder").count() == 1


def test_the_purge_deletes_registrants_after_the_retention_and_keeps_the_counts(
    organisation, programme_lead, agent, staff_rep, settings
):
    settings.QUALIVIE_EVENTS_RETENTION_DAYS = 30
    event = make_event(organisation, programme_lead, capacity=1)
    services.register(event=event, user=agent)
    services.register(event=event, user=staff_rep)
    services.attendance_set(event=event, present_ids={selectors.registration_of(agent, event).pk})
    figures = selectors.event_figures(event)
    assert services.purge_due(now=event.ends_at + datetime.timedelta(days=29)) == 0
    assert services.purge_due(now=event.ends_at + datetime.timedelta(days=31)) == 1
    event.refresh_from_db()
    assert not Registration.objects.filter(event=event).exists() and event.purged_at is not None
    assert (
        selectors.event_figures(event)
        == figures
        == {
            "registered": 1,
            "waiting": 1,
            "attended": 1,
            "satisfaction": None,
        }
    )
    assert services.purge_due(now=timezone.now() + datetime.timedelta(days=400)) == 0


def test_both_daily_jobs_are_registered_with_the_scheduler():
    from core.jobs import task_at
    from core.schedule import daily_jobs

    paths = {job.path for job in daily_jobs()}
    assert {"events.tasks.queue_due_reminders", "events.tasks.purge_personal_data"} <= paths
    for path in paths:
        task_at(path)  # each one a django-tasks task
