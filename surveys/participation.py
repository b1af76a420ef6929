"""Participation while a campaign is open: one snapshot a day, under the disclosure rules (docs/anonymity.md).

The worker recomputes the snapshot of every open campaign once a day at ``SURVEYS_PARTICIPATION_HOUR``
(``surveys.tasks.refresh_open_participation``); a page visit never does. The snapshot stores only what is
shown: a unit gets a rate only if it has at least ``MIN_INVITED`` invited people and its running respondent
count passes the same disclosure mask as the results (threshold and complementary suppression in the unit
tree, computed on the running counts), and the rate is a tranche of ``STEP`` % (rounded down). A suppressed
unit's count is not stored.

After close, participation is read from the built results only (``analytics.selectors.participation_for``):
the per-person "has answered" flags do not outlive the campaign.

``surveys`` never imports ``analytics``: the disclosure mask (``analytics.disclosure.suppression_mask``) is
handed over by ``analytics`` when the apps are ready (``register_disclosure_mask``). Without it, nothing is
computed (fail closed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from organisations.models import Unit
from surveys.models import Campaign, CampaignStatus, InvitationKey, PaperCode, ParticipationSnapshot

STEP = 10  # % — width of a rate tranche while the campaign is open
MIN_INVITED = 20  # units with fewer invited people get no rate while the campaign is open

# (parent, counts (U, 1), direct (U, 1), attribute slices, min_n) -> served (U, 1)
MaskFunction = Callable[
    [Sequence[int], Sequence[Sequence[int]], Sequence[Sequence[int]], list[Any], int], Any
]
_mask: MaskFunction | None = None


def register_disclosure_mask(function: MaskFunction) -> None:
    """Called by ``analytics.apps``: the tree suppression used for the results, applied to running counts."""
    global _mask
    _mask = function


def _disclosure_mask() -> MaskFunction:
    if _mask is None:
        raise ImproperlyConfigured("the disclosure mask is not registered (is the analytics app installed?)")
    return _mask


def tranche(respondents: int, invited: int, step: int = STEP) -> int:
    """Lower bound of the rate's tranche, in %: 47 % → 40 (shown as « 40 à 50 % »); 100 % stays 100."""
    if respondents >= invited:
        return 100
    return step * ((100 * respondents) // (invited * step))


def _tree(campaign: Campaign) -> tuple[list[dict[str, Any]], list[int]]:
    """Units of the organisation in path order and the parent index of each (-1 for a root)."""
    units: list[dict[str, Any]] = [
        dict(u)
        for u in Unit.objects.filter(organisation_id=campaign.organisation_id)
        .order_by("path")
        .values("pk", "name", "depth", "parent_id")
    ]
    index = {u["pk"]: i for i, u in enumerate(units)}
    parent = [index.get(u["parent_id"], -1) if u["parent_id"] is not None else -1 for u in units]
    return units, parent


def rollup_tree(direct: list[int], parent: list[int]) -> list[int]:
    """Subtree sums; ``parent`` comes from path order, so children follow their parent."""
    total = list(direct)
    for i in range(len(parent) - 1, -1, -1):
        if parent[i] >= 0:
            total[parent[i]] += total[i]
    return total


def reported_with(own: list[int], reporting: list[int], parent: list[int]) -> dict[int, int]:
    """Units with invited people in their subtree (``own``: by the person's unit) but none reported in it
    (``reporting``: by the unit the responses are stored under) → the nearest ancestor that holds reported
    people: the unit they were "reported with" because they were too few."""
    out: dict[int, int] = {}
    for i in range(len(parent)):
        if own[i] > 0 and reporting[i] == 0:
            up = parent[i]
            while up >= 0 and reporting[up] == 0:
                up = parent[up]
            if up >= 0:
                out[i] = up
    return out


def open_rates(
    parent: list[int], invited: list[int], answered: list[int], min_n: int, mask: MaskFunction | None = None
) -> list[int | None]:
    """The rule, on whole numbers: per unit (``parent`` in path order, ``invited`` and ``answered`` of the
    unit's own reporting), the tranche shown while the campaign is open, or ``None``. A rate only for a unit
    of ``MIN_INVITED`` invited people or more whose running count the disclosure mask serves."""
    inv_total = rollup_tree(invited, parent)
    ans_total = rollup_tree(answered, parent)
    served = (mask or _disclosure_mask())(
        parent, [[n] for n in ans_total], [[n] for n in answered], [], min_n
    )
    return [
        tranche(ans_total[i], inv_total[i]) if inv_total[i] >= MIN_INVITED and bool(served[i][0]) else None
        for i in range(len(parent))
    ]


def open_participation_rows(campaign: Campaign) -> list[dict[str, Any]]:
    """What the participation page shows while ``campaign`` is open (only shown figures are returned)."""
    units, parent = _tree(campaign)
    index = {u["pk"]: i for i, u in enumerate(units)}
    own = [0] * len(units)
    invited = [0] * len(units)
    answered = [0] * len(units)
    rows_inv = campaign.invitations.values_list("unit_id", "reporting_unit_id")
    for unit_id, reporting_id in rows_inv.iterator(chunk_size=5000):
        own[index[unit_id]] += 1
        invited[index[reporting_id]] += 1
    # who answered is in the invitations' keys (``InvitationKey``), counted per reporting unit
    used = (
        InvitationKey.objects.filter(campaign=campaign, used=True)
        .order_by()
        .values("invitation__reporting_unit_id")
    )
    for reporting_id, count in used.annotate(n=Count("pk")).values_list("invitation__reporting_unit_id", "n"):
        answered[index[reporting_id]] += count
    paper = Counter(
        PaperCode.objects.filter(campaign=campaign, used=True).values_list("reporting_unit_id", flat=True)
    )
    for unit_id, count in paper.items():
        answered[index[unit_id]] += count
    own_total = rollup_tree(own, parent)
    inv_total = rollup_tree(invited, parent)
    rates = open_rates(parent, invited, answered, campaign.min_respondents)
    merged = reported_with(own_total, inv_total, parent)
    rows: list[dict[str, Any]] = []
    for i, unit in enumerate(units):
        if not own_total[i] and not inv_total[i]:
            continue
        row: dict[str, Any] = {"unit_id": unit["pk"], "name": unit["name"], "depth": unit["depth"]}
        if i in merged:
            row["reported_with"] = units[merged[i]]["name"]
        else:
            row["rate"] = rates[i]
            if rates[i] is not None:
                row["invited"] = inv_total[i]
        rows.append(row)
    return rows


def participation_refresh(*, campaign: Campaign) -> ParticipationSnapshot | None:
    """Recompute the snapshot of an open campaign (the worker's daily job); nothing for other campaigns."""
    if campaign.status != CampaignStatus.OPEN:
        return None
    rows = open_participation_rows(campaign)
    snapshot, _created = ParticipationSnapshot.objects.update_or_create(
        campaign=campaign,
        defaults={"computed_at": timezone.now(), "data": {"units": rows, "step": STEP}},
    )
    return snapshot


def participation_refresh_open() -> int:
    """Refresh every open campaign; returns how many were refreshed."""
    done = 0
    for campaign in Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("pk"):
        if participation_refresh(campaign=campaign) is not None:
            done += 1
    return done


def participation_current(*, campaign: Campaign) -> ParticipationSnapshot | None:
    """The latest daily snapshot of an open campaign, or ``None`` before the first one: never computed here."""
    if campaign.status != CampaignStatus.OPEN:
        return None
    return ParticipationSnapshot.objects.filter(campaign=campaign).first()


def invited_by_own_unit(campaign: Campaign) -> dict[int, int]:
    """Invitations per person's own unit (not the unit reported to): kept after close, no "has answered"."""
    rows = campaign.invitations.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    return {int(unit_id): int(n) for unit_id, n in rows}
