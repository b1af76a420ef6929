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
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import disclosure
from analytics.tests.auditlib import MIN_N, Scenario, audit, leaks, scenario_from_cells


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
