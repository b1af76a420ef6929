"""Who may do what in the network (see ARCHITECTURE.md, "Networks and practices").

- A facilitator of network N holds ``Role.NETWORK_FACILITATOR`` on N's host organisation (membership
  ``is_host``). They moderate N's stories and label remarkable practices; they never read a member's private
  data (plans, people, barometer: those getters use ``accounts.perms.is_member``, which ignores their grant).
- Members of the network (anyone who is a member of a member organisation, ``accounts.perms.member_organisation_ids``)
  read its published stories and its peer directory; everyone reads published public stories.
- A member organisation's programme lead (or administrator) writes its stories and sets what it shares; it answers
  the network's invitations and may leave a network it does not host.
- A platform administrator (``is_superuser``: the people who run the platform) creates networks and names their
  host organisation; a network's facilitators invite organisations and end memberships (not the host's). A pending
  invitation gives access to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import perms
from accounts.models import Role

if TYPE_CHECKING:
    from organisations.models import Network, Organisation
    from practices.models import NetworkInvitation, NetworkMembership, PeerMessage, PeerProfile, Story


def facilitated_network_ids(user: Any) -> set[int]:
    """Networks the user facilitates: a facilitator grant on the host organisation of each."""
    from practices.models import NetworkMembership

    org_ids = {g.organisation_id for g in perms._grants(user) if g.role == Role.NETWORK_FACILITATOR}
    if not org_ids:
        return set()
    cached = getattr(user, "_qv_facilitated", None)
    if cached is None:
        cached = set(
            NetworkMembership.objects.filter(organisation_id__in=org_ids, is_host=True).values_list(
                "network_id", flat=True
            )
        )
        user._qv_facilitated = cached
    return cached


def member_network_ids(user: Any) -> set[int]:
    """Networks one of the user's organisations (as staff or through a role other than facilitator) belongs to."""
    from practices.models import NetworkMembership

    org_ids = perms.member_organisation_ids(user)
    if not org_ids:
        return set()
    cached = getattr(user, "_qv_member_networks", None)
    if cached is None:
        cached = set(
            NetworkMembership.objects.filter(organisation_id__in=org_ids).values_list("network_id", flat=True)
        )
        user._qv_member_networks = cached
    return cached


def network_ids_for(user: Any) -> set[int]:
    """Networks whose shared side (network stories, peers, member map) the user reads."""
    return member_network_ids(user) | facilitated_network_ids(user)


def is_network_facilitator(user: Any, network: Network) -> bool:
    return network.pk in facilitated_network_ids(user)


def is_platform_admin(user: Any) -> bool:
    """Who creates networks: the platform's administrators (``is_superuser``), not an organisation's roles."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_write_stories(user: Any, organisation: Organisation) -> bool:
    return perms.can_manage_organisation(user, organisation)


def can_read_story(user: Any, story: Story) -> bool:
    from practices.models import StoryStatus, StoryVisibility

    if perms.is_member(user, story.organisation) and can_write_stories(user, story.organisation):
        return True
    if is_network_facilitator(user, story.network) and story.status != StoryStatus.DRAFT:
        return True
    if story.status != StoryStatus.PUBLISHED or not getattr(story, "is_shared", True):
        return False
    return story.visibility == StoryVisibility.PUBLIC or story.network_id in network_ids_for(user)


def can_edit_story(user: Any, story: Story) -> bool:
    return story.is_editable and can_write_stories(user, story.organisation)


def can_moderate(user: Any, story: Story) -> bool:
    return is_network_facilitator(user, story.network)


def can_use_directory(user: Any, network_id: int) -> bool:
    return network_id in network_ids_for(user)


# --- Getters: the one way views and the API load an object of the network for a person --------------------


def get_story_for_user(request: HttpRequest, pk: int, *, edit: bool = False, moderate: bool = False) -> Story:
    """A story the user may read (404 otherwise); ``edit``/``moderate``: 403 for readers without that right."""
    from practices.models import NetworkMembership, Story

    story = get_object_or_404(Story.objects.select_related("organisation", "network", "author"), pk=pk)
    story.is_shared = NetworkMembership.objects.filter(  # type: ignore[attr-defined]
        network_id=story.network_id, organisation_id=story.organisation_id, shares_stories=True
    ).exists()
    if not can_read_story(request.user, story):
        if perms.is_member(request.user, story.organisation):
            raise PermissionDenied  # inside the organisation: it exists, but is not for this person
        raise Http404
    if edit and not can_edit_story(request.user, story):
        raise PermissionDenied
    if moderate and not can_moderate(request.user, story):
        raise PermissionDenied
    return story


def get_membership_for_user(request: HttpRequest, pk: int) -> NetworkMembership:
    """A membership its organisation's programme lead changes: 404 outside the organisation, 403 inside."""
    from practices.models import NetworkMembership

    membership = get_object_or_404(NetworkMembership.objects.select_related("organisation", "network"), pk=pk)
    if not perms.is_member(request.user, membership.organisation):
        raise Http404
    if not perms.can_manage_organisation(request.user, membership.organisation):
        raise PermissionDenied
    return membership


def get_peer_for_user(request: HttpRequest, pk: int) -> PeerProfile:
    """A listed peer of a network the user reads; 404 for everyone else (and for a peer who withdrew)."""
    from practices.models import PeerProfile

    profile = get_object_or_404(PeerProfile.objects.listed().select_related("user", "organisation"), pk=pk)
    if not can_use_directory(request.user, profile.network_id):
        raise Http404
    return profile


def get_peer_message_for_user(request: HttpRequest, token: str) -> PeerMessage:
    """The message behind a reply link: only the peer it was written to opens it; 404 for anyone else."""
    from practices.models import PeerMessage

    message = get_object_or_404(
        PeerMessage.objects.select_related("profile__user", "sender"), reply_token=token
    )
    if message.profile.user_id != getattr(request.user, "pk", None):
        raise Http404
    return message


def get_network_for_facilitator(request: HttpRequest, pk: int) -> Network:
    """A network its facilitators manage: 404 for who does not read the network, 403 for its other members."""
    from organisations.models import Network

    network = get_object_or_404(Network, pk=pk)
    if not is_network_facilitator(request.user, network):
        if network.pk in network_ids_for(request.user):
            raise PermissionDenied
        raise Http404
    return network


def _pending_invitation(pk: int) -> NetworkInvitation:
    """A pending invitation with its organisation and network, or 404 (an answered one is gone)."""
    from practices.models import InvitationStatus, NetworkInvitation

    return get_object_or_404(
        NetworkInvitation.objects.select_related("organisation", "network"),
        pk=pk,
        status=InvitationStatus.PENDING,
    )


def get_invitation_for_facilitator(request: HttpRequest, pk: int) -> NetworkInvitation:
    """A pending invitation of a network the user facilitates, which they may withdraw: 404 for who does not read
    the network (and once answered), 403 for its other members."""
    invitation = _pending_invitation(pk)
    get_network_for_facilitator(request, invitation.network_id)
    return invitation


def get_membership_for_facilitator(request: HttpRequest, pk: int) -> NetworkMembership:
    """A member's membership, which the network's facilitators may end: 404 unless one reads the network."""
    from practices.models import NetworkMembership

    membership = get_object_or_404(NetworkMembership.objects.select_related("organisation", "network"), pk=pk)
    get_network_for_facilitator(request, membership.network_id)
    return membership


def get_invitation_for_user(request: HttpRequest, pk: int) -> NetworkInvitation:
    """A pending invitation, answered by the invited organisation's programme lead (or administrator): 404 outside
    that organisation (and once answered), 403 inside without the role."""
    invitation = _pending_invitation(pk)
    if not perms.is_member(request.user, invitation.organisation):
        raise Http404
    if not perms.can_manage_organisation(request.user, invitation.organisation):
        raise PermissionDenied
    return invitation
