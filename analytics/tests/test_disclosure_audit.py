"""Audit of the suppression pattern by integer linear programming, on random trees and populations.

For every suppressed group with 1..min_n-1 respondents, the smallest and largest respondent count (and score
sum of one item) consistent with *everything served* is computed, the unknowns being the counts and score
sums of the finest cells (unit × combination of attribute values). The pattern leaks if the count interval is
shorter than ``min_n`` or the score sum is determined. Groups of ``min_n`` or more that end up determined are
not a disclosure (they could have been served). An exhaustive search over whole numbers backs this up on tiny
trees.
"""

from __future__ import annotations

import itertools
import math
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import disclosure
from analytics.tests.auditlib import (
    MIN_N,
    Scenario,
    Shown,
    audit,
    leaks,
    rate_interval,
    scenario_from_cells,
)
from surveys.participation import STEP, open_rates, rollup_tree


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    depth = draw(st.integers(2, 4))
    n_units = draw(st.integers(depth, 15))
    parent = [-1]
    level = [0]
    for u in range(1, n_units):
        # keep one chain reaching the requested depth, attach the rest anywhere above the last level
        if u < depth:
            p = u - 1
        else:
            p = draw(st.sampled_from([w for w in range(u) if level[w] < depth - 1]))
        parent.append(p)
        level.append(level[p] + 1)
    leaves = {u for u in range(n_units) if u not in parent}
    has_direct = [u in leaves or draw(st.booleans()) for u in range(n_units)]
    n_attr = draw(st.integers(1, 2))
    attr_sizes = tuple(draw(st.integers(2, 3)) for _ in range(n_attr))
    unknown_allowed = tuple(draw(st.booleans()) for _ in range(n_attr))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    # skewed sizes: many tiny groups, some large ones
    sizes = [
        int(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20])) if has_direct[u] else 0 for u in range(n_units)
    ]
    unit = np.repeat(np.arange(n_units), sizes)
    n = unit.shape[0]
    attrs = np.empty((n, n_attr), dtype=np.int8)
    for a, (size, unk) in enumerate(zip(attr_sizes, unknown_allowed, strict=True)):
        lo = -1 if unk else 0
        weights = rng.dirichlet(np.ones(size + (1 if unk else 0)))
        attrs[:, a] = rng.choice(np.arange(lo, size), size=n, p=weights)
    # "unknown allowed" means the attacker cannot rule it out; make sure the flag matches the data
    unknown_allowed = tuple(bool((attrs[:, a] < 0).any()) or unknown_allowed[a] for a in range(n_attr))
    score = rng.integers(1, 6, size=n).astype(np.int8)
    return Scenario(
        parent=np.asarray(parent, dtype=np.int64),
        has_direct=np.asarray(has_direct, dtype=bool),
        attr_sizes=attr_sizes,
        unknown_allowed=unknown_allowed,
        unit=unit.astype(np.int64),
        attrs=attrs,
        score=score,
    )


# QUALIVIE_AUDIT_EXAMPLES=500 for a longer run (done before each change of the rules)
@settings(
    max_examples=int(os.environ.get("QUALIVIE_AUDIT_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios())
def test_random_patterns_survive_the_lp_audit(sc: Scenario) -> None:
    found = leaks(audit(sc))
    assert found == [], (
        [str(f) for f in found],
        sc.parent.tolist(),
        sc.cube.counts.tolist(),
        sc.mask.astype(int).tolist(),
    )


def test_served_groups_respect_the_threshold_and_filters_need_their_unit() -> None:
    rng = np.random.default_rng(7)
    for _ in range(30):
        n_units = 12
        parent = np.r_[-1, [rng.integers(0, u) for u in range(1, n_units)]]
        sizes = rng.choice([0, 1, 2, 3, 6, 10], size=n_units)
        unit = np.repeat(np.arange(n_units), sizes)
        attrs = rng.integers(-1, 3, size=(unit.shape[0], 2)).astype(np.int8)
        sc = Scenario(
            parent=parent,
            has_direct=np.ones(n_units, dtype=bool),
            attr_sizes=(3, 3),
            unknown_allowed=(True, True),
            unit=unit,
            attrs=attrs,
            score=np.full(unit.shape[0], 3, dtype=np.int8),
        )
        counts = sc.cube.counts
        assert not (sc.mask & (counts > 0) & (counts < MIN_N)).any()
        assert not (sc.mask[:, 1:] & ~sc.mask[:, :1]).any()


# --- exhaustive check over whole numbers on tiny trees -------------------------------------------------
# Layouts: (parent, units with own staff). One attribute with two values, no "unknown": 4 finest cells.
LAYOUTS = [
    ([-1, 0, 0], [False, True, True]),  # a service with two offices
    ([-1, 0], [True, True]),  # a regional office with its own staff and one site
]


def _groups(parent: list[int], has_direct: list[bool]) -> tuple[list[tuple[int, int]], np.ndarray]:
    """(unit, view) groups and their membership matrix over the cells (unit with staff × value)."""
    cells = [(w, val) for w in range(len(parent)) if has_direct[w] for val in (0, 1)]

    def inside(w: int, u: int) -> bool:
        while w >= 0:
            if w == u:
                return True
            w = parent[w]
        return False

    groups = [(u, v) for u in range(len(parent)) for v in range(3)]
    member = np.array(
        [[1 if inside(w, u) and (v == 0 or val == v - 1) else 0 for (w, val) in cells] for (u, v) in groups]
    )
    return groups, member


def test_exhaustive_integer_populations_on_tiny_trees() -> None:
    max_cell = 5
    for parent, has_direct in LAYOUTS:
        groups, member = _groups(parent, has_direct)
        n_cells = member.shape[1]
        grid = np.array(list(itertools.product(range(4 * max_cell + 1), repeat=n_cells)))
        grid_figures = grid @ member.T  # every candidate population's figure for every group
        for truth in itertools.product(range(max_cell + 1), repeat=n_cells):
            cells: dict[tuple[int, tuple[int, ...]], list[int]] = {}
            k = 0
            for w in range(len(parent)):
                if has_direct[w]:
                    for val in (0, 1):
                        cells[(w, (val,))] = [3] * truth[k]
                        k += 1
            sc = scenario_from_cells(parent, has_direct, (2,), (False,), cells)
            served = np.array([sc.mask[u, v] for (u, v) in groups])
            values = np.array([sc.cube.counts[u, v] for (u, v) in groups])
            consistent = (grid_figures[:, served] == values[served]).all(axis=1)
            assert consistent.any()
            feasible = grid_figures[consistent]
            for g, (u, v) in enumerate(groups):
                n = int(values[g])
                if served[g] or n == 0 or n >= MIN_N:
                    continue
                lo, hi = int(feasible[:, g].min()), int(feasible[:, g].max())
                assert hi - lo >= MIN_N, (parent, truth, (u, v), n, lo, hi)


def test_thresholds_cannot_be_lowered() -> None:
    import pytest

    with pytest.raises(ValueError):
        disclosure.Thresholds(min_n=3)
    with pytest.raises(ValueError):
        disclosure.Thresholds(min_comments=5)


# --- participation -------------------------------------------------------------------------------------
# The participation page shows respondent counts and rates: for the audit, each is the interval of its
# unit's respondent count that a reader can deduce (a rate r of a unit of i invited people, shown rounded).


def previous_design_participation(sc: Scenario, invited: list[int]) -> list[Shown]:
    """The previous design, kept here to show the attack: every unit (subtree) with at least ``min_n``
    respondents got its rate rounded to the nearest 5 %, whatever the results suppressed (the former
    ``surveys.services.participation_refresh``)."""
    inv = rollup_tree(invited, sc.parent.tolist())
    out = []
    for u in range(sc.n_units):
        n = int(sc.cube.counts[u, 0])
        if inv[u] and n >= MIN_N:
            rate = min(100, int(5 * round(100 * n / inv[u] / 5)))
            out.append(Shown(u, *rate_interval(inv[u], rate - 2.5, rate + 2.5)))
    return out


def current_participation(sc: Scenario, invited: list[int]) -> list[Shown]:
    """What the page shows while the campaign is open (``surveys.participation.open_rates``, with the
    results' mask): a tranche [r, r + 10 %[ for units of 20 invited or more whose count the mask serves."""
    parent = sc.parent.tolist()
    inv = rollup_tree(invited, parent)
    direct = [int(n) for n in sc.cube.direct[:, 0]]
    rates = open_rates(parent, invited, direct, MIN_N, mask=disclosure.suppression_mask)
    out = []
    for u, rate in enumerate(rates):
        if rate is None:
            continue
        if rate == 100:
            out.append(Shown(u, inv[u], inv[u]))
        else:
            lo = math.ceil(rate * inv[u] / 100 - 1e-9)
            hi = math.ceil((rate + STEP) * inv[u] / 100 - 1e-9) - 1  # the tranche's top is excluded
            out.append(Shown(u, lo, hi))
    return out


def _rectorat_with_a_small_school() -> tuple[Scenario, list[int]]:
    """Rectorat (no own staff) → A 27 respondents of 30 invited, B 20 of 20, C 3 of 5. The results serve the
    rectorat (50) and A (27); C is suppressed, and B with it (50 − 27 − 20 would give C's 3)."""
    cells = {(1, (0,)): [3] * 27, (2, (0,)): [3] * 20, (3, (0,)): [4] * 3}
    sc = scenario_from_cells([-1, 0, 0, 0], [False, True, True, True], (2,), (False,), cells)
    return sc, [0, 30, 20, 5]


def test_previous_participation_design_pins_down_a_suppressed_group() -> None:
    sc, invited = _rectorat_with_a_small_school()
    assert sc.mask[:, 0].tolist() == [True, True, False, False]
    assert leaks(audit(sc)) == []  # the results alone are safe
    old = previous_design_participation(sc, invited)
    assert Shown(2, 20, 20) in old  # B: 20 / 20 → 100 %, an exact count
    # while the campaign is open (participation alone) and after close (with the results): C is pinned
    for found in (
        leaks(audit(sc, False, results=False, participation=old)),
        leaks(audit(sc, participation=old)),
    ):
        pinned = [f for f in found if f["unit"] == 3 and f["view"] == 0]
        assert pinned and pinned[0]["count_hi"] - pinned[0]["count_lo"] < MIN_N


def test_current_participation_rules_keep_the_small_group_hidden() -> None:
    sc, invited = _rectorat_with_a_small_school()
    new = current_participation(sc, invited)
    assert {f.unit for f in new} == {0, 1}  # the rectorat and A, as tranches; B hidden like in the results
    assert leaks(audit(sc, False, results=False, participation=new)) == []
    assert leaks(audit(sc, participation=new)) == []


@st.composite
def scenarios_with_invited(draw: st.DrawFn) -> tuple[Scenario, list[int]]:
    sc = draw(scenarios())
    extra = draw(st.lists(st.sampled_from([0, 1, 2, 5, 10, 20]), min_size=sc.n_units, max_size=sc.n_units))
    direct = [int(n) for n in sc.cube.direct[:, 0]]
    invited = [n + (e if sc.has_direct[u] else 0) for u, (n, e) in enumerate(zip(direct, extra, strict=True))]
    return sc, invited


@settings(
    max_examples=int(os.environ.get("QUALIVIE_AUDIT_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios_with_invited())
def test_random_participation_figures_survive_the_lp_audit(drawn: tuple[Scenario, list[int]]) -> None:
    """The running counts of a day, shown under the current rules: alone (campaign open) and, in the worst
    case where nobody answers after the last daily snapshot, together with the results."""
    sc, invited = drawn
    shown = current_participation(sc, invited)
    for found in (
        leaks(audit(sc, False, results=False, participation=shown)),
        leaks(audit(sc, participation=shown)),
    ):
        assert found == [], (
            [str(f) for f in found],
            sc.parent.tolist(),
            sc.cube.counts[:, 0].tolist(),
            shown,
        )
