"""Answering: credentials behind a token, drafts, submission and the ballot insert.

Nothing here logs, records history of, or queues anything that could tie an answer to a person; error
messages never quote a token."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import ballotbox, crypto
from surveys.answering import check_answers
from surveys.models import (
    NOT_DISCLOSED,
    Ballot,
    Campaign,
    CampaignStatus,
    Draft,
    Invitation,
    InvitationKey,
    Item,
    ItemKind,
    PaperCode,
)
from surveys.services.base import (
    GENERIC_REFUSAL,
    AnswerErrors,
    SubmissionRefused,
)


@dataclass(frozen=True)
class Credential:
    """What a token opens: a campaign, the person's own unit (or the code's site) and frozen attributes.

    Both go into the sealed ballot; the unit is generalised only when the box is opened (``surveys.trustees``).
    """

    campaign: Campaign
    kind: str  # "invitation" | "paper"
    pk: Any
    unit_id: int
    attributes: dict[str, str]


def _credential(token: str, *, light: bool = False) -> Credential | None:
    """One query: the unused invitation (or paper code) behind a token, with its campaign.

    ``light`` (submissions): plain SQL and a campaign holding only what a submission needs (compiling the ORM
    query was a sixth of a submission's CPU); other campaign fields load on access, one query each.
    """
    digest = crypto.token_hash(token)
    if light:
        found = _invitation_light(digest)
    else:
        keys = InvitationKey.objects.select_related("invitation", "invitation__campaign").filter(
            Q(token_hash=digest) | Q(reminder_token_hash=digest)
        )
        key = next(iter(keys[:1]), None)
        found = None if key is None else (key.used, key.invitation, key.invitation.campaign)
    if found is not None:
        used, invitation, campaign = found
        if used:
            return None
        return Credential(campaign, "invitation", invitation.pk, invitation.unit_id, invitation.attributes)
    code = next(iter(PaperCode.objects.select_related("campaign").filter(code_hash=digest)[:1]), None)
    if code is None or code.used:
        return None
    attributes = dict.fromkeys(code.campaign.reporting_attributes, NOT_DISCLOSED)
    return Credential(code.campaign, "paper", code.pk, code.unit_id, attributes)


@dataclass(frozen=True)
class _LightQuery:
    sql: str
    # The key's ``used``, the invitation's fields, then the campaign's from ``split`` on, each in model order
    # (as ``Model.from_db`` wants).
    fields: list[Any]
    converters: list[list[Any]]
    split: int


_LIGHT_FIELDS = (
    ("id", "unit", "attributes"),
    (
        "id",
        "status",
        "opens_on",
        "closes_on",
        "questionnaire",
        "reporting_attributes",
        "box_public_key",
        "ballot_size",
    ),
)
_LIGHT_QUERIES: dict[str, _LightQuery] = {}
_LIGHT_SQL = "SELECT {columns} FROM {key} k JOIN {invitation} i ON i.id = k.invitation_id "
_LIGHT_SQL += (
    "JOIN {campaign} c ON c.id = k.campaign_id WHERE k.token_hash = %s OR k.reminder_token_hash = %s"
)


def _light_query() -> _LightQuery:
    """Built once per database vendor: the SQL, the fields and their database converters (as the ORM's)."""
    query = _LIGHT_QUERIES.get(connection.vendor)
    if query is None:
        fields: list[Any] = [InvitationKey._meta.get_field("used")]
        fields += [f for f in Invitation._meta.concrete_fields if f.name in _LIGHT_FIELDS[0]]
        split = len(fields)
        fields += [f for f in Campaign._meta.concrete_fields if f.name in _LIGHT_FIELDS[1]]
        quote = connection.ops.quote_name
        alias = {InvitationKey: "k.", Invitation: "i.", Campaign: "c."}
        columns = ", ".join(alias[f.model] + quote(f.column) for f in fields)
        tables = {
            "key": quote(InvitationKey._meta.db_table),
            "invitation": quote(Invitation._meta.db_table),
            "campaign": quote(Campaign._meta.db_table),
        }
        sql = _LIGHT_SQL.format(columns=columns, **tables)
        converters = []
        for field in fields:
            column = field.get_col(field.model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            converters.append([(convert, column) for convert in found])
        query = _LIGHT_QUERIES[connection.vendor] = _LightQuery(sql, fields, converters, split)
    return query


def _invitation_light(digest: str) -> tuple[bool, Invitation, Campaign] | None:
    """Whether the key with this token hash was used, its invitation and campaign, as the ORM would build them
    with ``only()``."""
    query = _light_query()
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [digest, digest])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, converters in zip(row, query.converters, strict=True):
        for convert, column in converters:
            value = convert(value, column, connection)
        values.append(value)
    names = [f.attname for f in query.fields]
    split = query.split
    invitation = Invitation.from_db(connection.alias, names[1:split], values[1:split])
    campaign = Campaign.from_db(connection.alias, names[split:], values[split:])
    return bool(values[0]), invitation, campaign


def _check_open(campaign: Campaign) -> None:
    today = timezone.localdate()
    if campaign.status == CampaignStatus.DRAFT or today < campaign.opens_on:
        raise SubmissionRefused(
            _(
                "Cette enquête n'est pas encore ouverte : elle ouvrira le %(d)s. Gardez votre lien ou votre code."
            )
            % {"d": campaign.opens_on.strftime("%d/%m/%Y")}
        )
    if campaign.status != CampaignStatus.OPEN or today > campaign.closes_on:
        raise SubmissionRefused(
            _("Cette enquête est close : il n'est plus possible d'y répondre. Merci de votre intérêt.")
        )


def answer_start(*, token: str) -> Campaign:
    """The campaign a token opens, or a refusal that does not say whether the token ever existed."""
    credential = _credential(token)
    if credential is None:
        raise SubmissionRefused(str(GENERIC_REFUSAL))
    campaign = credential.campaign
    _check_open(campaign)
    return campaign


_ITEMS_CACHE: dict[int, list[Item]] = {}


def questionnaire_items(questionnaire_id: int) -> list[Item]:
    """Items of a questionnaire in use (frozen, so cached per process)."""
    items = _ITEMS_CACHE.get(questionnaire_id)
    if items is None:
        items = list(Item.objects.filter(questionnaire_id=questionnaire_id).order_by("position"))
        if (
            Campaign.objects.filter(questionnaire_id=questionnaire_id)
            .exclude(status=CampaignStatus.DRAFT)
            .exists()
        ):
            _ITEMS_CACHE[questionnaire_id] = items
    return items


def draft_save(*, campaign: Campaign, token: str, raw: Mapping[str, Any]) -> None:
    """Save what was typed so far, readable only with the respondent's own token."""
    payload = crypto.encrypt(crypto.draft_cipher(token), {"raw": dict(raw)})
    Draft.objects.update_or_create(
        lookup=crypto.draft_lookup(token), defaults={"campaign": campaign, "payload": payload}
    )


def draft_load(*, token: str) -> dict[str, Any]:
    draft = Draft.objects.filter(lookup=crypto.draft_lookup(token)).values_list("payload", flat=True).first()
    if draft is None:
        return {}
    try:
        return dict(crypto.decrypt(crypto.draft_cipher(token), draft).get("raw", {}))
    except crypto.InvalidToken:
        return {}


def response_submit(*, token: str, raw: Mapping[str, Any]) -> None:
    """Check one submission, seal it and put it in the ballot box; the token's invitation (or code) is used up.

    Raises ``SubmissionRefused`` (unknown, used, closed) or ``AnswerErrors`` (answers to correct).
    The ballot is sealed with the box's public key before anything is written; concurrent replays of one token
    store exactly one ballot: the conditional UPDATE … WHERE used = false (of the invitation's key) is the lock.
    """
    credential = _credential(token, light=True)
    if credential is None:
        raise SubmissionRefused(str(GENERIC_REFUSAL))
    campaign = credential.campaign
    _check_open(campaign)
    items = questionnaire_items(campaign.questionnaire_id)
    clean, errors = check_answers(items, raw)
    if errors:
        raise AnswerErrors(errors)
    texts = {item.key for item in items if item.kind == ItemKind.TEXT}
    payload = {
        "u": credential.unit_id,
        "a": credential.attributes,
        "x": {k: v for k, v in clean.items() if k not in texts},
        "c": [[k, v] for k, v in clean.items() if k in texts],
    }
    try:
        sealed = ballotbox.seal(bytes(campaign.box_public_key or b""), payload, campaign.ballot_size)
    except ballotbox.BallotTooLarge as error:
        message = _(
            "Vos commentaires sont trop longs pour tenir dans le bulletin scellé : raccourcissez-les un peu."
        )
        raise AnswerErrors(dict.fromkeys(sorted(texts & set(clean)), message)) from error
    model = InvitationKey if credential.kind == "invitation" else PaperCode
    if not _ballot_insert(model, credential.pk, campaign.pk, sealed, crypto.draft_lookup(token)):
        raise SubmissionRefused(str(GENERIC_REFUSAL))


# One statement, hence one transaction, on PostgreSQL: use the credential up (the invitation's key or the paper
# code, only if still unused), put the sealed ballot in the box and drop the draft. Same effect as the portable
# ORM version below.
_BALLOT_INSERT_SQL = """
WITH used AS (UPDATE {table} SET used = true WHERE {pk} = %s AND NOT used RETURNING 1),
sealed AS (INSERT INTO surveys_ballot (id, campaign_id, sealed) SELECT %s, %s, %s FROM used RETURNING 1),
dropped AS (DELETE FROM surveys_draft WHERE lookup = %s AND EXISTS (SELECT 1 FROM used))
SELECT count(*) FROM sealed
"""


def _ballot_insert(model: Any, pk: Any, campaign_id: int, sealed: bytes, lookup: str) -> bool:
    """True if the ballot was stored; False when the invitation (or code) had already been used."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        sql = _BALLOT_INSERT_SQL.format(table=model._meta.db_table, pk=model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk, uuid.uuid4(), campaign_id, sealed, lookup])
            (inserted,) = cursor.fetchone()
        return bool(inserted)
    with transaction.atomic():
        if model.objects.filter(pk=pk, used=False).update(used=True) != 1:
            return False
        Ballot.objects.create(campaign_id=campaign_id, sealed=sealed)
        Draft.objects.filter(lookup=lookup).delete()
        return True
