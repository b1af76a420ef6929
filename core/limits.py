"""Bounds of what people may write: every free-text field of plans and co-construction has a maximum length.

The same constants feed the model fields (``max_length`` + a ``MaxLengthValidator``, so that ``full_clean`` in the
services enforces them), the forms (``maxlength`` attribute, help text and the character counter) and the API
schemas (``max_length``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# A progress update or a comment.
UPDATE_TEXT = 5_000
COMMENT_TEXT = 5_000
# A long section of an action sheet (context, concrete actions, benefits, links, follow-up committee).
LONG_TEXT = 10_000
# Each section of a proposal: four of them and their headings fit in an action's concrete actions once adopted.
PROPOSAL_TEXT = 2_000
# A plan's presentation, an axis's objective, a theme's description, notes on criteria, a decline reason.
PLAN_TEXT = 5_000
NOTE_TEXT = 2_000
# Why the programme lead hid an update or a comment.
REASON_TEXT = 500

# Plans: school years (2023 = 2023-2024) within these bounds, at most this many years long.
FIRST_YEAR = 2000
LAST_YEAR = 2100
MAX_PLAN_YEARS = 10


def max_length(limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(limit)


def check_lengths(values: dict[str, str], limits: dict[str, int]) -> None:
    """Raise one field error per value longer than its limit (services that do not call ``full_clean``)."""
    errors = {
        name: _("%(n)s caractères au plus (%(got)s saisis).")
        % {
            "n": number_format(limits[name], force_grouping=True),
            "got": number_format(len(value), force_grouping=True),
        }
        for name, value in values.items()
        if name in limits and value is not None and len(value) > limits[name]
    }
    if errors:
        raise ValidationError(errors)


def correction_window() -> datetime.timedelta:
    """How long an author may correct or withdraw an update or a comment (``QUALIVIE_CORRECTION_WINDOW``)."""
    from django.conf import settings

    return settings.QUALIVIE_CORRECTION_WINDOW
