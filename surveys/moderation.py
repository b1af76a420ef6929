"""Moderation of free-text comments before anyone reads them in results (names, e-mails and phones redacted).

Nothing here is recorded in an audit history, and comments carry no link to a response or a person.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from organisations.models import Organisation, Person
from surveys import perms
from surveys.models import Comment, CommentStatus

REDACTED = "[nom]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]+\b")
MAX_LENGTH = 3000


def known_names(*, organisation: Organisation) -> set[str]:
    """Lower-cased first and last names of the organisation's staff (longer than two letters)."""
    names: set[str] = set()
    for first, last in Person.objects.filter(organisation=organisation).values_list(
        "first_name", "last_name"
    ):
        for name in (first, last):
            for part in re.split(r"[\s-]+", name or ""):
                if len(part) > 2:
                    names.add(part.lower())
    return names


def suggest_redaction(text: str, *, names: set[str]) -> str:
    """The text with e-mail addresses, phone numbers and staff names replaced by « [nom] »."""
    text = _EMAIL.sub(REDACTED, text)
    text = _PHONE.sub(REDACTED, text)
    return _WORD.sub(lambda m: REDACTED if m.group(0).lower() in names else m.group(0), text)


@transaction.atomic
def comment_moderate(*, comment: Comment, by: User, publish: bool, moderated_text: str = "") -> Comment:
    """Publish a comment (with its redacted text) or set it aside. Only the survey managers may."""
    if not perms.can_manage_surveys(by, comment.campaign.organisation):
        raise PermissionDenied
    if publish:
        moderated_text = moderated_text.strip()
        if not moderated_text:
            raise ValidationError(_("Le texte publié ne peut pas être vide : écartez le commentaire plutôt."))
        if len(moderated_text) > MAX_LENGTH:
            raise ValidationError(_("Le texte publié dépasse %(max)s caractères.") % {"max": MAX_LENGTH})
        comment.moderated_text = moderated_text
        comment.status = CommentStatus.PUBLISHED
    else:
        comment.status = CommentStatus.REJECTED
    comment.save(update_fields=["moderated_text", "status"])
    return comment
