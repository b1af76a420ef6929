"""Reads of the surveys app, including the two the results engine (analytics) builds on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from organisations.models import Person
from surveys.models import Campaign, CampaignStatus, Comment, CommentStatus, Invitation, Response


def responses_for_results(campaign: Campaign) -> Iterator[tuple[int, dict[str, str], bytes]]:
    """(reporting unit id, coarse attributes, scale answers) of every stored response, in storage (random) order.

    ``attributes`` maps each of ``campaign.reporting_attributes`` to a value or ``"nc"`` (« non communiqué »,
    to be treated as unknown); the scale answers are ``Response.scale``: one signed byte per key of
    ``campaign.scale_keys``, 1..5 / 0..10, ``-2`` « non concerné·e », ``-1`` unanswered (``scale_decode``).
    """
    rows = Response.objects.filter(campaign=campaign).values_list("unit_id", "attributes", "scale")
    for unit_id, attributes, scale in rows.iterator(chunk_size=5000):
        yield unit_id, attributes, bytes(scale)


def comments_for_results(
    campaign: Campaign, *, published_only: bool = True
) -> Iterator[tuple[int, str, str]]:
    """(reporting unit id, item key, text) of the comments; the moderated text replaces the original."""
    rows = Comment.objects.filter(campaign=campaign)
    if published_only:
        rows = rows.filter(status=CommentStatus.PUBLISHED)
    for unit_id, item_key, text, moderated in rows.values_list(
        "unit_id", "item_key", "text", "moderated_text"
    ):
        yield unit_id, item_key, moderated or text


def open_campaigns_for_agent(user: Any) -> list[Campaign]:
    """Open campaigns to which the signed-in agent is invited and has not answered yet."""
    people = Person.objects.filter(user=user, is_active=True).values_list("pk", flat=True)
    ids = Invitation.objects.filter(
        person_id__in=list(people), key__used=False, campaign__status=CampaignStatus.OPEN
    ).values_list("campaign_id", flat=True)
    return list(Campaign.objects.filter(pk__in=list(ids)).select_related("questionnaire"))
