"""Trustees of a campaign's ballot box, and the opening of the box after close (the count).

- Preparing: the programme lead names at least three trustees (programme leads and staff representatives of
  the organisation) and a quorum; each trustee then creates their personal key, handed to them once.
- Opening the campaign (``services.campaign_open``) seals one share of the box key to each trustee's key.
- After close, trustees deposit their key; once a quorum has, ``ballot_box_open`` rebuilds the box key in
  memory, opens every ballot, generalises the answers so that every stored combination covers at least
  ``min_respondents`` respondents, writes them in a random order in one transaction, and destroys the ballots,
  the deposits and the box's keys.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import secrets
import time
import uuid
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey, SealedBox

from accounts import perms as account_perms
from accounts.models import Role
from core.models import Job
from organisations.models import Unit
from surveys import ballotbox, crypto
from surveys.anonymity import coarsen_counts, reporting_units
from surveys.models import (
    NOT_CONCERNED,
    NOT_DISCLOSED,
    Ballot,
    Campaign,
    CampaignStatus,
    Comment,
    CommentStatus,
    ItemKind,
    PaperCode,
    Response,
    Trustee,
)
from surveys.purge import destroy_campaign_rows

MIN_TRUSTEES = 3
TRUSTEE_ROLES = (Role.PROGRAMME_LEAD, Role.STAFF_REP)


def may_be_trustee(user: Any, campaign: Campaign) -> bool:
    """Programme leads and staff representatives of the organisation (any scope) may hold a key."""
    return account_perms.has_role(user, campaign.organisation, *TRUSTEE_ROLES)


@transaction.atomic
def trustees_set(*, campaign: Campaign, users: Sequence[Any], quorum: int, by: Any) -> list[Trustee]:
    """Name the trustees and the quorum (campaign in preparation only). Kept trustees keep their key."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("Les dépositaires ne peuvent plus changer une fois la campagne ouverte."))
    errors: dict[str, str] = {}
    chosen = {u.pk: u for u in users}
    if len(chosen) < MIN_TRUSTEES:
        errors["users"] = _("Nommez au moins %(n)s dépositaires.") % {"n": MIN_TRUSTEES}
    refused = [u for u in chosen.values() if not may_be_trustee(u, campaign)]
    if refused:
        errors["users"] = _(
            "Seuls les pilotes QVT et les représentant·es du personnel de l'organisation peuvent être "
            "dépositaires (%(names)s ne l'est pas)."
        ) % {"names": ", ".join(sorted(str(u) for u in refused))}
    if not 2 <= quorum <= max(2, len(chosen)):
        errors["quorum"] = _("Le quorum doit être compris entre 2 et le nombre de dépositaires (%(n)s).") % {
            "n": len(chosen)
        }
    if errors:
        raise ValidationError(errors)
    Trustee.objects.filter(campaign=campaign).exclude(user_id__in=list(chosen)).delete()
    kept = set(Trustee.objects.filter(campaign=campaign).values_list("user_id", flat=True))
    Trustee.objects.bulk_create(
        Trustee(campaign=campaign, user=u) for pk, u in chosen.items() if pk not in kept
    )
    campaign.quorum = quorum
    campaign.save(update_fields=["quorum"])
    return list(campaign.trustees.select_related("user"))


@transaction.atomic
def trustee_key_create(*, trustee: Trustee, by: Any, passphrase: str = "") -> str:
    """Make the trustee's personal key; returns it (protected by ``passphrase`` if given) — it is not kept.

    Allowed while the campaign is in preparation; creating a new key replaces the previous one.
    """
    trustee = Trustee.objects.select_for_update().select_related("campaign").get(pk=trustee.pk)
    if getattr(by, "pk", None) != trustee.user_id:
        raise PermissionDenied(_("Seul·e le ou la dépositaire crée sa propre clé."))
    if trustee.campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(
            _("La campagne est ouverte : les clés des dépositaires ne peuvent plus changer.")
        )
    public, text = ballotbox.trustee_key_new()
    trustee.public_key = public
    trustee.key_registered_at = timezone.now()
    trustee.save(update_fields=["public_key", "key_registered_at"])
    return ballotbox.trustee_key_protect(text, passphrase) if passphrase else text


def trustee_deposit(*, trustee: Trustee, key_text: str, passphrase: str = "", by: Any) -> bool:
    """A trustee enters their key at the count. Returns True when the quorum is reached.

    The key opens the trustee's sealed share here; only the share is kept, encrypted, until the box is opened.
    Raises ``ValidationError`` with a French message for a wrong key or passphrase.
    """
    with transaction.atomic():
        trustee = Trustee.objects.select_for_update().select_related("campaign").get(pk=trustee.pk)
        campaign = trustee.campaign
        if getattr(by, "pk", None) != trustee.user_id:
            raise PermissionDenied(_("Seul·e le ou la dépositaire dépose sa propre clé."))
        if campaign.status == CampaignStatus.DRAFT or campaign.status == CampaignStatus.OPEN:
            raise ValidationError(_("L'urne s'ouvre seulement après la clôture de la campagne."))
        if campaign.box_opened_at is not None or not trustee.sealed_share:
            raise ValidationError(_("L'urne de cette campagne a déjà été ouverte."))
        try:
            private = ballotbox.trustee_key_read(key_text, passphrase)
            if ballotbox.public_of(private) != bytes(trustee.public_key or b""):
                raise ballotbox.BoxError(_("Cette clé n'est pas la vôtre pour cette campagne."))
            number, share = ballotbox.share_open(bytes(trustee.sealed_share), private)
        except ballotbox.BoxError as error:
            raise ValidationError({"key": error.message}) from error
        trustee.deposit = crypto.deposit_cipher().encrypt_at_time(bytes([number]) + share, current_time=0)
        trustee.deposited_at = timezone.now()
        trustee.save(update_fields=["deposit", "deposited_at"])
        deposited = Trustee.objects.filter(campaign=campaign).deposited().count()
    return deposited >= campaign.quorum


def box_status(campaign: Campaign) -> dict[str, Any]:
    """What the campaign page shows about the box: trustees, keys created, deposits, quorum."""
    trustees = list(campaign.trustees.select_related("user").order_by("number", "pk"))
    keys_ready = sum(1 for t in trustees if t.public_key)
    return {
        "trustees": trustees,
        "quorum": campaign.quorum,
        "keys_ready": keys_ready,
        "ready_to_open": len(trustees) >= MIN_TRUSTEES and keys_ready == len(trustees),
        "deposited": sum(1 for t in trustees if t.deposit is not None),
        "opened": campaign.box_opened_at is not None,
    }


# --- The count -------------------------------------------------------------------------------------------


def _take_deposits(campaign: Campaign) -> list[tuple[int, bytes]]:
    """Read and erase the deposited shares in one short transaction: from here on they live only in memory."""
    with transaction.atomic():
        rows = list(
            Trustee.objects.select_for_update()
            .filter(campaign=campaign)
            .deposited()
            .values_list("pk", "deposit")
        )
        if len(rows) < campaign.quorum:
            raise ValidationError(
                _("Le quorum n'est pas atteint : %(d)s clé(s) déposée(s) sur %(q)s nécessaires.")
                % {"d": len(rows), "q": campaign.quorum}
            )
        Trustee.objects.filter(pk__in=[pk for pk, _d in rows]).update(deposit=None)
    cipher = crypto.deposit_cipher()
    shares = []
    for _pk, blob in rows:
        plain = cipher.decrypt(bytes(blob or b""))
        shares.append((plain[0], plain[1:]))
    return shares


def generalise(
    rows: list[tuple[int, tuple[str, ...]]],
    parent: Mapping[int, int | None],
    depth: Mapping[int, int],
    min_n: int,
) -> list[tuple[int, tuple[str, ...]] | None]:
    """Unit and attributes of each respondent, generalised so that every combination holds ``min_n`` of them.

    The unit moves up the tree until it holds ``min_n`` respondents (``anonymity.reporting_units``), then the
    attributes are coarsened within each unit (``anonymity.coarsen_counts``). Only a top unit can be left
    with fewer: it takes in its smallest descendant groups until it has enough. A tree whose respondents are
    fewer than ``min_n`` in all is withheld (``None``): nothing of it can be stored safely. Pure function; it
    works on the distinct (unit, attributes) pairs and how many respondents hold each (as many as the
    respondents at worst, far fewer in a large unit), then gives each row its pair's place.
    """
    if not rows:
        return []
    held = Counter(rows)  # (unit, attributes) → respondents, in order of first appearance
    per_unit: Counter[int] = Counter()
    for (unit, _a), n in held.items():
        per_unit[unit] += n
    rep = reporting_units(per_unit, parent, depth, min_n)
    groups: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    size: Counter[int] = Counter()
    for pair, n in held.items():
        groups[rep[pair[0]]].append(pair)
        size[rep[pair[0]]] += n

    def top(unit: int) -> int:
        up = parent.get(unit)
        while up is not None:
            unit, up = up, parent.get(up)
        return unit

    for unit in [u for u in groups if size[u] < min_n]:
        below = sorted((u for u in groups if u != unit and top(u) == unit), key=lambda u: size[u])
        while size[unit] < min_n and below:
            taken = below.pop(0)
            groups[unit].extend(groups.pop(taken))
            size[unit] += size.pop(taken)
        if size[unit] < min_n:
            groups.pop(unit)
    placed: dict[tuple[int, tuple[str, ...]], tuple[int, tuple[str, ...]]] = {}
    for unit, pairs in groups.items():
        attributes: Counter[tuple[str, ...]] = Counter()
        for pair in pairs:
            attributes[pair[1]] += held[pair]
        coarse = coarsen_counts(attributes, min_n)
        for pair in pairs:
            placed[pair] = (unit, coarse[pair[1]])
    return [placed.get(row) for row in rows]


SCALE_RANGES: dict[str, tuple[int, int]] = {str(ItemKind.AGREEMENT): (1, 5), str(ItemKind.SCALE10): (0, 10)}
POOL_MIN_BALLOTS = 20_000  # below this, the ballots are opened in this process (tests, small campaigns)
CHUNK_BALLOTS = 2_000  # ballots per task of a worker process


@dataclass(frozen=True)
class OpenedAnswers:
    """The stored answers of an opened box, as compact arrays, for the results job (``results_build``).

    Exactly what was written as ``Response`` rows (generalised units and attributes), in the same random order:
    ``unit_ids[r]`` the stored unit, ``combos[combo[r]]`` the stored attribute values (in the order of
    ``attributes``, ``NOT_DISCLOSED`` for none), ``scale[r, i]`` the answer to ``item_keys[i]`` (in the item's
    range, ``NOT_CONCERNED``, or ``-1`` when unanswered). Nothing in it names anyone more than the stored rows.
    """

    attributes: tuple[str, ...]
    item_keys: tuple[str, ...]
    unit_ids: np.ndarray  # (n,) int64
    combos: list[tuple[str, ...]]
    combo: np.ndarray  # (n,) int32
    scale: np.ndarray  # (n, items) int8


@dataclass(frozen=True)
class CountResult:
    ballots: int
    stored: int  # responses written (0 when fewer than min_respondents answered)
    comments: int
    opened: OpenedAnswers | None = field(default=None, repr=False, compare=False)
    # seconds per phase of the count (read and decrypt, generalise, store, destroy): the benchmark prints them
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)


def _open_spec(campaign: Campaign) -> ballotbox.OpenSpec:
    items = campaign.questionnaire.items.order_by("position").values_list("key", "kind")
    return ballotbox.OpenSpec(
        attributes=tuple(campaign.reporting_attributes),
        scale_items=tuple((key, *SCALE_RANGES[kind]) for key, kind in items if kind in SCALE_RANGES),
        not_disclosed=NOT_DISCLOSED,
        not_concerned=NOT_CONCERNED,
    )


def _batches(sealed: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for one in sealed:
        batch.append(bytes(one))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open_ballots(
    private: PrivateKey, sealed: Iterable[bytes], spec: ballotbox.OpenSpec
) -> Iterator[ballotbox.OpenedChunk]:
    """Open every ballot, chunk by chunk, in order. Up to ``POOL_MIN_BALLOTS`` in this process; beyond, in a
    pool of ``os.cpu_count()`` spawned worker processes (no Django, no database in them: this process reads the
    ballots and hands them over), each holding the key only in its memory, for the time of the count."""
    batches = _batches(sealed, CHUNK_BALLOTS)
    head: list[list[bytes]] = []
    for batch in batches:
        head.append(batch)
        if len(head) * CHUNK_BALLOTS >= POOL_MIN_BALLOTS:
            break
    workers = os.cpu_count() or 1
    if len(head) * CHUNK_BALLOTS < POOL_MIN_BALLOTS or workers < 2:
        box = SealedBox(private)
        for batch in itertools.chain(head, batches):
            yield ballotbox.open_chunk(box, batch, spec)
        return
    # spawn, not fork: a forked child would share this process's database connection and the locks of its
    # threads; a spawned one imports only surveys.ballotbox. The key goes through the pool's pipe, once.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=ballotbox.pool_init, initargs=(bytes(private), spec)) as pool:
        pending: deque[Any] = deque()
        for batch in itertools.chain(head, batches):
            pending.append(pool.apply_async(ballotbox.pool_open, (batch,)))
            if len(pending) >= 2 * workers:  # bounded: the ballots are read as fast as they are opened
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def ballot_box_open(*, campaign: Campaign, job: Job | None = None) -> CountResult:
    """Open the box with the deposited shares, store the generalised answers, destroy ballots and keys.

    The result carries the stored answers as arrays (``CountResult.opened``) for the results job, which then
    need not read them back.
    """
    campaign = Campaign.objects.select_related("organisation", "questionnaire").get(pk=campaign.pk)
    if campaign.status not in {CampaignStatus.CLOSED, CampaignStatus.PUBLISHED}:
        raise ValidationError(_("L'urne s'ouvre seulement après la clôture de la campagne."))
    if campaign.box_opened_at is not None or campaign.box_sealed_key is None:
        raise ValidationError(_("L'urne de cette campagne a déjà été ouverte."))
    shares = _take_deposits(campaign)
    try:
        private = ballotbox.box_private_key(shares, bytes(campaign.box_sealed_key))
    except ballotbox.BoxError as error:
        raise ValidationError(error.message) from error
    spec = _open_spec(campaign)
    attrs = list(spec.attributes)
    units: list[int] = []
    attributes: list[tuple[str, ...]] = []
    answers: list[str] = []  # JSON text: a fraction of the memory of a dict
    texts: list[Sequence[list[str]] | None] = []
    scale_parts: list[bytes] = []
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    sealed, own_connection = _sealed_ballots(campaign.pk)
    for chunk in _open_ballots(private, sealed, spec):
        before = len(units)
        units.extend(chunk.units)
        attributes.extend(interned.setdefault(a, a) for a in chunk.attributes)
        answers.extend(chunk.answers)
        texts.extend(chunk.texts)
        scale_parts.append(chunk.scale)
        if job is not None and not own_connection and len(units) // 20000 > before // 20000:
            Job.objects.filter(pk=job.pk).update(message=_("%(n)s bulletins ouverts.") % {"n": len(units)})
    del private
    timings["read_and_decrypt"], clock = time.perf_counter() - clock, time.perf_counter()
    scale = np.frombuffer(b"".join(scale_parts), dtype=np.int8).reshape(len(units), len(spec.scale_items))
    del scale_parts
    tree = Unit.objects.filter(organisation=campaign.organisation).values_list("pk", "parent_id", "depth")
    parent = {pk: up for pk, up, _d in tree}
    depth = {pk: d for pk, _p, d in tree}
    placed = generalise(list(zip(units, attributes, strict=True)), parent, depth, campaign.min_respondents)
    del attributes, units
    n = len(placed)
    # the stored unit and attribute combination of each ballot as arrays (-1: withheld), not 1 M tuples
    combos: dict[tuple[str, ...], int] = {}
    spot_unit = np.fromiter((-1 if s is None else s[0] for s in placed), np.int64, n)
    spot_combo = np.fromiter(
        (0 if s is None else combos.setdefault(s[1], len(combos)) for s in placed), np.int32, n
    )
    del placed
    kept = np.flatnonzero(spot_unit >= 0)  # withheld respondents are left out
    order = kept[_random_permutation(len(kept))].tolist()
    keep = len(order) >= campaign.min_respondents
    comments = [(int(spot_unit[i]), key, text) for i in kept.tolist() for key, text in texts[i] or ()]
    secrets.SystemRandom().shuffle(comments)
    combo_json = [json.dumps(dict(zip(attrs, values, strict=True))) for values in combos]
    positions = np.array(order, dtype=np.int64)
    unit_ids, combo = spot_unit[positions], spot_combo[positions]
    stored_scale = scale[positions]
    width = stored_scale.shape[1]
    scale_bytes = stored_scale.tobytes()
    scale_keys = [key for key, _low, _high in spec.scale_items]
    timings["generalise_and_shuffle"], clock = time.perf_counter() - clock, time.perf_counter()
    with transaction.atomic():
        if keep:
            _store_responses(
                campaign.pk,
                zip(
                    unit_ids.tolist(),
                    (combo_json[c] for c in combo.tolist()),
                    (answers[i] for i in order),
                    (scale_bytes[r * width : (r + 1) * width] for r in range(len(order))),
                    strict=True,
                ),
            )
            _store_comments(campaign.pk, comments)
        timings["store_responses_and_comments"], clock = time.perf_counter() - clock, time.perf_counter()
        _destroy_ballots(campaign.pk)
        PaperCode.objects.filter(campaign=campaign).delete()
        Trustee.objects.filter(campaign=campaign).update(sealed_share=None, deposit=None)
        Campaign.objects.filter(pk=campaign.pk).update(
            box_opened_at=timezone.now(), box_public_key=None, box_sealed_key=None, scale_keys=scale_keys
        )
        timings["destroy_ballots"], clock = time.perf_counter() - clock, time.perf_counter()
    timings["commit"] = time.perf_counter() - clock
    opened = OpenedAnswers(
        attributes=spec.attributes,
        item_keys=tuple(scale_keys),
        unit_ids=unit_ids if keep else unit_ids[:0],
        combos=list(combos),
        combo=combo if keep else combo[:0],
        scale=stored_scale if keep else scale[:0],
    )
    return CountResult(n, len(order) if keep else 0, len(comments) if keep else 0, opened, timings)


def _random_permutation(n: int) -> np.ndarray:
    """A uniformly random order of ``n`` items from the system's secure source (``os.urandom``): the items sorted
    by a random 64-bit key each. Same randomness as ``SystemRandom().shuffle``, which reads ``os.urandom`` once
    per item (1.2 M system calls, ~1.5 s). Equal keys (one chance in 10¹³ for 1.2 M) keep their order."""
    keys = np.frombuffer(secrets.token_bytes(8 * n), dtype=np.uint64)
    return np.argsort(keys, kind="stable")


def _destroy_ballots(campaign_id: int) -> None:
    """Delete the campaign's ballots, inside the opening's transaction (``TRUNCATE`` if alone: ``surveys.purge``)."""
    destroy_campaign_rows(Ballot, campaign_id)


def _copy_cursor(cursor: Any) -> Any:
    """The psycopg 3 cursor under Django's wrapper when PostgreSQL COPY is available, else None."""
    raw = getattr(cursor, "cursor", None)
    return raw if connection.vendor == "postgresql" and hasattr(raw, "copy") else None


def _sealed_ballots(campaign_id: int) -> tuple[Iterator[bytes], bool]:
    """The campaign's sealed ballots, and whether this connection stays free meanwhile.

    On PostgreSQL, a binary ``COPY … TO STDOUT``: no hex encoding of 4 kB per ballot, and no server-side cursor
    (Django's ``iterator()`` in autocommit declares it ``WITH HOLD``, which makes the server copy every ballot
    aside before the first one is read). It runs on a connection of its own when no transaction is open (the
    job's progress can then still be written), on this one otherwise (tests, which see uncommitted ballots).
    """
    table = Ballot._meta.db_table
    where = f"campaign_id = {int(campaign_id)}"
    sql = f"COPY (SELECT sealed FROM {table} WHERE {where}) TO STDOUT (FORMAT BINARY)"  # noqa: S608

    def copied(conn: Any) -> Iterator[bytes]:
        with conn.cursor() as cursor, cursor.copy(sql) as copy:
            copy.set_types(["bytea"])
            for (one,) in copy.rows():
                yield one

    def own() -> Iterator[bytes]:
        reader = connection.get_new_connection(connection.get_connection_params())
        try:
            yield from copied(reader)
        finally:
            reader.close()

    def shared() -> Iterator[bytes]:
        with connection.cursor() as cursor:
            yield from copied(_copy_cursor(cursor).connection)

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        if not connection.in_atomic_block:
            return own(), False
        return shared(), True
    rows = Ballot.objects.filter(campaign_id=campaign_id).values_list("sealed", flat=True)
    return rows.iterator(chunk_size=CHUNK_BALLOTS), False


def _store_responses(campaign_id: int, rows: Iterable[tuple[int, str, str, bytes]]) -> None:
    """Write (unit, attributes as JSON text, choices as JSON text, scale bytes) rows in the given order: COPY on
    PostgreSQL (several times faster than ``bulk_create`` and without a model instance per row),
    ``bulk_create`` elsewhere. Same rows."""
    with connection.cursor() as cursor:
        raw = _copy_cursor(cursor)
        if raw is None:
            Response.objects.bulk_create(
                (
                    Response(
                        campaign_id=campaign_id,
                        unit_id=u,
                        attributes=json.loads(a),
                        answers=json.loads(x),
                        scale=scale,
                    )
                    for u, a, x, scale in rows
                ),
                batch_size=2000,
            )
            return
        columns = "id, campaign_id, unit_id, attributes, answers, scale"
        with raw.copy(f"COPY {Response._meta.db_table} ({columns}) FROM STDIN") as copy:
            for pk, (unit_id, attributes, answers, scale) in zip(_random_uuids(), rows, strict=False):
                copy.write_row((pk, campaign_id, unit_id, attributes, answers, scale))


def _random_uuids(batch: int = 65536) -> Iterator[str]:
    """Random (version 4) UUIDs as 32 hex digits, which PostgreSQL reads as ``uuid``: the same as ``uuid.uuid4()``
    (``os.urandom``), made a batch at a time (one ``uuid4()`` per row was a seventh of the responses' storage)."""
    while True:
        raw = np.frombuffer(bytearray(secrets.token_bytes(16 * batch)), dtype=np.uint8).reshape(batch, 16)
        raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
        raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
        digits = raw.tobytes().hex()
        for start in range(0, 32 * batch, 32):
            yield digits[start : start + 32]


def _store_comments(campaign_id: int, rows: list[tuple[int, str, str]]) -> None:
    """Write (unit, item key, text) comments, pending moderation, in the given order (COPY on PostgreSQL)."""
    with connection.cursor() as cursor:
        raw = _copy_cursor(cursor)
        if raw is None:
            Comment.objects.bulk_create(
                (Comment(campaign_id=campaign_id, unit_id=u, item_key=k, text=t) for u, k, t in rows),
                batch_size=2000,
            )
            return
        columns = "id, campaign_id, unit_id, item_key, text, moderated_text, status"
        with raw.copy(f"COPY {Comment._meta.db_table} ({columns}) FROM STDIN") as copy:
            for unit_id, key, text in rows:
                copy.write_row(
                    (uuid.uuid4(), campaign_id, unit_id, key, text, "", CommentStatus.PENDING.value)
                )
