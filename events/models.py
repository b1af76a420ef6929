"""Events and webinars (issue 10, point 5): registrations with a first-come waiting list, attendance.

A ``Registration`` holds the registrant's name and e-mail (personal data): the daily purge deletes the rows a
configurable time after the event (``QUALIVIE_EVENTS_RETENTION_DAYS``) and keeps the counts on the ``Event``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.limits import PLAN_TEXT, max_length


class EventKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinaire")
    WORKSHOP = "workshop", _("Atelier")
    ANNUAL = "annual", _("Événement annuel")
    QVT_WEEK = "qvt_week", _("Semaine de la QVT")


class Audience(models.TextChoices):
    ORGANISATION = "organisation", _("Les personnes de l'organisation")
    NETWORK = "network", _("Les organisations du réseau")
    PUBLIC = "public", _("Tout public")


class EventQuerySet(models.QuerySet["Event"]):
    def upcoming(self) -> EventQuerySet:
        from django.utils import timezone

        return self.filter(ends_at__gte=timezone.now())


class Event(models.Model):
    organiser = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("organisateur"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, validators=[max_length(PLAN_TEXT)])
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    online_link = models.URLField(_("lien de connexion"), blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"))
    registration_deadline = models.DateTimeField(_("date limite d'inscription"))
    audience = models.CharField(_("public visé"), max_length=20, choices=Audience.choices)
    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("réseau"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the purge: the registrations are gone, these counts stay.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    kept_registered = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kept_waiting = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kept_attended = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The satisfaction questionnaire: when it was sent and to how many attendees (a count, never who).
    satisfaction_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    satisfaction_sent = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(audience="network") | models.Q(network__isnull=False),
                name="network_event_has_network",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("nom"), max_length=200)
    email = models.EmailField(_("adresse électronique"))
    status = models.CharField(_("statut"), max_length=10, choices=RegistrationStatus.choices)
    # First come, first served: the waiting list is ordered by this time (re-registering puts one at the end).
    queued_at = models.DateTimeField()
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("présent·e"), default=False)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="one_registration_per_email")]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class SatisfactionToken(models.Model):
    """One unused link of the satisfaction questionnaire: only the SHA-256 of its random token, no person.

    The rows of an event are inserted in one bulk insert in a random order; answering deletes the row."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="satisfaction_tokens")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("lien de questionnaire de satisfaction")
        verbose_name_plural = _("liens de questionnaire de satisfaction")

    def __str__(self) -> str:
        return f"{self.event_id}:{self.token_hash[:8]}"


class SatisfactionAnswer(models.Model):
    """One attendee's answers (item key → value): no person, no token, no time; a random primary key so that
    the key's order says nothing of the order of answering."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="satisfaction_answers")
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("réponse au questionnaire de satisfaction")
        verbose_name_plural = _("réponses au questionnaire de satisfaction")

    def __str__(self) -> str:
        return str(self.id)
