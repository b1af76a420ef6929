"""Who follows which action, what each organisation's action leads are reminded of, and who opted out of what.

A follow hangs off the action's *lineage* (with its plan's lineage), not off one version: a revision of the plan
keeps every follower. Digests are remembered per person, organisation and period (``DigestSent``), so that the
daily job sends at most one per period, however often it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois")
    NEVER = "never", _("Jamais")


class Kind(models.TextChoices):
    """What a person may unsubscribe from, one kind at a time."""

    DIGEST = "digest", _("Récapitulatif des échéances (chef·fes de projet)")
    FOLLOWS = "follows", _("Changements de statut des actions suivies")


DEFAULT_FREQUENCY = DigestFrequency.WEEKLY
DEFAULT_UPDATE_DUE_DAYS = 30


class NotificationSettings(models.Model):
    """An organisation's reminder settings, edited by its programme lead. No row: the defaults."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest_frequency = models.CharField(
        _("fréquence du récapitulatif"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DEFAULT_FREQUENCY,
        help_text=_("Envoyé aux chef·fes de projet quand une échéance les attend."),
    )
    update_due_days = models.PositiveSmallIntegerField(
        _("point d'avancement attendu après (jours)"),
        default=DEFAULT_UPDATE_DUE_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("Une action sans point d'avancement depuis ce nombre de jours figure au récapitulatif."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paramètres des notifications")
        verbose_name_plural = _("paramètres des notifications")

    def __str__(self) -> str:
        return str(self.organisation)


class Follow(models.Model):
    """A person follows an action (through its lineage: following survives the plan's revisions)."""

    class Origin(models.TextChoices):
        CHOSEN = "chosen", _("Suivi choisi")
        PROPOSAL = "proposal", _("Autrice ou auteur de la proposition adoptée")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    plan_lineage = models.UUIDField(db_index=True)
    action_lineage = models.UUIDField(db_index=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.CHOSEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suivi d'action")
        verbose_name_plural = _("suivis d'action")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "plan_lineage", "action_lineage"], name="unique_follow_per_action"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.action_lineage}"


class Preference(models.Model):
    """What a person still receives. No row: everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField(_("recevoir le récapitulatif des échéances"), default=True)
    follows = models.BooleanField(_("recevoir les changements de statut des actions suivies"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return str(self.user)


class DigestSent(models.Model):
    """One digest sent to a person for an organisation and a period (« 2026-W49 », « 2026-12 »)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("récapitulatif envoyé")
        verbose_name_plural = _("récapitulatifs envoyés")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "period"], name="one_digest_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.period}"
