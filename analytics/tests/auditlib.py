"""Helpers for the disclosure tests: scenario building and the linear-programming audit (no Django)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from analytics import disclosure, stats

MIN_N = 5
BIG = 10_000  # stands for "unbounded" in the audit


@dataclass
class Scenario:
    """A unit tree and a population of respondents answering one 5-point item (plus attributes)."""

    parent: NDArray[np.int64]
    has_direct: NDArray[np.bool_]  # the org chart: units that can have their own staff
    attr_sizes: tuple[int, ...]
    unknown_allowed: tuple[bool, ...]  # attributes where "unknown" can occur (self-declared)
    unit: NDArray[np.int64]
    attrs: NDArray[np.int8]
    score: NDArray[np.int8]  # one answer per respondent, 1..5
    cube: stats.Cube = field(init=False)
    mask: NDArray[np.bool_] = field(init=False)

    def __post_init__(self) -> None:
        self.cube = stats.build_cube(
            self.parent, self.unit, self.attrs, self.score[:, None], self.attr_sizes, [5], [0]
        )
        self.mask = disclosure.disclosure_mask(self.cube, disclosure.Thresholds(min_n=MIN_N))

    @property
    def n_units(self) -> int:
        return int(self.parent.shape[0])

    def subtree(self, u: int) -> set[int]:
        out = {u}
        changed = True
        while changed:
            changed = False
            for w in range(self.n_units):
                if w not in out and int(self.parent[w]) in out:
                    out.add(w)
                    changed = True
        return out

    def score_sum(self, u: int, v: int) -> int:
        h = self.cube.hist[u, v, 0]
        return int(sum(int(h[b]) * (b - stats.BIN_OFFSET) for b in range(stats.BIN_OFFSET + 1, 8)))


def scenario_from_cells(
    parent: list[int],
    has_direct: list[bool],
    attr_sizes: tuple[int, ...],
    unknown_allowed: tuple[bool, ...],
    cells: dict[tuple[int, tuple[int, ...]], list[int]],
) -> Scenario:
    """Build a scenario from ``{(unit, attribute codes): [scores]}``."""
    units: list[int] = []
    attrs: list[tuple[int, ...]] = []
    scores: list[int] = []
    for (u, combo), sc in cells.items():
        for s in sc:
            units.append(u)
            attrs.append(combo)
            scores.append(s)
    n_attr = len(attr_sizes)
    return Scenario(
        parent=np.asarray(parent, dtype=np.int64),
        has_direct=np.asarray(has_direct, dtype=bool),
        attr_sizes=attr_sizes,
        unknown_allowed=unknown_allowed,
        unit=np.asarray(units, dtype=np.int64),
        attrs=np.asarray(attrs, dtype=np.int8).reshape(len(units), n_attr),
        score=np.asarray(scores, dtype=np.int8),
    )


@dataclass
class AuditResult:
    unit: int
    view: int
    n: int
    count_lo: float  # counts only
    count_hi: float
    joint_lo: float  # counts and score sums
    joint_hi: float
    sum_lo: float
    sum_hi: float


@dataclass(frozen=True)
class Shown:
    """A participation figure as a reader can use it: the respondents of ``unit``'s subtree (all of them,
    view 0) lie in ``[lo, hi]`` — a served count (lo = hi) or a rate with its rounding interval."""

    unit: int
    lo: int
    hi: int


def rate_interval(invited: int, pct_lo: float, pct_hi: float) -> tuple[int, int]:
    """Respondent counts of a unit of ``invited`` people whose rate is known to lie in ``[pct_lo, pct_hi]`` %
    (both ends included: the reader cannot tell how a rate on the boundary was rounded)."""
    lo = max(0, math.ceil(pct_lo * invited / 100 - 1e-9))
    hi = min(invited, math.floor(pct_hi * invited / 100 + 1e-9))
    return lo, hi


def audit(
    sc: Scenario,
    with_sums: bool = True,
    *,
    results: bool = True,
    participation: list[Shown] = (),  # type: ignore[assignment]
) -> list[AuditResult]:
    """Bounds of every suppressed group of 1..min_n-1 respondents, given everything served (integer
    programming).

    Variables: per finest cell (unit that can have its own staff × combination of attribute codes, "unknown"
    included where possible), the respondent count ``x >= 0`` and the score sum ``s`` with
    ``x <= s <= 5 x``. Each served (unit, view) gives two equalities: its count and its score sum
    (``results=False``: none, as while a campaign is open). Each participation figure gives the interval of
    its unit's respondent count. Every group of 1..min_n-1 respondents that the results do not serve is
    audited (a participation figure that gave one exactly would be reported as a leak).
    """
    combos = list(
        itertools.product(
            *[
                list(range(size)) + ([-1] if unk else [])
                for size, unk in zip(sc.attr_sizes, sc.unknown_allowed, strict=True)
            ]
        )
    )
    cells = [(w, c) for w in range(sc.n_units) if sc.has_direct[w] for c in combos]
    n_cells = len(cells)
    view_attr = sc.cube.view_attr
    view_value = sc.cube.view_value
    subtrees = [sc.subtree(u) for u in range(sc.n_units)]

    cell_unit = np.array([w for w, _ in cells])
    cell_codes = np.array([c for _, c in cells]).reshape(n_cells, len(sc.attr_sizes))
    in_subtree = np.array([[w in subtrees[u] for w in cell_unit] for u in range(sc.n_units)])

    def members(u: int, v: int) -> NDArray[np.int64]:
        a = int(view_attr[v])
        keep = in_subtree[u] & ((cell_codes[:, a] == int(view_value[v])) if a >= 0 else True)
        return np.flatnonzero(keep)

    n_views = sc.cube.n_views
    served_groups = [(u, v) for u in range(sc.n_units) for v in range(n_views) if results and sc.mask[u, v]]
    count_eq = np.zeros((len(served_groups), 2 * n_cells))
    sum_eq = np.zeros((len(served_groups), 2 * n_cells))
    for g, (u, v) in enumerate(served_groups):
        m = members(u, v)
        count_eq[g, m] = 1
        sum_eq[g, n_cells + m] = 1
    count_rhs = np.array([float(sc.cube.counts[u, v]) for u, v in served_groups])
    sum_rhs = np.array([float(sc.score_sum(u, v)) for u, v in served_groups])
    count_only: list[LinearConstraint] = []
    constraints: list[LinearConstraint] = []
    if served_groups:
        count_only.append(LinearConstraint(count_eq, count_rhs, count_rhs))
    if participation:
        rows = np.zeros((len(participation), 2 * n_cells))
        for k, shown in enumerate(participation):
            rows[k, members(shown.unit, 0)] = 1
        lows = np.array([float(f.lo) for f in participation])
        highs = np.array([float(f.hi) for f in participation])
        count_only.append(LinearConstraint(rows, lows, highs))
    constraints = list(count_only)
    if served_groups:
        constraints.append(LinearConstraint(sum_eq, sum_rhs, sum_rhs))
    # x <= s <= 5x  <=>  0 <= s - x  and  0 <= 5x - s
    ident = np.eye(n_cells)
    linking = [
        LinearConstraint(np.hstack([-ident, ident]), 0, np.inf),
        LinearConstraint(np.hstack([5 * ident, -ident]), 0, np.inf),
    ]
    bounds = Bounds(np.zeros(2 * n_cells), np.r_[np.full(n_cells, BIG), np.full(n_cells, 5 * BIG)])
    integrality = np.ones(2 * n_cells)

    def extreme(
        obj: NDArray[np.float64], sign: float, joint: bool, gap: float, presolve: bool = True
    ) -> float:
        """Best value of ``obj`` found by the solver, *attained by a checked feasible integer population*:
        the reported interval can only be narrower than the true one, so a solver error cannot hide a leak
        (it could only raise a false alarm, which is then re-checked exactly, then without presolve)."""
        cons = (constraints if joint else count_only) + linking
        res = milp(
            sign * obj,
            constraints=cons,
            bounds=bounds,
            integrality=integrality,
            options={"presolve": presolve, "time_limit": 60.0, "mip_rel_gap": gap},
        )
        assert res.x is not None, res.message
        x = np.rint(res.x)
        for con in cons:
            val = con.A @ x
            assert (val >= con.lb - 1e-6).all() and (val <= con.ub + 1e-6).all()
        assert (x >= bounds.lb).all() and (x <= bounds.ub).all()
        return float(obj @ x)

    def interval(obj: NDArray[np.float64], joint: bool, needed: float) -> tuple[float, float]:
        # quick solves first (any feasible population far enough apart settles it), exact ones if needed;
        # HiGHS' MIP presolve (scipy 1.17) once returned a wrong optimum, hence the last attempt
        lo = hi = 0.0
        for gap, presolve in ((0.5, True), (0.0, True), (0.0, False)):
            lo = extreme(obj, 1.0, joint, gap, presolve)
            hi = extreme(obj, -1.0, joint, gap, presolve)
            if hi - lo >= needed:
                break
        return lo, hi

    out: list[AuditResult] = []
    for u in range(sc.n_units):
        for v in range(n_views):
            n = int(sc.cube.counts[u, v])
            if (results and sc.mask[u, v]) or n == 0 or n >= MIN_N:
                continue  # groups of min_n or more may be determined: they could have been served
            m = members(u, v)
            obj = np.zeros(2 * n_cells)
            obj[m] = 1
            lo, hi = interval(obj, joint=False, needed=MIN_N)
            jlo = jhi = slo = shi = float("nan")
            if with_sums:
                jlo, jhi = interval(obj, joint=True, needed=1)
                obj_s = np.zeros(2 * n_cells)
                obj_s[n_cells + m] = 1
                slo, shi = interval(obj_s, joint=True, needed=1)
            out.append(AuditResult(u, v, n, lo, hi, jlo, jhi, slo, shi))
    return out


def leaks(results: list[AuditResult], min_n: int = MIN_N) -> list[dict[str, Any]]:
    """Suppressed groups smaller than ``min_n`` that the served figures pin down.

    * From the served counts, the group's count interval must span at least ``min_n`` (the attacker cannot
      tell a group of 1 from an empty one or from one of ``min_n``).
    * Adding the served score sums (which can only narrow it further, by arithmetic on the answers), the
      count must still not be determined, and the group's score sum must not be determined either.
    """
    bad = []
    for r in results:
        if r.n >= min_n:
            continue
        sums_pinned = not math.isnan(r.joint_lo) and (not r.joint_hi > r.joint_lo or not r.sum_hi > r.sum_lo)
        if r.count_hi - r.count_lo < min_n or sums_pinned:  # (audits without sums leave them NaN)
            bad.append(r.__dict__)
    return bad
