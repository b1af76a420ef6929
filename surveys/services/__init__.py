"""Writes of the surveys app: questionnaires, campaigns, invitations and sealed submissions (ballots).

Split by concern: ``base`` (limits, refusals), ``questionnaires``, ``campaigns`` (life cycle), ``emails``
(sent by the worker), ``paper_codes`` and ``answering`` (credentials, drafts, submission and ballot insert).
Every name is re-exported here, so ``from surveys import services`` and ``surveys.services.<name>`` keep
working; the module-level caches (``_ITEMS_CACHE``, ``_LIGHT_QUERIES``) are the same objects as in their module.

Trustees and the opening of the ballot box are in ``surveys.trustees``.

Nothing here logs, records history of, or queues anything that could tie an answer to a person: queued tasks
receive a Job id, a campaign id and a mode; error messages never quote a token.
"""

from surveys.services.answering import (
    _BALLOT_INSERT_SQL as _BALLOT_INSERT_SQL,
)
from surveys.services.answering import (
    _ITEMS_CACHE as _ITEMS_CACHE,
)
from surveys.services.answering import (
    _LIGHT_FIELDS as _LIGHT_FIELDS,
)
from surveys.services.answering import (
    _LIGHT_QUERIES as _LIGHT_QUERIES,
)
from surveys.services.answering import (
    _LIGHT_SQL as _LIGHT_SQL,
)
from surveys.services.answering import (
    Credential,
    answer_start,
    draft_load,
    draft_save,
    questionnaire_items,
    response_submit,
)
from surveys.services.answering import (
    _ballot_insert as _ballot_insert,
)
from surveys.services.answering import (
    _check_open as _check_open,
)
from surveys.services.answering import (
    _credential as _credential,
)
from surveys.services.answering import (
    _invitation_light as _invitation_light,
)
from surveys.services.answering import (
    _light_query as _light_query,
)
from surveys.services.answering import (
    _LightQuery as _LightQuery,
)
from surveys.services.base import (
    GENERIC_REFUSAL,
    LOCKED_FIELDS,
    MIN_COMMENTS_FLOOR,
    MIN_N_FLOOR,
    AnswerErrors,
    SubmissionRefused,
)
from surveys.services.campaigns import (
    _check_campaign as _check_campaign,
)
from surveys.services.campaigns import (
    _frozen_attributes as _frozen_attributes,
)
from surveys.services.campaigns import (
    _queue_invitations as _queue_invitations,
)
from surveys.services.campaigns import (
    _seal_box as _seal_box,
)
from surveys.services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_open,
    campaign_population,
    campaign_publish,
    campaign_remind,
    campaign_update,
    invitations_send_due,
    pending_comments,
    reminder_recipients,
    results_built_on,
)
from surveys.services.emails import (
    _email_for as _email_for,
)
from surveys.services.emails import (
    _reminder_targets as _reminder_targets,
)
from surveys.services.emails import (
    invitation_opt_out,
    invitations_send,
)
from surveys.services.paper_codes import (
    paper_codes_create,
)
from surveys.services.questionnaires import (
    _refuse_if_in_use as _refuse_if_in_use,
)
from surveys.services.questionnaires import (
    item_update,
    questionnaire_copy,
    questionnaire_install_templates,
    questionnaire_update,
)
from surveys.trustees import MIN_TRUSTEES

__all__ = [
    "AnswerErrors",
    "Credential",
    "GENERIC_REFUSAL",
    "LOCKED_FIELDS",
    "MIN_COMMENTS_FLOOR",
    "MIN_N_FLOOR",
    "MIN_TRUSTEES",
    "SubmissionRefused",
    "answer_start",
    "campaign_close",
    "campaign_create",
    "campaign_open",
    "campaign_population",
    "campaign_publish",
    "campaign_remind",
    "campaign_update",
    "draft_load",
    "draft_save",
    "invitation_opt_out",
    "invitations_send",
    "invitations_send_due",
    "item_update",
    "paper_codes_create",
    "pending_comments",
    "questionnaire_copy",
    "questionnaire_install_templates",
    "questionnaire_items",
    "questionnaire_update",
    "reminder_recipients",
    "response_submit",
    "results_built_on",
]
