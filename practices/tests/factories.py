"""Helpers that build a network, stories (through the services, as people would) and peers for the tests."""

from __future__ import annotations

from typing import Any

from organisations.models import Network, Organisation
from practices import services, themes
from practices.models import NetworkMembership, PeerProfile, Story, StoryStatus, StoryVisibility

STORY_TEXT = {
    "context": "Un service d'urgences sous tension, des arrêts de travail en hausse.",
    "actions": "Des espaces de discussion sur le travail, une fois par mois, animés par les cadres formés.",
    "levers": "Le soutien de la direction, les représentants du personnel associés dès le début.",
    "effects": "L'absentéisme est passé de 9 % à 6 % en dix-huit mois ; 80 % des agents ont participé.",
    "lessons": "Commencer petit, dans une équipe volontaire, et rendre compte des suites données.",
}


def make_network(name: str, *, host: Organisation, departement: str = "25") -> Network:
    network = Network.objects.create(name=name)
    NetworkMembership.objects.create(
        network=network, organisation=host, is_host=True, departement=departement
    )
    return network


def join(
    network: Network, organisation: Organisation, *, departement: str = "", shares: bool = True
) -> NetworkMembership:
    return NetworkMembership.objects.create(
        network=network, organisation=organisation, departement=departement, shares_stories=shares
    )


def make_story(
    *,
    network: Network,
    organisation: Organisation,
    by: Any,
    title: str = "Des espaces de discussion aux urgences",
    status: str = StoryStatus.PUBLISHED,
    visibility: str = StoryVisibility.NETWORK,
    departement: str = "25",
    sector: str = "hospital",
    theme_codes: tuple[str, ...] = ("expression", "gollac:autonomy"),
    moderator: Any = None,
    **fields: Any,
) -> Story:
    """A story saved, then taken through submission and publication as far as ``status`` says."""
    story = Story(
        network=network,
        organisation=organisation,
        title=title,
        sector=sector,
        size_band="250-999",
        departement=departement,
        visibility=visibility,
        themes=themes.encode(list(theme_codes)),
        **{**STORY_TEXT, **fields},
    )
    services.story_save(story=story, by=by, contact_consent=bool(fields.get("contact_name")))
    if status in {StoryStatus.SUBMITTED, StoryStatus.PUBLISHED, StoryStatus.RETURNED}:
        services.story_submit(story=story, by=by)
    if status == StoryStatus.PUBLISHED:
        services.story_publish(story=story, by=moderator or by)
    if status == StoryStatus.RETURNED:
        services.story_return(story=story, by=moderator or by, reason="Chiffrez les effets, s'il vous plaît.")
    return story


def make_peer(
    *, network: Network, organisation: Organisation, user: Any, role_title: str = "Pilote QVT"
) -> PeerProfile:
    return services.peer_profile_save(
        profile=PeerProfile(
            network=network,
            organisation=organisation,
            role_title=role_title,
            topics="Espaces de discussion\nTélétravail",
            reach="Message par la plateforme",
        ),
        by=user,
    )
