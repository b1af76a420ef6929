"""Disclosure control of the barometer results (pure numpy, no Django).

The served/suppressed decision is taken once per campaign, at close, on the whole cube, and stored as a
boolean mask ``served[unit, view]`` next to the figures. Rules (rationale in docs/anonymity.md):

1. *Small group* — a unit with ``0 < n < min_n`` respondents is suppressed (primary suppression).
2. *Tree differencing* — the served units split the tree into *regions*: a served unit ``u`` and everything
   below it that is not under a served descendant. All that publishing reveals about a region is its
   *residual* ``n(u) - counts of the served units just below`` (``u``'s own staff — the "pseudo-child" — plus
   every suppressed unit in between). It must be 0 or ``>= min_n``; and a region holding respondents of a
   suppressed unit must have two non-empty *parts* (``u``'s own respondents, or one suppressed child
   subtree each), so that no suppressed unit is pinned down. Otherwise the smallest served unit just below
   is suppressed too (complementary suppression; units whose own residual is 0 add nothing and come last),
   or ``u`` itself if there is none. Iterated to a fixed point (suppression only grows).
3. *Filters* — a breakdown of a unit by one attribute (all its values at once) is served only if the unit
   is, and every value *and "unknown"* has 0 or ``>= min_n`` respondents in the unit: the group and its
   complement both reach the threshold. A breakdown is all or nothing: serving 10 and 7 of 20 would give the
   third value (3) by subtraction.
4. *Filters in the tree* — the served breakdowns split the tree into breakdown regions in the same way, and
   every value and "unknown" of each region's residual must be 0 or ``>= min_n`` (parent's women minus the
   visible children's women); otherwise the smallest breakdown just below, or the unit's own, is withdrawn.
5. The same rule 2 (with ``min_comments``) decides where comments are shown; participation counts are the
   view-0 counts and use the same mask.

Why breakdowns are all-or-nothing: the LP audit found that with value-by-value suppression, the
unit × value table leaks through combinations of rows and columns (a value hidden in its column but alone
in its row is pinned, and pins its column neighbours). With whole breakdowns, the attacker knows each
breakdown region's row totals (rule 2 regions, each 0 or ``>= min_n``) and column totals (each 0 or
``>= min_n``): every interior cell keeps a range of at least ``min_n``.

Counts of zero are served: "no respondent" reveals nobody's answer. Only one filter at a time is ever
served (no cross-filter such as women × under 30): it would be a new table needing its own checks.

The integer-programming audit (analytics/tests/test_disclosure_audit.py) checks, on random trees and
populations, that no suppressed group smaller than ``min_n`` can be narrowed to an interval shorter than
``min_n`` (from the counts), nor have its count or score sum determined (adding the score sums).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from analytics.stats import Cube, compare, figures, rollup, tree_levels

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

MIN_N_FLOOR = 5
MIN_COMMENTS_FLOOR = 10


@dataclass(frozen=True)
class Thresholds:
    """Disclosure thresholds, locked when the campaign opens. They can be raised, never lowered."""

    min_n: int = MIN_N_FLOOR
    min_comments: int = MIN_COMMENTS_FLOOR

    def __post_init__(self) -> None:
        if self.min_n < MIN_N_FLOOR:
            raise ValueError(f"min_n must be >= {MIN_N_FLOOR}")
        if self.min_comments < MIN_COMMENTS_FLOOR:
            raise ValueError(f"min_comments must be >= {MIN_COMMENTS_FLOOR}")


DEFAULT_THRESHOLDS = Thresholds()


def _regions(
    parent: IntArray, levels: Sequence[IntArray], served: BoolArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Per unit and view: ``owner`` (nearest served ancestor-or-self, -1 if none), ``top`` (for a suppressed
    unit, its ancestor-or-self just below ``owner``: the *part* of the region it belongs to) and ``below``
    (nearest served proper ancestor, -1 if none)."""
    n_units, n_views = served.shape
    owner = np.full((n_units, n_views), -1, dtype=np.int64)
    top = np.full((n_units, n_views), -1, dtype=np.int64)
    for depth, nodes in enumerate(levels):
        s = served[nodes]
        col = nodes[:, None]
        if depth == 0:
            owner[nodes] = np.where(s, col, -1)
            top[nodes] = np.where(s, -1, col)
        else:
            p = parent[nodes]
            owner[nodes] = np.where(s, col, owner[p])
            top[nodes] = np.where(s, -1, np.where(served[p], col, top[p]))
    below = np.full((n_units, n_views), -1, dtype=np.int64)
    nonroot = parent >= 0
    below[nonroot] = owner[parent[nonroot]]
    return owner, top, below


def _region_sums(owner: IntArray, values: IntArray) -> IntArray:
    """``out[u, v] = sum of values[w, v] over the units w of u's region in view v``."""
    n_units, n_views = owner.shape
    views = np.broadcast_to(np.arange(n_views, dtype=np.int64), (n_units, n_views))
    inside = owner >= 0
    sums = np.bincount(
        (owner * n_views + views)[inside],
        weights=values[inside].astype(np.float64),
        minlength=n_units * n_views,
    )
    return np.rint(sums).astype(np.int64).reshape(n_units, n_views)


def _tree_pass(
    parent: IntArray,
    levels: Sequence[IntArray],
    counts: IntArray,
    direct: IntArray,
    served: BoolArray,
    min_n: int,
) -> bool:
    """One round of rule 3 on every column of ``counts`` at once; mutates ``served``. True if it changed."""
    n_units, n_views = counts.shape
    owner, top, below = _regions(parent, levels, served)
    views = np.broadcast_to(np.arange(n_views, dtype=np.int64), (n_units, n_views))
    inside = owner >= 0
    region = owner * n_views + views  # region id = (owner unit, view)
    residual = _region_sums(owner, direct)
    # non-empty parts of each region: the owner's own respondents, or one suppressed child subtree
    positive = inside & (direct > 0)
    part = np.where(served, n_units, top)  # n_units marks the owner's own respondents
    part_keys = np.unique(region[positive] * (n_units + 1) + part[positive])
    n_parts = np.bincount(part_keys // (n_units + 1), minlength=n_units * n_views).reshape(n_units, n_views)
    own_part = served & (direct > 0)
    violation = served & (((residual > 0) & (residual < min_n)) | ((n_parts == 1) & ~own_part))
    if not violation.any():
        return False
    # candidates: served units just below a violating region, with respondents
    cand = served & (below >= 0) & (counts > 0)
    cand &= violation[np.maximum(below, 0), views]
    cu, cv = np.nonzero(cand)
    chosen_regions = np.empty(0, dtype=np.int64)
    if cu.size:
        groups = below[cu, cv] * n_views + cv
        order = np.lexsort((cu, counts[cu, cv], residual[cu, cv] == 0, groups))
        g_sorted = groups[order]
        first = order[np.r_[True, g_sorted[1:] != g_sorted[:-1]]]
        served[cu[first], cv[first]] = False
        chosen_regions = groups[first]
    vu, vv = np.nonzero(violation)
    alone = ~np.isin(vu * n_views + vv, chosen_regions)
    served[vu[alone], vv[alone]] = False
    return True


def _attribute_pass(
    parent: IntArray,
    levels: Sequence[IntArray],
    counts: IntArray,
    direct: IntArray,
    shown: BoolArray,
    min_n: int,
) -> bool:
    """One round of rule 4 for one attribute; ``counts``/``direct`` are ``(U, 1 + values)`` (column 0 =
    all respondents) and ``shown[u]`` says whether the breakdown of ``u`` is served. Mutates ``shown``."""
    owner, _, below = _regions(parent, levels, shown[:, None])
    # per breakdown region: respondents of each value and "unknown" (what publishing reveals)
    sums = _region_sums(np.repeat(owner, counts.shape[1], axis=1), direct)
    cells = np.column_stack([sums[:, 1:], sums[:, 0] - sums[:, 1:].sum(axis=1)])
    bad = shown & ((cells > 0) & (cells < min_n)).any(axis=1)
    if not bad.any():
        return False
    # complementary: merge in the smallest breakdown region just below (a unit whose breakdown is served)
    cand = np.flatnonzero(shown & (below[:, 0] >= 0) & (counts[:, 0] > 0))
    cand = cand[bad[below[cand, 0]]]
    fixed = np.empty(0, dtype=np.int64)
    if cand.size:
        groups = below[cand, 0]
        order = np.lexsort((cand, counts[cand, 0], groups))
        g_sorted = groups[order]
        first = order[np.r_[True, g_sorted[1:] != g_sorted[:-1]]]
        shown[cand[first]] = False
        fixed = groups[first]
    rest = np.flatnonzero(bad)
    shown[rest[~np.isin(rest, fixed)]] = False
    return True


def suppression_mask(
    parent: ArrayLike,
    counts: ArrayLike,
    direct: ArrayLike,
    attr_slices: Sequence[tuple[int, int]],
    min_n: int,
) -> BoolArray:
    """``served[unit, view]`` for subtree ``counts`` and ``direct`` counts (both ``(U, V)``, view 0 = all).

    ``attr_slices`` gives, per attribute, ``(first view, number of values)``; ``[]`` for a single column
    (participation or comment counts).
    """
    par = np.asarray(parent, dtype=np.int64)
    cnt = np.asarray(counts, dtype=np.int64)
    dct = np.asarray(direct, dtype=np.int64)
    if cnt.ndim != 2 or cnt.shape != dct.shape or cnt.shape[0] != par.shape[0]:
        raise ValueError("counts and direct must be (U, V)")
    levels = tree_levels(par)
    served: BoolArray = np.zeros(cnt.shape, dtype=bool)
    total = ~((cnt[:, :1] > 0) & (cnt[:, :1] < min_n))
    while _tree_pass(par, levels, cnt[:, :1], dct[:, :1], total, min_n):
        pass
    served[:, 0] = total[:, 0]
    for start, size in attr_slices:
        cols = np.r_[0, np.arange(start, start + size)]
        sub_counts = cnt[:, cols]
        unknown = sub_counts[:, 0] - sub_counts[:, 1:].sum(axis=1)
        small = ((sub_counts > 0) & (sub_counts < min_n)).any(axis=1) | ((unknown > 0) & (unknown < min_n))
        shown = total[:, 0] & ~small
        while _attribute_pass(par, levels, sub_counts, dct[:, cols], shown, min_n):
            pass
        served[:, start : start + size] = shown[:, None]
    return served


def disclosure_mask(cube: Cube, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> BoolArray:
    """``served[unit, view]`` of a campaign cube (must hold every unit)."""
    if cube.unit_ids.shape[0] != cube.n_units:
        raise ValueError("the disclosure mask needs the whole campaign cube")
    return suppression_mask(cube.parent, cube.counts, cube.direct, cube.view_slices(), thresholds.min_n)


def comments_mask(
    parent: ArrayLike,
    direct_comments: ArrayLike,
    unit_served: ArrayLike,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> BoolArray:
    """Units whose (subtree) comments of one question may be shown: the unit's figures are served, it has
    at least ``min_comments`` comments, and the tree rule holds with ``min_comments`` (a text shown at the
    parent but at no served child is recognisable word for word, so the residual must be 0 or large).
    Comments are never shown under a filter."""
    par = np.asarray(parent, dtype=np.int64)
    direct = np.asarray(direct_comments, dtype=np.int64)[:, None]
    counts = rollup(direct, par)
    allowed = np.asarray(unit_served, dtype=bool)
    levels = tree_levels(par)
    served: BoolArray = allowed[:, None] & (counts >= thresholds.min_comments)
    while _tree_pass(par, levels, counts, direct, served, thresholds.min_comments):
        pass
    return served[:, 0]


def shuffled_comments(comments: Sequence[str], rng: np.random.Generator | None = None) -> list[str]:
    """Comments in random order (never in the order received). The caller passes moderated texts."""
    gen = rng if rng is not None else np.random.default_rng()
    return [comments[i] for i in gen.permutation(len(comments))]


def query(
    cube: Cube,
    mask: ArrayLike,
    unit: int,
    view: int = 0,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[str, Any]:
    """Figures of ``unit`` (subtree) in ``view``, or ``{"suppressed": True}`` with no number at all.

    ``mask`` is aligned with the rows of ``cube`` (``(K, V)``), e.g. from :func:`unpack_unit`.
    """
    if not 0 <= view < cube.n_views:
        raise KeyError(f"no view {view}")
    served = np.asarray(mask, dtype=bool)
    if not bool(served[cube.row(unit), view]):
        return {"suppressed": True}
    out = figures(cube, unit, view, min_item_n=thresholds.min_n)
    out["suppressed"] = False
    return out


def participation(
    cube: Cube, mask: ArrayLike, unit: int, view: int = 0, invited: int | None = None
) -> dict[str, Any]:
    """Respondents (and rate if the invited headcount is given) after close; same mask as the figures."""
    served = np.asarray(mask, dtype=bool)
    r = cube.row(unit)
    if not bool(served[r, view]):
        return {"suppressed": True}
    n = int(cube.counts[r, view])
    out: dict[str, Any] = {"suppressed": False, "respondents": n}
    if invited:
        out["invited"] = int(invited)
        out["rate"] = n / invited
    return out


def live_participation(
    respondents: int, invited: int, step: int = 10, min_n: int = MIN_N_FLOOR
) -> dict[str, Any]:
    """Participation shown *while the campaign is open*: rounded down to ``step`` and only once the
    campaign-level count reaches ``min_n``. The caller refreshes it on a schedule (e.g. daily), never
    after each response, and only for the whole campaign or large units."""
    if respondents < max(min_n, step):
        return {"suppressed": True}
    shown = respondents - respondents % step
    return {"suppressed": False, "respondents_at_least": shown, "rate_at_least": shown / invited}


def trend(before: Mapping[str, Any], after: Mapping[str, Any], alpha: float = 0.05) -> dict[str, Any]:
    """Year-on-year comparison of two :func:`query` results for the same unit and view.

    Shown only where **both** years are served; it uses only the two served figures, so it reveals nothing
    beyond them (the respondents of two campaigns are disjoint sets of responses). Never sum or pool
    campaigns: a pooled figure would be a new aggregate that the masks of each year do not cover.
    """
    if before.get("suppressed", True) or after.get("suppressed", True):
        return {"suppressed": True}
    prev = {int(i["item"]): i for i in before["items"]}
    items = [
        {"item": int(i["item"]), **compare(prev[int(i["item"])], i, alpha)}
        for i in after["items"]
        if int(i["item"]) in prev
    ]
    dims_prev = {int(d["dimension"]): d for d in before["dimensions"]}
    dimensions = []
    for d in after["dimensions"]:
        p = dims_prev.get(int(d["dimension"]))
        if p is None or p["pct_favourable"] is None or d["pct_favourable"] is None:
            continue
        dimensions.append(
            {"dimension": int(d["dimension"]), "delta_pts": d["pct_favourable"] - p["pct_favourable"]}
        )
    return {
        "suppressed": False,
        "n_before": before["n"],
        "n_after": after["n"],
        "items": items,
        "dimensions": dimensions,
    }


def trend_mask(mask_before: ArrayLike, mask_after: ArrayLike) -> BoolArray:
    """Where a trend may be shown, for two campaigns whose units and views have been aligned."""
    return np.asarray(mask_before, dtype=bool) & np.asarray(mask_after, dtype=bool)


def pack_unit(cube: Cube, mask: ArrayLike, unit: int, compress: bool = True) -> bytes:
    """Blob the API loads for one unit: its row and mask, with every suppressed number zeroed and the
    direct counts (never served) dropped, so that what is stored for the API cannot leak more than it serves."""
    served = np.asarray(mask, dtype=bool)
    r = cube.row(unit)
    keep = served[r]
    sub = cube.subset([unit])
    safe = Cube(
        parent=sub.parent,
        unit_ids=sub.unit_ids,
        view_attr=sub.view_attr,
        view_value=sub.view_value,
        counts=np.where(keep[None, :], sub.counts, 0).astype(np.int32),
        direct=np.zeros_like(sub.direct),
        hist=np.where(keep[None, :, None, None], sub.hist, 0).astype(np.int32),
        item_scale=sub.item_scale,
        item_dim=sub.item_dim,
        item_fav_min=sub.item_fav_min,
    )
    return safe.to_bytes(extra={"served": keep[None, :]}, compress=compress)


def unpack_unit(blob: bytes) -> tuple[Cube, BoolArray]:
    """Inverse of :func:`pack_unit`: ``(cube with one row, mask (1, V))``, ready for :func:`query`."""
    cube, extra = Cube.from_bytes(blob)
    return cube, np.asarray(extra["served"], dtype=bool)


def pack_units(cube: Cube, mask: ArrayLike, compress: bool = True) -> dict[int, bytes]:
    """One blob per unit for a whole campaign (what the Django layer stores)."""
    return {int(u): pack_unit(cube, mask, int(u), compress) for u in cube.unit_ids}
