"""The count generalises 1.2 M respondents on their distinct (unit, attributes) pairs, not row by row: the result
is the same, row for row, as the row-by-row algorithm it replaced (kept here as the reference)."""

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.anonymity import NC, coarsen_attributes, reporting_units
from surveys.tests.box import depths
from surveys.trustees import generalise


def reference_coarsen(rows, min_n):
    values = [[v or NC for v in row] for row in rows]
    if not values or not values[0]:
        return [tuple(v) for v in values]
    width = len(values[0])
    for attr in reversed(range(width)):
        counts = Counter(tuple(v) for v in values)
        small = [v for v in values if counts[tuple(v)] < min_n]
        if not small:
            break
        for v in small:
            v[attr] = NC
    all_nc = tuple([NC] * width)
    while True:
        counts = Counter(tuple(v) for v in values)
        if not 0 < counts[all_nc] < min_n:
            break
        others = [(n, combo) for combo, n in counts.items() if combo != all_nc]
        if not others:
            break
        _, smallest = min(others)
        for v in values:
            if tuple(v) == smallest:
                v[:] = list(all_nc)
    return [tuple(v) for v in values]


def reference_generalise(rows, parent, depth, min_n):
    if not rows:
        return []
    rep = reporting_units(Counter(unit for unit, _a in rows), parent, depth, min_n)
    groups = defaultdict(list)
    for index, (unit, _a) in enumerate(rows):
        groups[rep[unit]].append(index)

    def top(unit):
        up = parent.get(unit)
        while up is not None:
            unit, up = up, parent.get(up)
        return unit

    withheld = []
    for unit in [u for u, members in groups.items() if len(members) < min_n]:
        below = sorted((u for u in groups if u != unit and top(u) == unit), key=lambda u: len(groups[u]))
        while len(groups[unit]) < min_n and below:
            groups[unit].extend(groups.pop(below.pop(0)))
        if len(groups[unit]) < min_n:
            withheld.extend(groups.pop(unit))
    out = [None] * len(rows)
    for unit, members in groups.items():
        coarse = reference_coarsen([rows[i][1] for i in members], min_n)
        for index, attrs in zip(members, coarse, strict=True):
            out[index] = (unit, attrs)
    return out


ATTRIBUTES = st.tuples(
    st.sampled_from(["F", "M", "X", ""]), st.sampled_from(["A", "B", "C"]), st.sampled_from("yz")
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(ATTRIBUTES, max_size=80), min_n=st.integers(2, 6))
def test_coarsening_on_counts_equals_the_row_by_row_algorithm(rows, min_n):
    assert coarsen_attributes(rows, min_n) == reference_coarsen(rows, min_n)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_generalising_on_counts_equals_the_row_by_row_algorithm(data):
    size = data.draw(st.integers(1, 14))
    parent = {0: None} | {u: data.draw(st.integers(0, u - 1)) for u in range(1, size)}
    if data.draw(st.booleans()) and size > 2:
        parent[size - 1] = None  # a second tree
    depth = depths(parent)
    rows = data.draw(st.lists(st.tuples(st.integers(0, size - 1), ATTRIBUTES), max_size=120))
    min_n = data.draw(st.integers(2, 6))
    assert generalise(rows, parent, depth, min_n) == reference_generalise(rows, parent, depth, min_n)
