"""What someone holding the database (or two copies of it) can compute, written as plain reads of the tables.

Each function only reads rows, as an attacker with a backup would; the tests run them against the current design
(docs/anonymity.md, threat table). They take raw table contents, not models, so that they can also be pointed at
a copy of the database of the previous design.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection

from surveys.models import scale_decode


def _json(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value or "{}")


@dataclass
class Copy:
    """One read of the survey tables of a campaign (a backup)."""

    used: set[int]  # invitation ids whose key (``surveys_invitationkey``) is marked as having answered
    ballots: dict[str, bytes]  # ballot id → sealed bytes
    responses: list[tuple[str, int, dict[str, str], dict[str, Any]]]  # id, unit, attributes, answers
    invitations: dict[int, tuple[int, int, dict[str, str]]]  # id → person, unit, frozen attributes


def read_copy(campaign_id: int) -> Copy:
    with connection.cursor() as cursor:
        # who answered is the invitations' keys: one read joining each key (if any is left) to its invitation
        cursor.execute(
            "SELECT i.id, i.person_id, i.unit_id, i.attributes, k.used FROM surveys_invitation i "
            "LEFT JOIN surveys_invitationkey k ON k.invitation_id = i.id WHERE i.campaign_id = %s",
            [campaign_id],
        )
        rows = cursor.fetchall()
        invitations = {pk: (person, unit, _json(attrs)) for pk, person, unit, attrs, _used in rows}
        used = {pk for pk, _p, _u, _a, flag in rows if flag}
        cursor.execute("SELECT id, sealed FROM surveys_ballot WHERE campaign_id = %s", [campaign_id])
        ballots = {str(pk): bytes(sealed) for pk, sealed in cursor.fetchall()}
        cursor.execute("SELECT scale_keys FROM surveys_campaign WHERE id = %s", [campaign_id])
        scale_keys = _json(cursor.fetchone()[0]) or []
        cursor.execute(
            "SELECT id, unit_id, attributes, answers, scale FROM surveys_response WHERE campaign_id = %s",
            [campaign_id],
        )
        responses = [
            (str(pk), unit, _json(a), {**scale_decode(scale_keys, bytes(scale)), **_json(x)})
            for pk, unit, a, x, scale in cursor.fetchall()
        ]
    return Copy(used, ballots, responses, invitations)


def subtree_of(parent: dict[int, int | None]) -> dict[int, set[int]]:
    """unit → every unit of its subtree (itself included)."""
    below: dict[int, set[int]] = defaultdict(set)
    for unit in parent:
        up: int | None = unit
        while up is not None:
            below[up].add(unit)
            up = parent.get(up)
    return below


def join_attack(respondents: Copy, stored: Copy, parent: dict[int, int | None]) -> Counter[int]:
    """Tie stored answers to the people known to have answered (possibly from an earlier copy).

    For each stored (unit, attributes) combination, the candidates are the respondents whose unit lies under the
    stored unit and whose frozen attributes agree with every attribute not generalised to « nc ». Returns, per
    number of candidates, how many stored answers have that many: ``result[1]`` answers are named outright,
    ``result[2..4]`` narrowed to 2–4 people.
    """
    below = subtree_of(parent)
    outcome: Counter[int] = Counter()
    for _pk, unit, attributes, _answers in stored.responses:
        candidates = 0
        for invitation in respondents.used:
            _person, own_unit, frozen = respondents.invitations[invitation]
            if own_unit not in below[unit]:
                continue
            if all(v == "nc" or frozen.get(k) == v for k, v in attributes.items()):
                candidates += 1
        outcome[candidates] += 1
    return outcome


def transaction_links(campaign_id: int) -> dict[str, set[int]]:
    """PostgreSQL only: for each ballot or response, the invitations whose key (the row a submission marks used)
    was written by the same transaction (xmin), and the invitations themselves, in case one is ever written."""
    links: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text, invitation_id FROM surveys_invitationkey WHERE campaign_id = %s "
            "UNION ALL SELECT xmin::text, id FROM surveys_invitation WHERE campaign_id = %s",
            [campaign_id, campaign_id],
        )
        by_xid: dict[str, set[int]] = defaultdict(set)
        for xid, pk in cursor.fetchall():
            by_xid[xid].add(pk)
        for table in ("surveys_ballot", "surveys_response"):
            cursor.execute(f"SELECT id, xmin::text FROM {table} WHERE campaign_id = %s", [campaign_id])  # noqa: S608
            for pk, xid in cursor.fetchall():
                links[str(pk)] = by_xid.get(xid, set())
    return links


def storage_order(campaign_id: int) -> list[str]:
    """Response ids in physical order (ctid on PostgreSQL, rowid on SQLite)."""
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM surveys_response WHERE campaign_id = %s ORDER BY {column}",  # noqa: S608
            [campaign_id],
        )
        return [str(pk) for (pk,) in cursor.fetchall()]
