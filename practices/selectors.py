"""Reads of the network: memberships, story search (French full text on PostgreSQL), similar stories, map counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from organisations.models import Network
from practices import geography
from practices.models import NetworkMembership, PeerProfile, Story, StoryStatus
from practices.perms import facilitated_network_ids, network_ids_for

SEARCH_FIELDS = ("title", "context", "actions", "levers", "effects", "lessons")
SIMILAR_COUNT = 5


def networks_of(organisation: Any) -> QuerySet[Network]:
    """The networks the organisation is a member of (hosting one included): ``Network`` rows, for other apps
    (the events app's audiences) as much as for this one."""
    return Network.objects.filter(memberships__organisation=organisation).order_by("name").distinct()


def memberships_of(organisation: Any) -> QuerySet[NetworkMembership]:
    """The organisation's memberships, with their network and sharing settings."""
    return NetworkMembership.objects.filter(organisation=organisation).select_related("network")


def memberships_of_network(network_id: int) -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(network_id=network_id).select_related("organisation")


def stories_visible_to(user: Any) -> QuerySet[Story]:
    """Published stories the user reads: public ones for everyone, network ones for the network's members."""
    return Story.objects.readable_by_networks(network_ids_for(user)).select_related("organisation", "network")


def stories_of_organisation(organisation: Any) -> QuerySet[Story]:
    return Story.objects.filter(organisation=organisation).select_related("network")


def moderation_queue(user: Any) -> QuerySet[Story]:
    return Story.objects.filter(
        network_id__in=facilitated_network_ids(user), status=StoryStatus.SUBMITTED
    ).select_related("organisation", "network")


@dataclass
class StoryFilters:
    """The facets of the story search and the map, read from the URL (``?q=…&secteur=…``)."""

    q: str = ""
    sector: str = ""
    region: str = ""
    departement: str = ""
    theme: str = ""
    remarkable: bool = False


def search(stories: QuerySet[Story], text: str) -> QuerySet[Story]:
    """French full-text search on PostgreSQL (ranked), a plain case-insensitive ``contains`` elsewhere."""
    text = text.strip()
    if not text:
        return stories
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*SEARCH_FIELDS, config="french")
        query = SearchQuery(text, config="french", search_type="websearch")
        return (
            stories.annotate(search_vector=vector, rank=SearchRank(vector, query))
            .filter(search_vector=query)
            .order_by("-rank", "-published_at")
        )
    condition = Q()
    for name in SEARCH_FIELDS:
        condition |= Q(**{f"{name}__icontains": text})
    return stories.filter(condition)


def filter_stories(stories: QuerySet[Story], filters: StoryFilters) -> QuerySet[Story]:
    if filters.sector:
        stories = stories.filter(sector=filters.sector)
    if filters.region:
        stories = stories.in_region(filters.region)  # type: ignore[attr-defined]
    if filters.departement:
        stories = stories.filter(departement=filters.departement)
    if filters.theme:
        stories = stories.with_theme(filters.theme)  # type: ignore[attr-defined]
    if filters.remarkable:
        stories = stories.filter(remarkable=True)
    return search(stories, filters.q)


def similar_stories(story: Story, candidates: QuerySet[Story], count: int = SIMILAR_COUNT) -> list[Story]:
    """Ranked by shared themes (2 points each), then same sector and same région (1 point each)."""
    codes = set(story.theme_codes)
    scored = []
    for other in candidates.exclude(pk=story.pk):
        score = 2 * len(codes & set(other.theme_codes))
        score += int(other.sector == story.sector) + int(other.region == story.region)
        if codes & set(other.theme_codes):
            scored.append((score, other.published_at or other.created_at, other))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [entry[2] for entry in scored[:count]]


@dataclass
class DepartementCount:
    code: str
    name: str
    region: str
    stories: int = 0
    members: int = 0


@dataclass
class RegionCount:
    code: str
    name: str
    stories: int = 0
    members: int = 0
    departements: list[DepartementCount] = field(default_factory=list)


def map_counts(stories: QuerySet[Story], user: Any) -> list[RegionCount]:
    """Stories (after the filters) and member organisations of the user's networks, by région and département."""
    story_counts = Counter(stories.order_by().values_list("departement", flat=True))
    member_counts = Counter(
        NetworkMembership.objects.filter(network_id__in=network_ids_for(user), shows_on_map=True)
        .exclude(departement="")
        .order_by()
        .values_list("departement", flat=True)
    )
    regions = {
        code: RegionCount(code, region.name)
        for code, region in sorted(geography.regions().items(), key=lambda item: item[1].name)
    }
    for dep in geography.departements().values():
        entry = DepartementCount(
            dep.code, dep.name, dep.region, story_counts[dep.code], member_counts[dep.code]
        )
        region = regions[dep.region]
        region.departements.append(entry)
        region.stories += entry.stories
        region.members += entry.members
    return list(regions.values())


def peers_visible_to(user: Any) -> QuerySet[PeerProfile]:
    return (
        PeerProfile.objects.listed()
        .filter(network_id__in=network_ids_for(user))
        .select_related("user", "organisation", "network")
    )
