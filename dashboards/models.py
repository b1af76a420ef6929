"""The committee documents of a plan (PDF, ODT, ODS), generated in the background and kept private."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    ODT = "odt", _("ODT (traitement de texte)")
    ODS = "ods", _("ODS (tableur)")


CONTENT_TYPES: dict[str, str] = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.ODT: "application/vnd.oasis.opendocument.text",
    DocumentFormat.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


def documents_storage() -> FileSystemStorage:
    """Under MEDIA_ROOT/private, never served directly: a permission-checked view streams them."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


class PlanDocument(models.Model):
    """The whole plan for a committee (every axis and action, milestones, last update), in one format."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="documents")
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField(storage=documents_storage, upload_to="plan-documents/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document du plan")
        verbose_name_plural = _("documents du plan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"document {self.format} du plan {self.plan_id}"

    @property
    def filename(self) -> str:
        return f"plan-{self.plan_id}-{self.created_at:%Y%m%d-%H%M}.{self.format}"
