"""The daily scheduler (core.schedule) and its first job, the purge of expired sessions: given times, no sleep."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from core import schedule
from core.models import ScheduledRun
from core.tasks import purge_expired_sessions

PARIS = ZoneInfo("Europe/Paris")
CALLS: list[str] = []


@task()
def record_call() -> None:
    CALLS.append("ran")


def paris(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


PURGE = schedule.DailyJob(at=datetime.time(3, 0), path="core.tasks.purge_expired_sessions")


@pytest.fixture
def inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.QUALIVIE_DAILY_JOBS = [("03:00", "core.tests.test_schedule.record_call")]
    CALLS.clear()


def test_the_default_registry_purges_sessions_refreshes_participation_and_sends_due_invitations():
    jobs = schedule.daily_jobs()
    assert PURGE in jobs
    assert schedule.DailyJob(at=datetime.time(6, 0), path="surveys.tasks.refresh_open_participation") in jobs
    assert schedule.DailyJob(at=datetime.time(7, 0), path="surveys.tasks.send_due_invitations") in jobs


def test_a_job_is_not_due_before_its_time_in_paris():
    assert schedule.due_jobs([PURGE], paris(10, 2, 59), {}) == []


def test_a_job_is_due_at_its_time_and_later_the_same_day_when_it_has_not_run():
    assert schedule.due_jobs([PURGE], paris(10, 3, 0), {}) == [PURGE]
    assert schedule.due_jobs([PURGE], paris(10, 17, 30), {PURGE.path: datetime.date(2026, 3, 9)}) == [PURGE]


def test_a_job_that_ran_today_is_not_due_again_until_tomorrow_at_its_time():
    ran = {PURGE.path: datetime.date(2026, 3, 10)}
    assert schedule.due_jobs([PURGE], paris(10, 23, 59), ran) == []
    assert schedule.due_jobs([PURGE], paris(11, 2, 0), ran) == []
    assert schedule.due_jobs([PURGE], paris(11, 3, 0), ran) == [PURGE]


def test_the_day_and_hour_are_those_of_paris_not_utc():
    # 02:30 UTC on 29 March 2026 is 04:30 in Paris (summer time): due; 01:30 UTC the day before is 02:30: not due.
    utc = datetime.UTC
    assert schedule.due_jobs([PURGE], datetime.datetime(2026, 3, 29, 2, 30, tzinfo=utc), {}) == [PURGE]
    assert schedule.due_jobs([PURGE], datetime.datetime(2026, 3, 28, 1, 30, tzinfo=utc), {}) == []
    # 23:30 UTC on 10 March is 00:30 on 11 March in Paris: a run recorded on 10 March is from "yesterday".
    late = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=utc)
    assert schedule.due_jobs(
        [schedule.DailyJob(datetime.time(0, 0), "x")], late, {"x": datetime.date(2026, 3, 10)}
    )


@pytest.mark.django_db
def test_run_due_jobs_enqueues_once_per_day_and_records_the_paris_day(inline_tasks):
    assert schedule.run_due_jobs(paris(10, 2, 0)) == []
    assert schedule.run_due_jobs(paris(10, 3, 1)) == ["core.tests.test_schedule.record_call"]
    assert schedule.run_due_jobs(paris(10, 3, 2)) == []
    assert schedule.run_due_jobs(paris(10, 22, 0)) == []
    assert CALLS == ["ran"]
    assert ScheduledRun.objects.get().last_run_on == datetime.date(2026, 3, 10)
    assert schedule.run_due_jobs(paris(11, 3, 0)) == ["core.tests.test_schedule.record_call"]
    assert CALLS == ["ran", "ran"]
    assert ScheduledRun.objects.get().last_run_on == datetime.date(2026, 3, 11)


@pytest.mark.django_db
def test_the_command_runs_due_jobs_once(inline_tasks, settings):
    settings.QUALIVIE_DAILY_JOBS = [("00:00", "core.tests.test_schedule.record_call")]  # always due today
    ScheduledRun.objects.create(
        name="core.tests.test_schedule.record_call", last_run_on=datetime.date(2000, 1, 1)
    )
    call_command("run_daily_jobs")
    call_command("run_daily_jobs")
    assert CALLS == ["ran"]


@pytest.mark.parametrize(
    "jobs",
    [
        [("3h", "core.tasks.purge_expired_sessions")],
        [("24:00", "a.b")],
        [("03:00",)],
        [("03:00", "a"), ("04:00", "a")],
    ],
)
def test_a_malformed_registry_fails_loudly(settings, jobs):
    settings.QUALIVIE_DAILY_JOBS = jobs
    with pytest.raises(ImproperlyConfigured):
        schedule.daily_jobs()


@pytest.mark.django_db
def test_the_purge_deletes_expired_sessions_and_keeps_live_ones(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    expired, live = SessionStore(), SessionStore()
    for store in (expired, live):
        store["x"] = 1
        store.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    purge_expired_sessions.enqueue()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
