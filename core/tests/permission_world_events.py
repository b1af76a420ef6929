"""The events part of the permission matrix's world (``core/tests/permission_world.py``).

The organisation joins a network (its facilitator then organises the network's events). Three events of the
organisation: one for its staff (the agent holds a confirmed place), one for the network, one public. The
agent's signed cancel link (public: the signature is the credential) and a tampered copy, and the check-in link
of the agent's QR code (organisers only). An event that has ended, whose satisfaction questionnaire the organisers
may send, and one of its single-use answering links (public: the token is the credential) and a made-up one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from core.tests.permission_world_surveys import Target
from events import services as event_services
from events.models import Event
from organisations.models import Network, Organisation
from practices.tests.factories import make_network


@dataclass
class EventsWorld:
    network: Network
    event: Event  # the organisation's staff only; the agent is registered
    network_event: Event
    public_event: Event
    cancel_link: Target
    bogus_cancel: Target
    checkin_link: Target
    ended_event: Event  # ended two days ago: its satisfaction questionnaire may be sent
    send_satisfaction: Target  # the confirmed POST sending it
    satisfaction_link: Target  # a valid answering link, with a complete answer as POST body
    bogus_satisfaction: Target


def _event(organisation: Organisation, by: User, audience: str, title: str, network: Network | None) -> Event:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    event = Event(
        organiser=organisation,
        kind="workshop",
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Rectorat, salle 12",
        capacity=20,
        registration_deadline=start - datetime.timedelta(days=2),
        audience=audience,
        network=network,
    )
    return event_services.event_save(event=event, by=by)


def build_events_world(*, organisation: Organisation, users: dict[str, User]) -> EventsWorld:
    network = make_network("Réseau QVT de la Matrice", host=organisation)
    lead = users["programme_lead"]
    event = _event(organisation, lead, "organisation", "Atelier des encadrants", None)
    registration = event_services.register(event=event, user=users["agent"])
    cancel = event_services.cancel_token(registration)
    ended = _event(organisation, lead, "organisation", "Journée QVT passée", None)
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    Event.objects.filter(pk=ended.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=3), registration_deadline=start
    )
    ended.refresh_from_db()
    token = event_services.satisfaction_tokens_issue(event=ended, count=1)[0]
    answer = {"evt_satisfaction": "9", "evt_utile": "4", "evt_organisation": "4", "evt_revenir": "oui"}
    return EventsWorld(
        network=network,
        event=event,
        network_event=_event(organisation, lead, "network", "Webinaire du réseau", network),
        public_event=_event(organisation, lead, "public", "Journée QVT ouverte", None),
        cancel_link=Target(organisation, url_kwargs={"token": cancel}, data={"confirm": "oui"}),
        bogus_cancel=Target(organisation, url_kwargs={"token": cancel[:-4] + "AAAA"}),
        checkin_link=Target(organisation, url_kwargs={"token": event_services.checkin_token(registration)}),
        ended_event=ended,
        send_satisfaction=Target(organisation, pk=ended.pk, data={"confirm": "oui"}),
        satisfaction_link=Target(organisation, pk=ended.pk, url_kwargs={"token": token}, data=answer),
        bogus_satisfaction=Target(organisation, pk=ended.pk, url_kwargs={"token": "A" * 43}, data=answer),
    )
