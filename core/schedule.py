"""A small daily scheduler: each job of ``settings.QUALIVIE_DAILY_JOBS`` is enqueued once per day, at or after
its time (Europe/Paris).

``QUALIVIE_DAILY_JOBS`` is a list of ``("HH:MM", "dotted.path.to.a_django_tasks_task")``. ``run_due_jobs`` is
called every minute by ``make run`` (``manage.py run_daily_jobs --every 60`` next to the worker) and by a cron
line in production (docs/deploy.md). A job missed at its time (server down) is enqueued at the next call of the
same day; a job never runs twice on one day, even with several schedulers, thanks to ``core.ScheduledRun``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from core.jobs import task_at

PARIS = ZoneInfo("Europe/Paris")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class DailyJob:
    at: datetime.time
    path: str  # dotted path of a django-tasks task; also the job's name in core.ScheduledRun


def daily_jobs() -> list[DailyJob]:
    """The registry, read from the setting; a malformed entry fails loudly."""
    jobs = []
    seen = set()
    for entry in getattr(settings, "QUALIVIE_DAILY_JOBS", []):
        try:
            at, path = entry
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"QUALIVIE_DAILY_JOBS: ('HH:MM', 'dotted.path') expected, got {entry!r}"
            ) from exc
        match = _HHMM.match(str(at))
        if not match:
            raise ImproperlyConfigured(f"QUALIVIE_DAILY_JOBS: {at!r} is not a time HH:MM (for {path})")
        if path in seen:
            raise ImproperlyConfigured(f"QUALIVIE_DAILY_JOBS: {path} is registered twice")
        seen.add(path)
        jobs.append(DailyJob(at=datetime.time(int(match[1]), int(match[2])), path=str(path)))
    return jobs


def due_jobs(
    jobs: list[DailyJob], now: datetime.datetime, last_runs: dict[str, datetime.date]
) -> list[DailyJob]:
    """Pure: the jobs whose time of day has come in Paris and that have not run yet on that Paris day."""
    local = now.astimezone(PARIS)
    today = local.date()
    return [
        job
        for job in jobs
        if local.time() >= job.at and (job.path not in last_runs or last_runs[job.path] < today)
    ]


def run_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every due job once, recording the day in the same transaction; returns the enqueued paths."""
    from core.models import ScheduledRun

    now = now or timezone.now()
    today = now.astimezone(PARIS).date()
    jobs = daily_jobs()
    last_runs = dict(
        ScheduledRun.objects.filter(name__in=[j.path for j in jobs]).values_list("name", "last_run_on")
    )
    enqueued = []
    for job in due_jobs(jobs, now, last_runs):
        task = task_at(job.path)
        with transaction.atomic():
            run, created = ScheduledRun.objects.get_or_create(name=job.path, defaults={"last_run_on": today})
            if not created:
                # Locked and read again: another scheduler may have enqueued it since we looked.
                run = ScheduledRun.objects.select_for_update().get(pk=run.pk)
                if run.last_run_on >= today:
                    continue
                run.last_run_on = today
                run.save(update_fields=["last_run_on"])
            task.enqueue()
        enqueued.append(job.path)
    return enqueued
