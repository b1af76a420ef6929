"""Reads of the events app: lists, a person's registration, and the figures that feed indicators."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from events import perms
from events.models import Audience, Event, EventKind, EventQuerySet, Registration, RegistrationStatus
from organisations.models import Network, Organisation


def events_visible_to(user: Any) -> EventQuerySet:
    return Event.objects.filter(perms.visible_q(user)).select_related("organiser", "network").distinct()


def network_events(user: Any, network: Network) -> EventQuerySet:
    """The network's own events, and the public events of its organisations."""
    return events_visible_to(user).filter(
        Q(network=network) | Q(audience=Audience.PUBLIC, organiser__network=network)
    )


def organisation_events(user: Any, organisation: Organisation) -> EventQuerySet:
    return events_visible_to(user).filter(organiser=organisation)


def registration_of(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        event.registrations.filter(email__iexact=user.email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def waiting_position(registration: Registration) -> int:
    """1 for the first person of the waiting list."""
    return (
        registration.event.registrations.filter(status=RegistrationStatus.WAITING)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def confirmed(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")


def waiting_list(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.WAITING).order_by("queued_at", "pk")


def event_figures(event: Event) -> dict[str, Any]:
    """Registered (confirmed), waiting, attended, and the satisfaction (% or None): what indicators read.

    After the purge the counts stored on the event answer. Satisfaction is None until the satisfaction
    questionnaire exists (not built yet, see ARCHITECTURE.md)."""
    if event.purged_at is not None:
        return {
            "registered": event.kept_registered or 0,
            "waiting": event.kept_waiting or 0,
            "attended": event.kept_attended or 0,
            "satisfaction": None,
        }
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
    )
    return {**counts, "satisfaction": None}


def event_visible_to(user: Any, pk: int) -> Event | None:
    return events_visible_to(user).filter(pk=pk).first()


EVENT_KINDS = list(EventKind.values)  # for the indicators' form (« annual » is the annual QVT event)


def organised_by(organisation_id: int, *, kind: str | None = None) -> QuerySet[Event]:
    """The events an organisation organised (indicators count their registrations and attendance)."""
    events = Event.objects.filter(organiser_id=organisation_id)
    return events.filter(kind=kind) if kind else events
