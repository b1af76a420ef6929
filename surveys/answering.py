"""Reading and checking what a respondent typed. Every message is in French and tells how to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from surveys.models import NOT_CONCERNED, Item, ItemKind

MAX_TEXT = 3000
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_AGREEMENT_CODES = frozenset(str(v) for v in range(1, 6))
_SCALE10_CODES = frozenset(str(v) for v in range(11))


def allowed_codes(item: Item) -> frozenset[str]:
    """The codes of ``item.options`` without translating their labels (this runs for every submission)."""
    if item.kind == ItemKind.AGREEMENT:
        codes = _AGREEMENT_CODES
    elif item.kind == ItemKind.SCALE10:
        codes = _SCALE10_CODES
    elif item.kind in {ItemKind.SINGLE, ItemKind.MULTIPLE}:
        codes = frozenset(str(code) for code, _label in item.choices)
    else:
        return frozenset()
    return codes | {str(NOT_CONCERNED)} if item.allow_not_concerned else codes


@dataclass
class Block:
    number: int
    title: str
    items: list[Item] = field(default_factory=list)


def blocks_of(items: Iterable[Item]) -> list[Block]:
    """Consecutive items sharing a block title form one page."""
    blocks: list[Block] = []
    for item in items:
        if not blocks or blocks[-1].title != item.block:
            blocks.append(Block(number=len(blocks) + 1, title=item.block))
        blocks[-1].items.append(item)
    return blocks


def raw_from_post(items: Iterable[Item], post: Any) -> dict[str, Any]:
    """What was typed for these items, kept as typed (so that nothing is lost when a check fails)."""
    raw: dict[str, Any] = {}
    for item in items:
        if item.kind == ItemKind.MULTIPLE:
            raw[item.key] = [str(v) for v in post.getlist(item.key)]
        else:
            raw[item.key] = str(post.get(item.key, ""))
    return raw


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def check_item(item: Item, value: Any) -> tuple[Any, str | None]:
    """(clean value or None when unanswered, error message or None)."""
    if _empty(value):
        return None, (_("Cette question est obligatoire.") if item.required else None)
    if item.kind == ItemKind.TEXT:
        text = str(value).replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            return None, _(
                "Votre texte fait %(n)s caractères : %(max)s au maximum, merci de le raccourcir."
            ) % {
                "n": len(text),
                "max": MAX_TEXT,
            }
        if _TAG.search(text):
            return None, _("Le texte ne peut pas contenir de balises HTML (signes < et > autour d'un mot).")
        if not text:
            return None, (_("Cette question est obligatoire.") if item.required else None)
        return text, None
    allowed = allowed_codes(item)
    if item.kind == ItemKind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        codes = [str(v) for v in values]
        if any(c not in allowed for c in codes):
            return None, _("Choisissez parmi les réponses proposées.")
        if str(NOT_CONCERNED) in codes:
            if len(codes) > 1:
                return None, _("« Non concerné·e » ne peut pas être coché avec une autre réponse.")
            return NOT_CONCERNED, None
        return sorted(set(codes)), None
    code = str(value)
    if isinstance(value, bool) or code not in allowed:
        if item.is_scale:
            return None, _("Choisissez une valeur entre %(lo)s et %(hi)s.") % {
                "lo": item.scale_values[0],
                "hi": item.scale_values[-1],
            }
        return None, _("Choisissez parmi les réponses proposées.")
    if item.is_scale or code == str(NOT_CONCERNED):
        return int(code), None
    return code, None


def check_answers(items: Iterable[Item], raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every item: (clean answers without the unanswered ones, errors by item key)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in items:
        value, error = check_item(item, raw.get(item.key))
        if error:
            errors[item.key] = error
        elif value is not None:
            clean[item.key] = value
    return clean, errors
