"""Who sees, joins and organises an event, and the permission-checked getters of its pages.

- A **public** event is seen by everyone; an **organisation** event by the members of its organiser (staff or
  any role but network facilitator); a **network** event by the members of every organisation of that network
  and by the network's facilitators. Network membership is practices' ``NetworkMembership``, read through
  ``practices.perms`` (the one source of truth). Anyone who sees an event may register while it has not started
  and its deadline has not passed (signed in: the registration carries the account's address).
- The **organisers** of an event are the programme leads and administrators of its organiser organisation, and,
  for a network event, the network's facilitators: a ``network_facilitator`` grant in the network's host
  organisation. A facilitator creates network events in that host organisation, for a network they facilitate
  (they pick it when the organisation hosts several).
- Getters: 404 for an event the person may not see (its existence does not leak), 403 for an event they see but
  may not organise.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from accounts import perms
from accounts.models import Role
from events.models import Audience, Event, Registration
from organisations.models import Network, Organisation
from practices import perms as network_perms

Need = Literal["view", "manage"]


def facilitated_network_ids(user: Any) -> set[int]:
    """Networks the user facilitates (a facilitator grant in the network's host organisation)."""
    return network_perms.facilitated_network_ids(user)


def member_network_ids(user: Any) -> set[int]:
    """Networks the user belongs to through one of their organisations' memberships, or as facilitator."""
    return network_perms.network_ids_for(user)


def visible_q(user: Any) -> Q:
    """The events a user may see, as a filter (lists, feeds, API)."""
    q = Q(audience=Audience.PUBLIC)
    if getattr(user, "is_authenticated", False):
        q |= Q(audience=Audience.ORGANISATION, organiser_id__in=perms.member_organisation_ids(user))
        q |= Q(audience=Audience.NETWORK, network_id__in=member_network_ids(user))
        q |= Q(organiser_id__in=_managed_organisation_ids(user))
    return q


def _managed_organisation_ids(user: Any) -> set[int]:
    return {
        g.organisation_id for g in perms._grants(user) if g.unit_id is None and g.role in perms.MANAGE_ROLES
    }


def can_view_event(user: Any, event: Event) -> bool:
    return Event.objects.filter(visible_q(user), pk=event.pk).exists()


def can_manage_event(user: Any, event: Event) -> bool:
    if perms.can_manage_organisation(user, event.organiser):
        return True
    return event.audience == Audience.NETWORK and event.network_id in facilitated_network_ids(user)


def can_create_in(user: Any, organisation: Organisation) -> bool:
    return perms.can_manage_organisation(user, organisation) or bool(
        networks_for_organiser(user, organisation)
    )


def networks_for_organiser(user: Any, organisation: Organisation) -> list[Network]:
    """The networks whose events the user organises from ``organisation``: those they facilitate that it hosts."""
    ids = facilitated_network_ids(user)
    if not ids or not perms.has_role(user, organisation, Role.NETWORK_FACILITATOR):
        return []
    return list(
        Network.objects.filter(
            pk__in=ids, memberships__organisation=organisation, memberships__is_host=True
        ).order_by("name")
    )


def get_event_for_user(request: HttpRequest, pk: int, *, need: Need = "view") -> Event:
    event = Event.objects.select_related("organiser", "network").filter(pk=pk).first()
    if event is None:
        raise Http404
    manager = can_manage_event(request.user, event)
    if not manager and not can_view_event(request.user, event):
        raise Http404
    if need == "manage" and not manager:
        raise PermissionDenied
    return event


def get_organisation_for_organiser(request: HttpRequest, slug: str) -> Organisation:
    """The organisation in which the person creates an event: 404 outside it, 403 inside without the role."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or organisation.pk not in perms.organisation_ids_for(request.user):
        raise Http404
    if not can_create_in(request.user, organisation):
        raise PermissionDenied
    return organisation


def get_network_for_user(request: HttpRequest, pk: int) -> Network:
    """A network's calendar: open to everyone (it lists what the reader may see: public events at least)."""
    network = Network.objects.filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


def get_registration_for_checkin(request: HttpRequest, registration: Registration) -> Registration:
    """The door's QR code: only the event's organisers mark attendance (404 for who does not see the event)."""
    get_event_for_user(request, registration.event_id, need="manage")
    return registration
