"""Reads of the events app: lists, a person's registration, and the figures that feed indicators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from events import perms
from events.models import Audience, Event, EventKind, EventQuerySet, Registration, RegistrationStatus
from events.satisfaction import ITEMS
from organisations.models import Network, Organisation


def events_visible_to(user: Any) -> EventQuerySet:
    return Event.objects.filter(perms.visible_q(user)).select_related("organiser", "network").distinct()


def network_events(user: Any, network: Network) -> EventQuerySet:
    """The network's own events, and the public events of its organisations."""
    return events_visible_to(user).filter(
        Q(network=network) | Q(audience=Audience.PUBLIC, organiser__network_memberships__network=network)
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

    After the purge the counts stored on the event answer. Satisfaction is the overall % favourable of the
    satisfaction questionnaire, None below the threshold of respondents."""
    satisfaction = satisfaction_results(event)["favourable"]
    if event.purged_at is not None:
        return {
            "registered": event.kept_registered or 0,
            "waiting": event.kept_waiting or 0,
            "attended": event.kept_attended or 0,
            "satisfaction": satisfaction,
        }
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
    )
    return {**counts, "satisfaction": satisfaction}


def min_respondents() -> int:
    return int(getattr(settings, "QUALIVIE_MIN_RESPONDENTS", 5))


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def satisfaction_results(event: Event) -> dict[str, Any]:
    """The satisfaction questionnaire's results: per item, the count of each answer and the % favourable.

    Nothing but the number of answers below the threshold (``QUALIVIE_MIN_RESPONDENTS``, 5)."""
    answers = list(event.satisfaction_answers.values_list("answers", flat=True))
    threshold = min_respondents()
    results: dict[str, Any] = {
        "count": len(answers),
        "threshold": threshold,
        "shown": len(answers) >= threshold,
        "items": [],
        "favourable": None,
    }
    if not results["shown"]:
        return results
    all_favourable = all_scored = 0
    for item in ITEMS:
        values = [a[item.key] for a in answers if isinstance(a, dict) and a.get(item.key) is not None]
        rows = [(label, sum(1 for v in values if v == value)) for value, label in item.options]
        favourable = sum(1 for v in values if v in item.favourable) if item.favourable else None
        if favourable is not None:
            all_favourable, all_scored = all_favourable + favourable, all_scored + len(values)
        results["items"].append(
            {
                "key": item.key,
                "text": item.text,
                "rows": rows,
                "answered": len(values),
                "favourable": _percent(favourable, len(values)) if favourable is not None else None,
            }
        )
    results["favourable"] = _percent(all_favourable, all_scored)
    return results


def event_visible_to(user: Any, pk: int) -> Event | None:
    return events_visible_to(user).filter(pk=pk).first()


EVENT_KINDS = list(EventKind.values)  # for the indicators' form (« annual » is the annual QVT event)


def organised_by(organisation_id: int, *, kind: str | None = None) -> QuerySet[Event]:
    """The events an organisation organised (indicators count their registrations and attendance)."""
    events = Event.objects.filter(organiser_id=organisation_id)
    return events.filter(kind=kind) if kind else events
