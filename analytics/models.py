"""Result tables of closed campaigns: what the results pages, exports and API read.

Built once after close by ``services.results_build`` (never live): one ``ResultSet`` per campaign and one
``ResultUnit`` per unit, whose blob holds that unit's (subtree) counts and histograms *with every suppressed
number already erased* (``analytics.disclosure.pack_unit``). Nothing here is tied to a person: no response id,
no person, no timestamp finer than the build day.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultSet(models.Model):
    """The result tables of one campaign. Rebuilding replaces them (new id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.OneToOneField(
        "surveys.Campaign", on_delete=models.CASCADE, related_name="result_set", verbose_name=_("campagne")
    )
    built_on = models.DateField(_("calculé le"))
    min_respondents = models.PositiveSmallIntegerField(_("seuil de répondants"))
    min_comments = models.PositiveSmallIntegerField(_("seuil pour les commentaires"))
    # {"items": [{key, text, kind, block, dimension, reverse, scale}], "dimensions": [{code, label}]}
    items = models.JSONField(_("questions"), default=dict)
    # {"order": [attribute, ...], "attributes": {attribute: {"label": str, "values": [[code, label], ...]}}}
    attributes = models.JSONField(_("attributs de restitution"), default=dict)

    class Meta:
        verbose_name = _("résultats d'une campagne")
        verbose_name_plural = _("résultats des campagnes")

    def __str__(self) -> str:
        return f"résultats {self.campaign_id}"


class ResultUnit(models.Model):
    """One unit's served figures (its whole subtree), as a blob from ``disclosure.pack_unit``."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+")
    index = models.PositiveIntegerField()  # row of the unit in the campaign cube (0..U-1)
    invited = models.PositiveIntegerField(default=0)  # invitations of the subtree (participation rate)
    blob = models.BinaryField()
    # {item key: [moderated texts, shuffled]} only where the comments mask allows (>= min_comments)
    comments = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("résultats d'une unité")
        verbose_name_plural = _("résultats des unités")
        constraints = [
            models.UniqueConstraint(fields=["result_set", "unit"], name="unique_result_unit"),
        ]

    def __str__(self) -> str:
        return f"résultats de l'unité {self.unit_id}"


def reports_storage() -> FileSystemStorage:
    """PDF reports: under MEDIA_ROOT/private, never served directly (a permission-checked view streams them)."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


class ResultReport(models.Model):
    """A PDF report of one unit, generated in the background."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField(storage=reports_storage, upload_to="reports/", blank=True)

    class Meta:
        verbose_name = _("rapport PDF")
        verbose_name_plural = _("rapports PDF")

    def __str__(self) -> str:
        return f"rapport {self.pk}"
