"""Aggregation cube of the anonymous staff barometer (pure numpy, no Django).

A :class:`Cube` holds, for every unit rolled up through its subtree and for every *view* (all respondents,
then each ``(attribute, value)``), the respondent count and, per item, the histogram of answer values
(including "missing" and "not concerned"). Everything the results pages show is derived from it by
:func:`figures`; what may be shown is decided by :mod:`analytics.disclosure`.

Encoding of the inputs (see :func:`build_cube`):

* units are ``0..U-1``; ``parent[u]`` is the index of the parent unit, ``-1`` for a root;
* respondents may be attached to any unit (a regional office's own staff, not only leaves);
* ``attrs[r, a]`` is the value code ``0..attr_sizes[a]-1`` of reporting attribute ``a``, ``-1`` unknown;
* ``answers[r, i]`` is ``1..5`` (5-point agreement scale) or ``0..10`` (0-10 scale), ``-1`` missing,
  ``-2`` "not concerned".
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

MISSING = -1
NOT_CONCERNED = -2
#: histogram bin of an answer value ``v`` is ``v + BIN_OFFSET`` (``-2`` -> 0, ``-1`` -> 1, ``0`` -> 2, ...)
BIN_OFFSET = 2
N_BINS = 13  # values -2..10
SCALE_5 = 5  # agreement scale, values 1..5
SCALE_11 = 11  # 0-10 scale, values 0..10
DEFAULT_FAV_MIN = {SCALE_5: 4, SCALE_11: 7}
Z95 = 1.959963984540054

_MAGIC = b"QVCUBE1\0"
_ALLOWED_KINDS = "biuf"  # no object / string arrays in a blob: loading never unpickles anything

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


def tree_levels(parent: ArrayLike) -> list[IntArray]:
    """Units grouped by depth (roots first). Raises ``ValueError`` on a malformed tree or a cycle."""
    par = np.asarray(parent, dtype=np.int64)
    n_units = par.shape[0]
    if par.ndim != 1 or n_units == 0:
        raise ValueError("parent must be a non-empty 1-d array")
    if ((par < -1) | (par >= n_units)).any():
        raise ValueError("parent indexes out of range")
    depth = np.where(par < 0, 0, -1)
    for _ in range(n_units):
        todo = np.flatnonzero(depth < 0)
        if todo.size == 0:
            break
        ready = todo[depth[par[todo]] >= 0]
        if ready.size == 0:
            raise ValueError("parent contains a cycle")
        depth[ready] = depth[par[ready]] + 1
    if (depth < 0).any():
        raise ValueError("parent contains a cycle")
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max()) + 2))
    return [order[bounds[d] : bounds[d + 1]] for d in range(len(bounds) - 1)]


def rollup(direct: NDArray[Any], parent: ArrayLike, levels: Sequence[IntArray] | None = None) -> NDArray[Any]:
    """Sum rows (first axis = unit) of ``direct`` over each unit's subtree, children before parents."""
    par = np.asarray(parent, dtype=np.int64)
    lv = tree_levels(par) if levels is None else levels
    out = np.array(direct, copy=True)
    for nodes in reversed(lv[1:]):
        targets = par[nodes]
        order = np.argsort(targets, kind="stable")
        sorted_targets = targets[order]
        starts = np.flatnonzero(np.r_[True, sorted_targets[1:] != sorted_targets[:-1]])
        out[sorted_targets[starts]] += np.add.reduceat(out[nodes[order]], starts, axis=0)
    return out


@dataclass(frozen=True, eq=False)
class Cube:
    """Per unit (subtree) × view: respondent counts and per-item answer histograms.

    ``unit_ids`` lists (sorted) the units whose rows are held: all units for a campaign cube, one unit for
    the per-unit blob the API loads. Row ``k`` of ``counts``/``direct``/``hist`` is unit ``unit_ids[k]``.
    View 0 is "all respondents"; view ``j > 0`` is ``attribute view_attr[j] == view_value[j]``.
    """

    parent: NDArray[np.int32]  # (U,) whole unit tree
    unit_ids: NDArray[np.int32]  # (K,)
    view_attr: NDArray[np.int16]  # (V,), -1 for view 0
    view_value: NDArray[np.int16]  # (V,), -1 for view 0
    counts: NDArray[np.int32]  # (K, V) respondents in the unit's subtree
    direct: NDArray[np.int32]  # (K, V) respondents attached to the unit itself
    hist: NDArray[np.int32]  # (K, V, I, N_BINS)
    item_scale: NDArray[np.int8]  # (I,) 5 or 11
    item_dim: NDArray[np.int16]  # (I,) dimension index
    item_fav_min: NDArray[np.int8]  # (I,) smallest favourable value

    @property
    def n_units(self) -> int:
        return int(self.parent.shape[0])

    @property
    def n_views(self) -> int:
        return int(self.view_attr.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.item_scale.shape[0])

    @property
    def n_dims(self) -> int:
        return int(self.item_dim.max()) + 1 if self.item_dim.size else 0

    @property
    def attr_sizes(self) -> tuple[int, ...]:
        attrs = self.view_attr[1:]
        return tuple(int((attrs == a).sum()) for a in range(int(attrs.max()) + 1)) if attrs.size else ()

    def view_slices(self) -> list[tuple[int, int]]:
        """``(first view index, number of values)`` of each attribute, in attribute order."""
        out: list[tuple[int, int]] = []
        start = 1
        for size in self.attr_sizes:
            out.append((start, size))
            start += size
        return out

    def view_index(self, attr: int | None = None, value: int | None = None) -> int:
        """Index of the view "all respondents" (no argument) or ``attr == value``."""
        if attr is None and value is None:
            return 0
        hits = np.flatnonzero((self.view_attr == attr) & (self.view_value == value))
        if hits.size != 1:
            raise KeyError(f"no view for attribute {attr} = {value}")
        return int(hits[0])

    def row(self, unit: int) -> int:
        """Row of ``unit`` in this cube; ``KeyError`` if the cube does not hold it."""
        k = int(np.searchsorted(self.unit_ids, unit))
        if k >= self.unit_ids.shape[0] or int(self.unit_ids[k]) != unit:
            raise KeyError(f"unit {unit} not in this cube")
        return k

    def subset(self, units: ArrayLike) -> Cube:
        """A cube holding only the rows of ``units`` (used for per-unit blobs)."""
        ids = np.unique(np.asarray(units, dtype=np.int32))
        rows = np.array([self.row(int(u)) for u in ids], dtype=np.int64)
        return Cube(
            parent=self.parent,
            unit_ids=ids,
            view_attr=self.view_attr,
            view_value=self.view_value,
            counts=self.counts[rows],
            direct=self.direct[rows],
            hist=self.hist[rows],
            item_scale=self.item_scale,
            item_dim=self.item_dim,
            item_fav_min=self.item_fav_min,
        )

    def arrays(self) -> dict[str, NDArray[Any]]:
        return {
            "parent": self.parent,
            "unit_ids": self.unit_ids,
            "view_attr": self.view_attr,
            "view_value": self.view_value,
            "counts": self.counts,
            "direct": self.direct,
            "hist": self.hist,
            "item_scale": self.item_scale,
            "item_dim": self.item_dim,
            "item_fav_min": self.item_fav_min,
        }

    def to_bytes(self, extra: Mapping[str, NDArray[Any]] | None = None, compress: bool = True) -> bytes:
        """Serialise (with optional extra arrays, e.g. the disclosure mask) to one self-describing blob."""
        arrays = {**self.arrays(), **{f"x.{k}": v for k, v in (extra or {}).items()}}
        return pack_arrays(arrays, compress=compress)

    @classmethod
    def from_bytes(cls, blob: bytes) -> tuple[Cube, dict[str, NDArray[Any]]]:
        """Inverse of :meth:`to_bytes`: the cube and the extra arrays. Arrays are read-only views."""
        arrays = unpack_arrays(blob)
        extra = {k[2:]: v for k, v in arrays.items() if k.startswith("x.")}
        fields = {k: v for k, v in arrays.items() if not k.startswith("x.")}
        return cls(**fields), extra


def pack_arrays(arrays: Mapping[str, NDArray[Any]], compress: bool = True) -> bytes:
    """Numeric arrays -> ``MAGIC | header length | JSON header | payload`` (payload zlib level 1)."""
    meta: list[list[Any]] = []
    chunks: list[bytes] = []
    offset = 0
    for name, arr in arrays.items():
        a = np.ascontiguousarray(arr)
        if a.dtype.kind not in _ALLOWED_KINDS:
            raise TypeError(f"array {name!r} has unsupported dtype {a.dtype}")
        raw = a.tobytes()
        meta.append([name, a.dtype.str, list(a.shape), offset, len(raw)])
        chunks.append(raw)
        offset += len(raw)
    payload = b"".join(chunks)
    if compress:
        payload = zlib.compress(payload, 1)
    header = json.dumps({"v": 1, "z": compress, "arrays": meta}, separators=(",", ":")).encode()
    return _MAGIC + struct.pack("<I", len(header)) + header + payload


def unpack_arrays(blob: bytes) -> dict[str, NDArray[Any]]:
    if blob[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not a cube blob")
    (hlen,) = struct.unpack_from("<I", blob, len(_MAGIC))
    start = len(_MAGIC) + 4
    header = json.loads(blob[start : start + hlen])
    payload = memoryview(blob)[start + hlen :]
    data: bytes | memoryview = zlib.decompress(payload) if header["z"] else payload
    out: dict[str, NDArray[Any]] = {}
    for name, dtype_str, shape, offset, nbytes in header["arrays"]:
        dtype = np.dtype(dtype_str)
        if dtype.kind not in _ALLOWED_KINDS:
            raise ValueError(f"unsupported dtype {dtype_str}")
        count = nbytes // dtype.itemsize
        out[name] = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)
    return out


def _check_inputs(
    parent: NDArray[np.int64],
    unit: NDArray[np.int64],
    attrs: NDArray[Any],
    answers: NDArray[Any],
    attr_sizes: Sequence[int],
    item_scale: NDArray[np.int8],
    item_dim: NDArray[np.int16],
) -> None:
    n_units = parent.shape[0]
    n_resp = unit.shape[0]
    if attrs.ndim != 2 or attrs.shape[0] != n_resp or attrs.shape[1] != len(attr_sizes):
        raise ValueError("attrs must be (N, A) with A == len(attr_sizes)")
    if answers.ndim != 2 or answers.shape[0] != n_resp or answers.shape[1] != item_scale.shape[0]:
        raise ValueError("answers must be (N, I) with I == len(item_scale)")
    if item_dim.shape != item_scale.shape or (item_dim.size and item_dim.min() < 0):
        raise ValueError("item_dim must be (I,) non-negative")
    if not np.isin(item_scale, (SCALE_5, SCALE_11)).all():
        raise ValueError("item_scale values must be 5 or 11")
    if n_resp and (unit.min() < 0 or unit.max() >= n_units):
        raise ValueError("unit index out of range")
    for a, size in enumerate(attr_sizes):
        col = attrs[:, a]
        if size < 1 or (n_resp and (col.min() < -1 or col.max() >= size)):
            raise ValueError(f"attribute {a}: codes must be -1..{size - 1}")
    if n_resp:
        if answers.min() < NOT_CONCERNED or answers.max() > 10:
            raise ValueError("answers must be in -2..10")
        five = item_scale == SCALE_5
        if five.any():
            sub = answers[:, five]
            if sub.max() > 5 or (sub == 0).any():
                raise ValueError("5-point items take values 1..5, -1 or -2")


def build_cube(
    parent: ArrayLike,
    unit: ArrayLike,
    attrs: ArrayLike,
    answers: ArrayLike,
    attr_sizes: Sequence[int],
    item_scale: ArrayLike,
    item_dim: ArrayLike,
    item_fav_min: ArrayLike | None = None,
    chunk_size: int = 1 << 18,
) -> Cube:
    """Count respondents and answer histograms per unit subtree and view, fully vectorised.

    One ``np.bincount`` per attribute (plus one for "all") over the combined key
    ``((unit, attribute value), item, answer bin)``, by chunks of respondents to bound memory, then a roll-up
    children -> parents by depth order. Unknown attribute values (-1) count in "all" but in no filtered view.
    """
    par = np.asarray(parent, dtype=np.int64)
    units = np.asarray(unit, dtype=np.int64)
    att = np.asarray(attrs)
    ans = np.asarray(answers)
    scale = np.asarray(item_scale, dtype=np.int8)
    dims = np.asarray(item_dim, dtype=np.int16)
    levels = tree_levels(par)
    _check_inputs(par, units, att, ans, attr_sizes, scale, dims)
    if item_fav_min is None:
        fav = np.where(scale == SCALE_5, DEFAULT_FAV_MIN[SCALE_5], DEFAULT_FAV_MIN[SCALE_11]).astype(np.int8)
    else:
        fav = np.asarray(item_fav_min, dtype=np.int8)
    n_units, n_items = par.shape[0], scale.shape[0]
    n_resp = units.shape[0]
    n_views = 1 + int(sum(attr_sizes))
    cell = n_items * N_BINS
    direct_hist = np.zeros((n_units, n_views, n_items, N_BINS), dtype=np.int32)
    direct_counts = np.zeros((n_units, n_views), dtype=np.int64)
    # block b: view offset, number of codes (values + 1 slot for "unknown", dropped afterwards)
    blocks: list[tuple[int, int]] = [(0, 1)]
    start = 1
    for size in attr_sizes:
        blocks.append((start, int(size) + 1))
        start += int(size)
    item_base = (np.arange(n_items, dtype=np.int64) * N_BINS)[None, :]
    for lo in range(0, n_resp, chunk_size):
        hi = min(lo + chunk_size, n_resp)
        cell_keys = ans[lo:hi].astype(np.int64) + (BIN_OFFSET + item_base)  # (n, I): item*bins + bin
        u = units[lo:hi]
        for b, (view0, codes) in enumerate(blocks):
            if b == 0:
                code = np.zeros(hi - lo, dtype=np.int64)
            else:
                raw = att[lo:hi, b - 1].astype(np.int64)
                code = np.where(raw < 0, codes - 1, raw)
            row_key = u * codes + code
            h = np.bincount((row_key[:, None] * cell + cell_keys).ravel(), minlength=n_units * codes * cell)
            c = np.bincount(row_key, minlength=n_units * codes)
            width = 1 if b == 0 else codes - 1
            direct_hist[:, view0 : view0 + width] += h.reshape(n_units, codes, n_items, N_BINS)[:, :width]
            direct_counts[:, view0 : view0 + width] += c.reshape(n_units, codes)[:, :width]
    view_attr = np.full(n_views, -1, dtype=np.int16)
    view_value = np.full(n_views, -1, dtype=np.int16)
    for a, (view0, codes) in enumerate(blocks[1:]):
        view_attr[view0 : view0 + codes - 1] = a
        view_value[view0 : view0 + codes - 1] = np.arange(codes - 1)
    return Cube(
        parent=par.astype(np.int32),
        unit_ids=np.arange(n_units, dtype=np.int32),
        view_attr=view_attr,
        view_value=view_value,
        counts=rollup(direct_counts, par, levels).astype(np.int32),
        direct=direct_counts.astype(np.int32),
        hist=rollup(direct_hist, par, levels),
        item_scale=scale,
        item_dim=dims,
        item_fav_min=fav,
    )


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval of the proportion ``k / n`` (``None`` when ``n == 0``)."""
    if n <= 0:
        return None
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def two_proportion_test(k_a: int, n_a: int, k_b: int, n_b: int) -> tuple[float, float]:
    """Pooled two-proportion z-test of ``k_b/n_b`` against ``k_a/n_a``: ``(z, two-sided p-value)``."""
    if n_a <= 0 or n_b <= 0:
        return 0.0, 1.0
    pooled = (k_a + k_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0.0:
        return 0.0, 1.0
    z = (k_b / n_b - k_a / n_a) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def compare(a: Mapping[str, Any], b: Mapping[str, Any], alpha: float = 0.05) -> dict[str, Any]:
    """Trend of one item between two figures (``a`` before, ``b`` after), as produced by :func:`figures`.

    ``delta_pts`` is the change of % favourable in points; ``significant`` only when ``p < alpha``.
    """
    if a.get("suppressed") or b.get("suppressed") or not a.get("n_answered") or not b.get("n_answered"):
        return {"suppressed": True}
    z, p = two_proportion_test(a["n_favourable"], a["n_answered"], b["n_favourable"], b["n_answered"])
    return {
        "delta_pts": b["pct_favourable"] - a["pct_favourable"],
        "z": z,
        "p_value": p,
        "significant": p < alpha,
    }


def figures(cube: Cube, unit: int, view: int = 0, min_item_n: int = 0) -> dict[str, Any]:
    """Figures of one unit (subtree) and view, **without any disclosure check** (use ``disclosure.query``).

    Items answered by fewer than ``min_item_n`` people are returned as ``{"item": i, "suppressed": True}``
    (statistical reliability; the anonymity guarantee rests on respondent groups, see docs/anonymity.md).
    """
    r = cube.row(unit)
    h = np.asarray(cube.hist[r, view], dtype=np.int64)  # (I, N_BINS)
    valued = h[:, BIN_OFFSET:]  # values 0..10
    answered = valued.sum(axis=1)
    sums = valued @ np.arange(11, dtype=np.int64)
    fav_mask = np.arange(11)[None, :] >= cube.item_fav_min[:, None].astype(np.int64)
    favourable = (valued * fav_mask).sum(axis=1)
    items: list[dict[str, Any]] = []
    dim_fav: list[list[float]] = [[] for _ in range(cube.n_dims)]
    dim_mean: list[list[float]] = [[] for _ in range(cube.n_dims)]
    for i in range(cube.n_items):
        n_ans = int(answered[i])
        if n_ans < min_item_n:
            items.append({"item": i, "suppressed": True})
            continue
        scale = int(cube.item_scale[i])
        first = 1 if scale == SCALE_5 else 0
        item: dict[str, Any] = {
            "item": i,
            "dimension": int(cube.item_dim[i]),
            "scale": scale,
            "n_answered": n_ans,
            "n_missing": int(h[i, MISSING + BIN_OFFSET]),
            "n_not_concerned": int(h[i, NOT_CONCERNED + BIN_OFFSET]),
            "distribution": {str(v): int(valued[i, v]) for v in range(first, first + scale)},
        }
        if n_ans:
            k = int(favourable[i])
            ci = wilson_interval(k, n_ans)
            item["mean"] = float(sums[i]) / n_ans
            item["n_favourable"] = k
            item["pct_favourable"] = 100.0 * k / n_ans
            item["ci95_pct_favourable"] = [100.0 * ci[0], 100.0 * ci[1]] if ci else None
            d = int(cube.item_dim[i])
            dim_fav[d].append(item["pct_favourable"])
            dim_mean[d].append(item["mean"])
        else:
            item.update(mean=None, n_favourable=0, pct_favourable=None, ci95_pct_favourable=None)
        items.append(item)
    dimensions = [
        {
            "dimension": d,
            "n_items": len(dim_fav[d]),
            "pct_favourable": sum(dim_fav[d]) / len(dim_fav[d]) if dim_fav[d] else None,
            "mean": sum(dim_mean[d]) / len(dim_mean[d]) if dim_mean[d] else None,
        }
        for d in range(cube.n_dims)
    ]
    return {
        "unit": int(unit),
        "view": int(view),
        "n": int(cube.counts[r, view]),
        "items": items,
        "dimensions": dimensions,
    }
