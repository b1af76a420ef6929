"""The attendees' satisfaction questionnaire: the items of ``surveys.catalogue.EVENT`` that are answered with one
radio button (the 0–10 scale, the agreement scale, the single choice). The multiple choice and the free text are
left out: a free text can name its writer, and nothing here moderates it. The barometer's comment moderation
(``surveys.moderation``) cannot apply as it stands: it moderates a campaign's ``surveys.Comment`` for the survey
managers of one organisation, and its name detector knows that organisation's staff only, while a network event's
attendees (and the colleagues they would name) come from every member organisation, whose people its organisers
(the network's facilitators) must never read.

Stored answers map an item's key to the chosen option's value (a string), as offered here.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.catalogue import EVENT
from surveys.models import AGREEMENT_LABELS


@dataclass(frozen=True)
class SatisfactionItem:
    key: str
    text: str
    options: tuple[tuple[str, str], ...]  # (value, French label)
    favourable: frozenset[str]  # the values counted as favourable; empty: no % favourable (a single choice)


def _item(key: str, kind: str, text: str, options: dict) -> SatisfactionItem | None:
    reverse = bool(options.get("reverse"))
    if kind == "agree5":
        return SatisfactionItem(
            key,
            text,
            tuple((str(v), str(label)) for v, label in AGREEMENT_LABELS),
            frozenset({"1", "2"} if reverse else {"4", "5"}),
        )
    if kind == "scale10":
        favourable = range(0, 4) if reverse else range(7, 11)
        return SatisfactionItem(
            key, text, tuple((str(v), str(v)) for v in range(11)), frozenset(str(v) for v in favourable)
        )
    if kind == "single":
        return SatisfactionItem(
            key, text, tuple((str(c), str(label)) for c, label in options["choices"]), frozenset()
        )
    return None


ITEMS: tuple[SatisfactionItem, ...] = tuple(
    item
    for _block, key, kind, _dimension, _axis, text, options in EVENT
    if (item := _item(key, kind, text, options)) is not None
)
