"""Constants and exceptions shared by the surveys services."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger("surveys.services")

MIN_N_FLOOR = 5
MIN_COMMENTS_FLOOR = 10
LOCKED_FIELDS = {"questionnaire", "units", "attribute_filters", "reporting_attributes"}
LOCKED_FIELDS |= {"min_respondents", "min_comments", "opens_on", "results_shared_with_staff"}
GENERIC_REFUSAL = gettext_lazy(
    "Ce lien ou ce code ne permet pas de répondre : il est incorrect, a déjà servi ou n'est plus valable. "
    "Vérifiez votre saisie ; si le problème persiste, adressez-vous au pilote QVT."
)


class SubmissionRefused(Exception):
    """A French message for the respondent; never says whether a person was invited or has answered."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswerErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Certaines réponses sont à corriger."))
        self.errors = errors
