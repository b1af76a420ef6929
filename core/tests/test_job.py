"""core.Job's three steps (start, advance, finish): what every background job body calls to show its progress."""

import pytest

from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _job(**kwargs) -> Job:
    return Job.objects.create(kind="test", label="Un travail", **kwargs)


def test_start_marks_the_job_running_and_saves_only_its_status():
    job = _job(total=5, message="gardé")
    Job.objects.filter(pk=job.pk).update(message="changé ailleurs")
    job.start()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.message == "changé ailleurs"  # update_fields: the other columns are left alone


def test_advance_records_done_and_optionally_total_and_message():
    job = _job(total=10, message="début")
    job.advance(3)
    job.refresh_from_db()
    assert (job.done, job.total, job.message) == (3, 10, "début")
    job.advance(4, total=8, message="Réponses lues.")
    job.refresh_from_db()
    assert (job.done, job.total, job.message) == (4, 8, "Réponses lues.")
    assert job.percent == 50
    job.advance(5, message="")
    job.refresh_from_db()
    assert job.message == ""


def test_finish_done_fills_the_bar_and_sets_finished_at():
    job = _job(total=4)
    job.start()
    job.advance(2)
    job.finish(JobStatus.DONE, "Terminé.")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "Terminé."
    assert job.done == job.total == 4
    assert job.finished_at is not None and job.is_finished and job.percent == 100


def test_finish_failed_keeps_the_progress_reached():
    job = _job(total=4)
    job.advance(1)
    job.finish(JobStatus.FAILED, "Échec.")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "Échec."
    assert job.done == 1 and job.finished_at is not None and job.is_finished
