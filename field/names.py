"""No person is named in the field loop: words of a text that look like staff names, found with the barometer
comments' moderation detector (``surveys.moderation``: the organisation's staff names, e-mail addresses, phones)."""

from __future__ import annotations

import re

from surveys.moderation import known_names, suggest_redaction

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]+\b")
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")

__all__ = ["flagged_words", "known_names"]


def flagged_words(text: str, *, names: set[str]) -> list[str]:
    """The words of ``text`` the moderation detector would redact (staff names, e-mails, phone numbers)."""
    if not text or suggest_redaction(text, names=names) == text:
        return []
    found = [w for w in _CAPITALISED.findall(text) if suggest_redaction(w, names=names) != w]
    found += _CONTACT.findall(text)
    return list(dict.fromkeys(found))
