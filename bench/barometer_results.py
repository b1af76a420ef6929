"""Benchmark of the barometer results engine (analytics.stats + analytics.disclosure), no Django.

Synthesises a campaign (default 1,200,000 respondents × 40 items, 1,300 units in a 4-level tree, 5 reporting
attributes), then times:

* build: cube + disclosure mask + one blob per unit (what the Django layer stores), goal <= 30 s;
* queries: random (unit, optional filter) answered like the API will: load the unit's blob, deserialise,
  apply the mask, compute the figures; p50 / p95, goal p95 <= 50 ms;
* peak memory of this process (ru_maxrss), goal <= 2 GB;
* the same queries answered by a straightforward pandas group-by over the raw answers, in a separate
  process (its memory is not counted above), and the speed-up of p95.

Run: ``python bench/barometer_results.py [--respondents N] [--queries Q]``. The last line printed is
``build_s=… p50_ms=… p95_ms=… peak_mb=… pandas_p95_ms=… speedup=…``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import disclosure, stats  # noqa: E402

N_UNITS = 1300
N_ITEMS = 40
ATTR_SIZES = (6, 3, 3, 2, 5)  # job family, category A/B/C, status, gender, age band
N_FIVE_POINT = 32  # then 8 items on a 0-10 scale
ITEMS_PER_DIM = 5


def make_tree(rng: np.random.Generator) -> np.ndarray:
    """Root -> 12 regions -> 120 departments -> 1167 sites (4 levels, 1300 units)."""
    n_regions, n_depts = 12, 120
    n_sites = N_UNITS - 1 - n_regions - n_depts
    parent = np.empty(N_UNITS, dtype=np.int64)
    parent[0] = -1
    regions = np.arange(1, 1 + n_regions)
    depts = np.arange(1 + n_regions, 1 + n_regions + n_depts)
    sites = np.arange(1 + n_regions + n_depts, N_UNITS)
    parent[regions] = 0
    parent[depts] = rng.choice(regions, size=n_depts)
    parent[sites] = rng.choice(depts, size=n_sites)
    return parent


def synthesise(n_resp: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    parent = make_tree(rng)
    depth = np.zeros(N_UNITS, dtype=np.int64)
    for u in range(1, N_UNITS):
        depth[u] = depth[parent[u]] + 1
    # unit sizes: skewed (many small sites), and own staff for regional offices and departments
    weight = rng.lognormal(mean=0.0, sigma=1.2, size=N_UNITS)
    weight[depth == 0] = 3.0
    weight[depth == 1] *= 2.0
    weight[depth == 2] *= 0.5
    expected = weight / weight.sum() * n_resp
    tiny = (depth == 3) & (rng.random(N_UNITS) < 0.15)  # small sites: 1-12 respondents expected
    expected[tiny] = rng.uniform(1.0, 12.0, size=int(tiny.sum()))
    unit = rng.choice(N_UNITS, size=n_resp, p=expected / expected.sum()).astype(np.int32)
    attrs = np.empty((n_resp, len(ATTR_SIZES)), dtype=np.int8)
    for a, size in enumerate(ATTR_SIZES):
        p = rng.dirichlet(np.full(size, 2.0))
        attrs[:, a] = rng.choice(size, size=n_resp, p=p)
        attrs[rng.random(n_resp) < 0.02, a] = -1
    item_scale = np.where(np.arange(N_ITEMS) < N_FIVE_POINT, stats.SCALE_5, stats.SCALE_11).astype(np.int8)
    item_dim = (np.arange(N_ITEMS) // ITEMS_PER_DIM).astype(np.int16)
    unit_effect = rng.normal(0.0, 0.5, size=N_UNITS)
    item_effect = rng.normal(0.0, 0.4, size=N_ITEMS)
    answers = np.empty((n_resp, N_ITEMS), dtype=np.int8)
    chunk = 200_000
    for lo in range(0, n_resp, chunk):
        hi = min(lo + chunk, n_resp)
        latent = (
            unit_effect[unit[lo:hi], None]
            + item_effect[None, :]
            + rng.normal(0.0, 1.0, size=(hi - lo, N_ITEMS)).astype(np.float32)
        )
        five = np.clip(np.rint(3.2 + latent), 1, 5)
        eleven = np.clip(np.rint(6.5 + 2.0 * latent), 0, 10)
        block = np.where(item_scale[None, :] == stats.SCALE_5, five, eleven).astype(np.int8)
        draw = rng.random((hi - lo, N_ITEMS), dtype=np.float32)
        block[draw < 0.02] = stats.MISSING
        block[(draw >= 0.02) & (draw < 0.03)] = stats.NOT_CONCERNED
        answers[lo:hi] = block
    return {
        "parent": parent,
        "unit": unit,
        "attrs": attrs,
        "answers": answers,
        "item_scale": item_scale,
        "item_dim": item_dim,
    }


def make_queries(n: int, seed: int, n_views: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(seed + 1)
    units = rng.integers(0, N_UNITS, size=n)
    views = np.where(rng.random(n) < 0.5, 0, rng.integers(1, n_views, size=n))
    return [(int(u), int(v)) for u, v in zip(units, views, strict=True)]


def view_filter(v: int) -> tuple[int, int] | None:
    if v == 0:
        return None
    start = 1
    for a, size in enumerate(ATTR_SIZES):
        if v < start + size:
            return a, v - start
        start += size
    raise ValueError(v)


def pandas_worker(n_resp: int, seed: int, queries: list[tuple[int, int]], out: Any) -> None:
    """Same queries by a straightforward pandas group-by over the raw answers (no disclosure control)."""
    import pandas as pd

    data = synthesise(n_resp, seed)
    items = [f"q{i}" for i in range(N_ITEMS)]
    df = pd.DataFrame(data["answers"], columns=items)
    df.insert(0, "unit", data["unit"])
    for a in range(len(ATTR_SIZES)):
        df.insert(1 + a, f"a{a}", data["attrs"][:, a])
    parent = data["parent"]
    children: dict[int, list[int]] = {}
    for u in range(1, N_UNITS):
        children.setdefault(int(parent[u]), []).append(u)

    def subtree(u: int) -> list[int]:
        out_units, stack = [], [u]
        while stack:
            w = stack.pop()
            out_units.append(w)
            stack.extend(children.get(w, []))
        return out_units

    fav_min = pd.Series(
        np.where(data["item_scale"] == stats.SCALE_5, 4, 7), index=items, name="fav_min"
    ).rename_axis("item")
    timings = []
    for u, v in queries:
        t0 = time.perf_counter()
        rows = df["unit"].isin(subtree(u))
        filt = view_filter(v)
        if filt is not None:
            rows &= df[f"a{filt[0]}"] == filt[1]
        sub = df.loc[rows, items]
        long = sub.melt(var_name="item", value_name="value")
        hist = long.groupby(["item", "value"]).size()
        answered = long[long["value"] >= 0]
        grouped = answered.groupby("item")["value"]
        mean = grouped.mean()
        fav = (answered["value"] >= answered["item"].map(fav_min)).groupby(answered["item"]).mean()
        _ = (int(rows.sum()), hist, mean, fav)
        timings.append(time.perf_counter() - t0)
    out.put(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_200_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--pandas-queries", type=int, default=200, help="subset answered by pandas (slow)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    t = time.perf_counter()
    data = synthesise(args.respondents, args.seed)
    print(
        f"synthesised {args.respondents:,} respondents × {N_ITEMS} items in {time.perf_counter() - t:.1f} s"
    )

    t0 = time.perf_counter()
    cube = stats.build_cube(
        data["parent"],
        data["unit"],
        data["attrs"],
        data["answers"],
        ATTR_SIZES,
        data["item_scale"],
        data["item_dim"],
    )
    t1 = time.perf_counter()
    mask = disclosure.disclosure_mask(cube)
    t2 = time.perf_counter()
    blobs = disclosure.pack_units(cube, mask)
    t3 = time.perf_counter()
    build_s = t3 - t0
    print(f"cube {t1 - t0:.2f} s, disclosure mask {t2 - t1:.2f} s, {len(blobs)} unit blobs {t3 - t2:.2f} s")
    sizes = np.array([len(b) for b in blobs.values()])
    print(f"blobs: total {sizes.sum() / 1e6:.1f} MB, per unit median {np.median(sizes) / 1e3:.1f} kB")
    served_units = mask[:, 0].mean()
    served_filters = mask[:, 1:][mask[:, :1].repeat(mask.shape[1] - 1, axis=1)].mean()
    print(f"served: {served_units:.1%} of units, {served_filters:.1%} of filters of served units")

    queries = make_queries(args.queries, args.seed, cube.n_views)
    timings = []
    suppressed = 0
    for u, v in queries:
        q0 = time.perf_counter()
        unit_cube, unit_mask = disclosure.unpack_unit(blobs[u])
        res = disclosure.query(unit_cube, unit_mask, u, v)
        timings.append(time.perf_counter() - q0)
        suppressed += bool(res["suppressed"])
    ms = np.array(timings) * 1e3
    p50, p95 = float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
    print(f"{len(queries)} queries ({suppressed} suppressed): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del data, cube, blobs

    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(
        target=pandas_worker, args=(args.respondents, args.seed, queries[: args.pandas_queries], out)
    )
    proc.start()
    pandas_ms = np.array(out.get()) * 1e3
    proc.join()
    pandas_p95 = float(np.percentile(pandas_ms, 95))
    print(f"pandas, {len(pandas_ms)} of the same queries: p50 {np.percentile(pandas_ms, 50):.1f} ms")
    print(
        f"build_s={build_s:.2f} p50_ms={p50:.2f} p95_ms={p95:.2f} peak_mb={peak_mb:.0f} "
        f"pandas_p95_ms={pandas_p95:.1f} speedup={pandas_p95 / p95:.0f}"
    )


if __name__ == "__main__":
    main()
