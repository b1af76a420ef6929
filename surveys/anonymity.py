"""Quasi-identifier coarsening at campaign opening (attack 7 of the threat model). Pure Python, no Django.

Rule (documented in docs/anonymity.md):

1. *Reporting unit.* Every invited person starts in their own unit. Going up the tree from the deepest
   units, a unit holding fewer than ``min_n`` invited people (its own plus those raised from below) hands
   them all to its parent. So every unit that a response can carry holds at least ``min_n`` invited people
   (only the top of the tree may hold fewer, when the whole population is smaller than ``min_n``).
2. *Attributes.* Within each reporting unit, a combination of the reporting attributes (e.g. métier ×
   catégorie × genre) held by fewer than ``min_n`` invited people has its *last* attribute replaced by
   ``"nc"`` (« autre / non communiqué »), then the one before, and so on; the order of the campaign's
   reporting attributes is their priority (first = kept longest). If the people replaced by ``"nc"``
   everywhere are still fewer than ``min_n``, the smallest remaining combination joins them.
   Result: every stored (unit × attributes) combination covers at least ``min_n`` invited people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

NC = "nc"


def reporting_units(
    invited_per_unit: Mapping[int, int],
    parent: Mapping[int, int | None],
    depth: Mapping[int, int],
    min_n: int,
) -> dict[int, int]:
    """Map each unit holding invited people to the unit its responses are stored under."""
    assigned: Counter[int] = Counter({u: n for u, n in invited_per_unit.items() if n > 0})
    moved_to: dict[int, int] = {}
    for unit in sorted(parent, key=lambda u: -depth[u]):
        up = parent[unit]
        if 0 < assigned[unit] < min_n and up is not None:
            assigned[up] += assigned.pop(unit)
            moved_to[unit] = up

    def resolve(unit: int) -> int:
        while unit in moved_to:
            unit = moved_to[unit]
        return unit

    return {u: resolve(u) for u in invited_per_unit}


def coarsen_attributes(rows: Sequence[Sequence[str]], min_n: int) -> list[tuple[str, ...]]:
    """Coarsen the attribute tuples of one reporting unit so that each distinct tuple occurs ``min_n`` times."""
    coarse = coarsen_counts(Counter(tuple(row) for row in rows), min_n)
    return [coarse[tuple(row)] for row in rows]


def coarsen_counts(
    counts: Mapping[tuple[str, ...], int], min_n: int
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """``coarsen_attributes`` on the distinct tuples and how many rows hold each: the coarse tuple of each one.

    Empty values count as ``NC``. From the last attribute to the first, every tuple held by fewer than ``min_n``
    rows loses that attribute (``NC``); then, while the all-``NC`` tuple is held by 1 to ``min_n - 1`` rows, the
    smallest other tuple joins it. Works on tuples, not rows: a unit of thousands of respondents holds a few
    hundred distinct tuples.
    """
    current = {combo: tuple(v or NC for v in combo) for combo in counts}
    width = len(next(iter(current.values()))) if current else 0
    if not width:
        return current

    def totals() -> Counter[tuple[str, ...]]:
        held: Counter[tuple[str, ...]] = Counter()
        for combo, n in counts.items():
            held[current[combo]] += n
        return held

    for attr in reversed(range(width)):
        held = totals()
        small = {c for c, n in held.items() if n < min_n}
        if not small:
            break
        for combo, c in current.items():
            if c in small:
                current[combo] = (*c[:attr], NC, *c[attr + 1 :])
    all_nc = (NC,) * width
    while True:
        held = totals()
        if not 0 < held[all_nc] < min_n:
            break
        others = [(n, c) for c, n in held.items() if c != all_nc]
        if not others:
            break
        _, smallest = min(others)
        for combo, c in current.items():
            if c == smallest:
                current[combo] = all_nc
    return current
