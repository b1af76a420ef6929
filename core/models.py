import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class Job(models.Model):
    """What a person sees of a long background job (import, e-mail campaign, report): a progress bar.

    The queued task receives only this job's id: no business data ever sits in the queue's stored arguments.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    # The three steps of a background job's life, each one ``save(update_fields=...)`` so that a job body never
    # overwrites columns it did not mean to change.

    def start(self) -> None:
        """The job body begins: the person sees « En cours »."""
        self.status = JobStatus.RUNNING
        self.save(update_fields=["status"])

    def advance(self, done: int, *, total: int | None = None, message: str | None = None) -> None:
        """Record progress: ``done`` steps so far (and ``total`` / ``message`` when given)."""
        self.done = done
        fields = ["done"]
        if total is not None:
            self.total = total
            fields.append("total")
        if message is not None:
            self.message = message
            fields.append("message")
        self.save(update_fields=fields)

    def finish(self, status: str, message: str) -> None:
        """The job body ends (``JobStatus.DONE`` or ``FAILED``): the bar is full on success."""
        self.status, self.message, self.finished_at = status, message, timezone.now()
        fields = ["status", "message", "finished_at"]
        if status == JobStatus.DONE:
            self.done = self.total
            fields.append("done")
        self.save(update_fields=fields)


class ScheduledRun(models.Model):
    """The day a daily job (core.schedule) was last enqueued, so that it is enqueued once per day at most."""

    name = models.CharField(max_length=200, unique=True)
    last_run_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.name} ({self.last_run_on})"
