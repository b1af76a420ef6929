"""The network part of the permission matrix's world (``core/tests/permission_world.py``): practices.

The matrix's organisation hosts a regional network (its facilitator's grant makes them the network's facilitator)
with a care home as second member; the outsider's hospital is not a member. The care home hosts two networks of
its own: the matrix organisation is a plain member of one and invited (pending) to the other. Stories of each state, a peer profile
of the agent, and a message written to that peer (its reply link is a ``Target`` carrying the token).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from core.tests.factories import OrganisationFactory, PlanFactory, RoleGrantFactory, UserFactory
from core.tests.permission_world_surveys import Target
from organisations.models import Network, Organisation
from plans.models import Plan
from practices import services
from practices.models import (
    NetworkInvitation,
    NetworkMembership,
    PeerProfile,
    Story,
    StoryStatus,
    StoryVisibility,
)
from practices.tests.factories import join, make_network, make_peer, make_story


@dataclass
class PracticesWorld:
    network: Network
    membership: NetworkMembership  # the matrix organisation's membership (host of the network)
    published_story: Story  # by the matrix organisation, for the network's members
    public_story: Story  # by the care home, public: everyone reads it
    submitted_story: Story  # by the matrix organisation, waiting for the facilitator
    draft_story: Story  # by the matrix organisation, not submitted
    peer: PeerProfile  # the agent, listed in the directory
    peer_message: Target  # a message to the agent: its reply link
    care_home: Organisation  # the other member: the facilitator never reads its people…
    care_home_plan: Plan  # …nor its staff plan
    care_home_membership: NetworkMembership  # the care home's membership: the facilitator may end it
    member_membership: NetworkMembership  # the matrix organisation, a plain member of the care home's network
    pending_invitation: NetworkInvitation  # the care home's second network invites the matrix organisation
    outgoing_invitation: NetworkInvitation  # the matrix network invites a town's social services: its facilitator may withdraw it


def build_practices_world(*, organisation: Organisation, users: dict[str, User]) -> PracticesWorld:
    pilot, facilitator = users["programme_lead"], users["network_facilitator"]
    network = make_network("Réseau régional QVT de la Matrice", host=organisation, departement="25")
    membership = NetworkMembership.objects.get(network=network, organisation=organisation)
    care_home = OrganisationFactory(slug="ehpad-tilleuls", name="EHPAD des Tilleuls", kind="hospital")
    care_home_membership = join(network, care_home, departement="39")
    own = make_network("Réseau des EHPAD du Jura", host=care_home, departement="39")
    member_membership = join(own, organisation, departement="25")
    second = make_network("Réseau des établissements du Jura", host=care_home, departement="39")
    invitation = NetworkInvitation.objects.create(network=second, organisation=organisation)
    outgoing = NetworkInvitation.objects.create(
        network=network, organisation=OrganisationFactory(slug="ccas-dole", name="CCAS de Dole")
    )
    care_lead = UserFactory(email="pilote@ehpad-tilleuls.fr")
    RoleGrantFactory(user=care_lead, organisation=care_home, role="programme_lead")
    common = {"network": network, "organisation": organisation, "by": pilot, "moderator": facilitator}
    published = make_story(**common, title="Des espaces de discussion au collège")
    public = make_story(
        network=network,
        organisation=care_home,
        by=care_lead,
        moderator=facilitator,
        title="Un tutorat des nouveaux soignants",
        visibility=StoryVisibility.PUBLIC,
        departement="39",
    )
    submitted = make_story(**common, title="Un plan de retour après arrêt long", status=StoryStatus.SUBMITTED)
    draft = make_story(**common, title="Une semaine de la QVT", status=StoryStatus.DRAFT)
    peer = make_peer(network=network, organisation=organisation, user=users["agent"])
    message = services.peer_message_send(
        profile=peer,
        sender=users["manager"],
        subject="Vos espaces de discussion",
        body="Pouvons-nous en parler ?",
    )
    return PracticesWorld(
        network=network,
        membership=membership,
        published_story=published,
        public_story=public,
        submitted_story=submitted,
        draft_story=draft,
        peer=peer,
        peer_message=Target(organisation=organisation, url_kwargs={"token": message.reply_token}),
        care_home=care_home,
        care_home_plan=PlanFactory(organisation=care_home, title="Plan QVT de l'EHPAD"),
        care_home_membership=care_home_membership,
        member_membership=member_membership,
        pending_invitation=invitation,
        outgoing_invitation=outgoing,
    )
