"""Cube construction, figures and serialisation (pure numpy, no database)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from analytics import stats

PARENT = np.array([-1, 0, 0, 1, 1, 2])  # 3 levels; respondents on every unit, not only leaves


def _random_campaign(seed: int, n: int = 400) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    item_scale = np.array([5, 5, 11, 5], dtype=np.int8)
    answers = np.empty((n, 4), dtype=np.int8)
    answers[:, [0, 1, 3]] = rng.integers(1, 6, size=(n, 3))
    answers[:, 2] = rng.integers(0, 11, size=n)
    answers[rng.random((n, 4)) < 0.1] = stats.MISSING
    answers[rng.random((n, 4)) < 0.05] = stats.NOT_CONCERNED
    return {
        "unit": rng.integers(0, PARENT.shape[0], size=n),
        "attrs": rng.integers(-1, 3, size=(n, 2)).astype(np.int8),
        "answers": answers,
        "item_scale": item_scale,
        "item_dim": np.array([0, 0, 1, 1], dtype=np.int16),
    }


def _subtree(u: int) -> set[int]:
    out = {u}
    for _ in range(PARENT.shape[0]):
        out |= {w for w in range(PARENT.shape[0]) if PARENT[w] in out}
    return out


def _build(c: dict[str, np.ndarray]) -> stats.Cube:
    return stats.build_cube(
        PARENT, c["unit"], c["attrs"], c["answers"], (3, 3), c["item_scale"], c["item_dim"]
    )


@pytest.mark.parametrize("chunk_size", [7, 1 << 18])
def test_cube_matches_a_naive_count(chunk_size: int) -> None:
    c = _random_campaign(1)
    cube = stats.build_cube(
        PARENT,
        c["unit"],
        c["attrs"],
        c["answers"],
        (3, 3),
        c["item_scale"],
        c["item_dim"],
        chunk_size=chunk_size,
    )
    assert cube.n_views == 7
    for u in range(PARENT.shape[0]):
        in_sub = np.isin(c["unit"], list(_subtree(u)))
        for v in range(cube.n_views):
            a, val = int(cube.view_attr[v]), int(cube.view_value[v])
            rows = in_sub & ((c["attrs"][:, a] == val) if a >= 0 else True)
            assert cube.counts[u, v] == rows.sum()
            direct = (c["unit"] == u) & ((c["attrs"][:, a] == val) if a >= 0 else True)
            assert cube.direct[u, v] == direct.sum()
            for i in range(4):
                expected = np.bincount(c["answers"][rows, i] + stats.BIN_OFFSET, minlength=stats.N_BINS)
                assert (cube.hist[u, v, i] == expected).all()


def test_unknown_attribute_counts_in_all_but_in_no_filter() -> None:
    c = _random_campaign(2)
    cube = _build(c)
    unknown = (c["attrs"][:, 0] < 0).sum()
    assert unknown > 0
    assert cube.counts[0, 0] - cube.counts[0, 1:4].sum() == unknown


def test_figures_on_a_hand_made_group() -> None:
    answers = np.array([[5, 10], [4, 7], [2, 6], [1, -1], [-2, 0], [3, 9]], dtype=np.int8)
    cube = stats.build_cube(
        [-1], np.zeros(6, dtype=np.int32), np.zeros((6, 1), dtype=np.int8), answers, (1,), [5, 11], [0, 0]
    )
    fig = stats.figures(cube, 0, 0)
    assert fig["n"] == 6
    a, b = fig["items"]
    assert a["n_answered"] == 5 and a["n_not_concerned"] == 1 and a["n_missing"] == 0
    assert a["mean"] == pytest.approx(3.0)
    assert a["pct_favourable"] == pytest.approx(40.0)  # 4 and 5
    assert a["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert b["n_answered"] == 5 and b["n_missing"] == 1
    assert b["pct_favourable"] == pytest.approx(60.0)  # 7, 9, 10
    assert set(b["distribution"]) == {str(v) for v in range(11)}
    assert fig["dimensions"][0]["pct_favourable"] == pytest.approx(50.0)
    assert fig["dimensions"][0]["mean"] == pytest.approx((3.0 + 32 / 5) / 2)
    lo, hi = a["ci95_pct_favourable"]
    assert lo < 40.0 < hi
    assert stats.figures(cube, 0, 0, min_item_n=6)["items"][0] == {"item": 0, "suppressed": True}


def test_wilson_interval_and_two_proportion_test() -> None:
    lo, hi = stats.wilson_interval(8, 10) or (0.0, 0.0)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    assert stats.wilson_interval(0, 0) is None
    z, p = stats.two_proportion_test(50, 100, 65, 100)
    pooled = 115 / 200
    assert z == pytest.approx(0.15 / np.sqrt(pooled * (1 - pooled) * 0.02))
    assert p == pytest.approx(2 * scipy_stats.norm.sf(z))
    a = {"n_favourable": 50, "n_answered": 100, "pct_favourable": 50.0}
    assert stats.compare(a, {"n_favourable": 65, "n_answered": 100, "pct_favourable": 65.0})["significant"]
    small = stats.compare(a, {"n_favourable": 55, "n_answered": 100, "pct_favourable": 55.0})
    assert not small["significant"] and small["delta_pts"] == pytest.approx(5.0)
    assert stats.compare(a, {"suppressed": True}) == {"suppressed": True}


@pytest.mark.parametrize("compress", [True, False])
def test_serialisation_round_trip_and_subset(compress: bool) -> None:
    cube = _build(_random_campaign(3))
    extra = {"served": np.ones((cube.n_units, cube.n_views), dtype=bool)}
    back, got = stats.Cube.from_bytes(cube.to_bytes(extra=extra, compress=compress))
    for name, arr in cube.arrays().items():
        assert np.array_equal(getattr(back, name), arr), name
    assert np.array_equal(got["served"], extra["served"])
    one = cube.subset([4])
    assert one.row(4) == 0 and np.array_equal(one.hist[0], cube.hist[4])
    assert stats.figures(one, 4, 2) == stats.figures(cube, 4, 2)
    with pytest.raises(KeyError):
        one.row(3)
    with pytest.raises(ValueError):
        stats.Cube.from_bytes(b"not a blob")


def test_invalid_inputs_are_refused() -> None:
    c = _random_campaign(4, n=10)
    bad = c["answers"].copy()
    bad[0, 0] = 0  # 0 is not a value of a 5-point item
    with pytest.raises(ValueError):
        stats.build_cube(PARENT, c["unit"], c["attrs"], bad, (3, 3), c["item_scale"], c["item_dim"])
    with pytest.raises(ValueError):
        stats.build_cube([1, 0], [0], [[0]], [[1]], (1,), [5], [0])  # cycle
    with pytest.raises(ValueError):
        stats.build_cube(PARENT, c["unit"], c["attrs"], c["answers"], (2, 3), c["item_scale"], c["item_dim"])
