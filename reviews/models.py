"""The annual review (*bilan annuel*) of a plan: its cycle, working group, meetings, frozen snapshot,
consultation (comments, union votes), the group's decisions and the generated, versioned documents.

A review hangs off the plan's *lineage* (``plan_lineage``) and one school year, and points at the plan version it
froze (``plan``). The snapshot is plain JSON (``services.review_snapshot``): what the plan looked like that day,
never re-read from live data, so that the documents of a closed review never change.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from organisations.models import Organisation

from core.limits import COMMENT_TEXT, FIRST_YEAR, LAST_YEAR, NOTE_TEXT, PLAN_TEXT, max_length


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Clos")


class ReviewQuerySet(models.QuerySet["ReviewCycle"]):
    def for_organisation(self, organisation: Organisation) -> ReviewQuerySet:
        return self.filter(organisation=organisation)


class ReviewCycle(models.Model):
    """One annual review of a plan lineage for one school year (2024 = 2024-2025)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reviews"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="reviews")
    plan_lineage = models.UUIDField(db_index=True, editable=False)
    school_year = models.PositiveSmallIntegerField(
        _("année scolaire"),
        help_text=_("Année de la rentrée : 2025 pour 2025-2026."),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    title = models.CharField(_("intitulé"), max_length=200)
    consultation_opens_on = models.DateField(_("ouverture de la consultation"))
    consultation_closes_on = models.DateField(_("clôture de la consultation"))
    status = models.CharField(
        _("statut"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    snapshot = models.JSONField(_("état figé du plan"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("figé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The latest generation of the documents: its progress bar shows on the review's page while it runs.
    generation_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan annuel")
        verbose_name_plural = _("bilans annuels")
        ordering = ["-school_year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "plan_lineage", "school_year"], name="unique_review_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(consultation_closes_on__gte=models.F("consultation_opens_on")),
                name="review_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def is_closed(self) -> bool:
        return self.status == ReviewStatus.CLOSED

    def consultation_is_open(self, today: datetime.date | None = None) -> bool:
        """Comments and votes are written (and edited) from the opening day to the closing day, included."""
        day = today or timezone.localdate()
        return not self.is_closed and self.consultation_opens_on <= day <= self.consultation_closes_on


class GroupMember(models.Model):
    """A person of the organisation in the review's working group, with their union or body (free text)."""

    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.CharField(
        _("instance"), max_length=100, help_text=_("Par ex. « CSA », « F3SCT », « commission Blanchet ».")
    )
    union = models.CharField(
        _("organisation syndicale"),
        max_length=100,
        blank=True,
        help_text=_(
            "Vide pour un membre de l'administration. Ses membres enregistrent l'avis de leur syndicat."
        ),
    )

    class Meta:
        verbose_name = _("membre du groupe de travail")
        verbose_name_plural = _("membres du groupe de travail")
        ordering = ["body", "union", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="unique_review_member")]

    def __str__(self) -> str:
        return f"{self.user} ({self.union or self.body})"


class MeetingKind(models.TextChoices):
    PREPARATORY = "preparatory", _("Réunion préparatoire")
    CSA = "csa", _("Séance du CSA")
    F3SCT = "f3sct", _("Séance de la F3SCT")
    DEBATE = "debate", _("Débat")


class Meeting(models.Model):
    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> str:
        """Stable across downloads, so that a calendar updates the event instead of adding a copy."""
        return f"bilan-{self.review_id}-reunion-{self.pk}@qualivie"


class ReviewComment(models.Model):
    """A comment on one action (``action_lineage``) or on the whole review (empty), editable while the window is
    open."""

    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="comments")
    action_lineage = models.UUIDField(null=True, blank=True)
    action_code = models.CharField(max_length=10, blank=True)  # as shown when it was written
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"), max_length=COMMENT_TEXT, validators=[max_length(COMMENT_TEXT)])
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commentaire de bilan")
        verbose_name_plural = _("commentaires de bilan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.review} — {self.action_code or 'ensemble'}"


class VoteChoice(models.TextChoices):
    FOR = "for", _("Pour")
    AGAINST = "against", _("Contre")
    ABSTENTION = "abstention", _("Abstention")


class UnionVote(models.Model):
    """A union's formal opinion on the review, with its statement: one per union, editable while open."""

    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="votes")
    union = models.CharField(_("organisation syndicale"), max_length=100)
    choice = models.CharField(_("avis"), max_length=10, choices=VoteChoice.choices)
    statement = models.TextField(_("déclaration"), max_length=PLAN_TEXT, validators=[max_length(PLAN_TEXT)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avis syndical")
        verbose_name_plural = _("avis syndicaux")
        ordering = ["union"]
        constraints = [models.UniqueConstraint(fields=["review", "union"], name="unique_vote_per_union")]

    def __str__(self) -> str:
        return f"{self.union} : {self.get_choice_display()}"


class Decision(models.Model):
    """A decision of the working group, recorded by the programme lead, optionally tied to actions.

    ``plan_changes`` ties it to the changes of a later plan version that implement it."""

    id = models.BigAutoField(primary_key=True)
    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("décision"), max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)])
    actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="+", verbose_name=_("actions concernées")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The changes of a later version of the plan that implement the decision (plans.PlanChange, recorded in a
    # revision with their reasons); the differences page shows them with the change.
    plan_changes = models.ManyToManyField(
        "plans.PlanChange", blank=True, related_name="decisions", verbose_name=_("modifications du plan")
    )

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.review} — décision {self.pk}"


def documents_storage() -> FileSystemStorage:
    """Under MEDIA_ROOT/private, never served directly: a permission-checked view streams them."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    ODT = "odt", "ODT"
    ODS = "ods", "ODS"
    XLSX = "xlsx", "XLSX"


CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.ODT: "application/vnd.oasis.opendocument.text",
    DocumentFormat.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReviewDocument(models.Model):
    """One file of one generation (``version``): written once, never replaced."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField(_("version"))
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    file = models.FileField(storage=documents_storage, upload_to="reviews/")
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document de bilan")
        verbose_name_plural = _("documents de bilan")
        ordering = ["-version", "format"]
        constraints = [
            models.UniqueConstraint(fields=["review", "version", "format"], name="unique_document_version")
        ]

    def __str__(self) -> str:
        return f"{self.review} v{self.version}.{self.format}"

    @property
    def filename(self) -> str:
        return f"bilan-{self.review.year_label}-v{self.version}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[DocumentFormat(self.format)]
