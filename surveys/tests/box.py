"""Test helpers for the sealed ballot box: name trustees with their keys, and count (open the box)."""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from core.tests.factories import RoleGrantFactory, UserFactory
from surveys import trustees
from surveys.models import Campaign


def name_trustees(campaign: Campaign, users: list[Any] | None = None, quorum: int = 2) -> dict[int, str]:
    """Name ``users`` as trustees, completed to three with staff representatives who have no HR record (so
    outside any population), and create each one's personal key. Returns {user pk: key text}."""
    users = list(users or [])
    if len(users) < 3:
        for n in range(3 - len(users)):
            user = UserFactory(email=f"depositaire{n + 1}.{campaign.organisation.slug}@test.fr")
            RoleGrantFactory(user=user, organisation=campaign.organisation, role=Role.STAFF_REP)
            users.append(user)
    named = trustees.trustees_set(campaign=campaign, users=users, quorum=quorum, by=None)
    return {t.user_id: trustees.trustee_key_create(trustee=t, by=t.user) for t in named}


def open_box(campaign: Campaign, keys: dict[int, str], how_many: int | None = None) -> trustees.CountResult:
    """Deposit ``how_many`` keys (default: the quorum) and open the box of a closed campaign."""
    campaign.refresh_from_db()
    wanted = campaign.quorum if how_many is None else how_many
    for trustee in list(campaign.trustees.select_related("user").order_by("number"))[:wanted]:
        trustees.trustee_deposit(trustee=trustee, key_text=keys[trustee.user_id], by=trustee.user)
    return trustees.ballot_box_open(campaign=campaign)


def depths(parent: dict[int, int | None]) -> dict[int, int]:
    """The depth of each unit of a tree given as {unit: parent} (0 for a top unit), for ``trustees.generalise``."""
    depth = {}
    for unit in parent:
        d, up = 0, parent[unit]
        while up is not None:
            d, up = d + 1, parent[up]
        depth[unit] = d
    return depth
