"""One test per attack of /work/shared/ANONYMITY-NOTES.md that the results engine must stand up to."""

from __future__ import annotations

import numpy as np
import pytest

from analytics import disclosure, stats

GENDER = 0  # attribute 0 in these tests: 0 = women, 1 = men


def campaign(parent: list[int], groups: list[tuple[int, int, int]], answer: int = 3) -> stats.Cube:
    """``groups``: (unit, gender code or -1, number of respondents), everyone answering ``answer``."""
    unit = np.concatenate([np.full(n, u) for u, _, n in groups])
    attrs = np.concatenate([np.full(n, g) for _, g, n in groups]).astype(np.int8)[:, None]
    answers = np.full((unit.shape[0], 1), answer, dtype=np.int8)
    return stats.build_cube(parent, unit, attrs, answers, (2,), [5], [0])


def served(cube: stats.Cube) -> np.ndarray:
    return disclosure.disclosure_mask(cube)


def test_small_group_is_suppressed_without_any_number() -> None:
    cube = campaign([-1, 0, 0], [(1, 0, 10), (1, 1, 10), (2, 0, 3)])
    mask = served(cube)
    assert not mask[2].any()
    assert disclosure.query(cube, mask, 2, 0) == {"suppressed": True}
    assert disclosure.participation(cube, mask, 2, 0, invited=12) == {"suppressed": True}


def test_small_filter_value_is_suppressed() -> None:
    cube = campaign([-1], [(0, 0, 30), (0, 1, 2)])
    mask = served(cube)
    assert mask[0, 0]
    assert disclosure.query(cube, mask, 0, cube.view_index(GENDER, 1)) == {"suppressed": True}


def test_parent_minus_visible_children_never_reveals_a_small_group() -> None:
    # 50 respondents: children of 20 and 27 visible would reveal the hidden 3 -> hide the next smallest too
    cube = campaign([-1, 0, 0, 0], [(1, 0, 20), (2, 0, 27), (3, 0, 3)])
    mask = served(cube)[:, 0]
    assert mask[0] and mask[2] and not mask[3]
    assert not mask[1]  # complementary suppression
    assert residual(cube, served(cube), 0) >= 5


def test_parent_own_staff_count_as_a_hidden_child() -> None:
    # the regional office's own 3 staff: parent 50 - children 20 - 27 = 3 would be their answers
    cube = campaign([-1, 0, 0], [(0, 0, 3), (1, 0, 20), (2, 0, 27)])
    mask = served(cube)[:, 0]
    assert mask[0]
    assert mask[1] + mask[2] == 1
    assert residual(cube, served(cube), 0) >= 5


def residual(cube: stats.Cube, mask: np.ndarray, u: int, v: int = 0) -> int:
    """What "u minus its visible descendants" reveals: n(u) minus the served units just below u."""
    parent = cube.parent
    total = int(cube.counts[u, v])
    for w in range(cube.n_units):
        if w == u or not mask[w, v]:
            continue
        p = int(parent[w])
        while p >= 0 and p != u and not mask[p, v]:
            p = int(parent[p])
        if p == u:
            total -= int(cube.counts[w, v])
    return total


def test_hidden_child_with_visible_grandchild_is_not_a_valid_complement() -> None:
    # P -> A (3), B -> B1 (10), C (30). Hiding B would add nothing: B1 stays visible and A = P - B1 - C.
    cube = campaign([-1, 0, 0, 2, 0], [(1, 0, 3), (3, 0, 10), (4, 0, 30)])
    mask = served(cube)
    assert mask[0, 0] and not mask[1, 0]
    assert residual(cube, mask, 0) >= 5


def test_suppressed_parent_is_not_served_either() -> None:
    cube = campaign([-1, 0], [(0, 0, 1), (1, 0, 3)])
    mask = served(cube)
    assert not mask.any()


def test_unit_minus_filter_never_reveals_the_complement() -> None:
    # unit of 20 with 17 women: "women" would reveal the 3 men -> the filter is refused (both values)
    cube = campaign([-1], [(0, 0, 17), (0, 1, 3)])
    mask = served(cube)
    assert mask[0, 0]
    assert not mask[0, cube.view_index(GENDER, 0)]
    assert not mask[0, cube.view_index(GENDER, 1)]


def test_filter_with_large_groups_is_served() -> None:
    cube = campaign([-1], [(0, 0, 12), (0, 1, 8)])
    mask = served(cube)
    res = disclosure.query(cube, mask, 0, cube.view_index(GENDER, 0))
    assert res["suppressed"] is False and res["n"] == 12


def test_three_values_where_two_look_safe_still_protect_the_third() -> None:
    parent = [-1]
    unit = np.zeros(20, dtype=np.int32)
    attrs = np.array([0] * 10 + [1] * 7 + [2] * 3, dtype=np.int8)[:, None]
    cube = stats.build_cube(parent, unit, attrs, np.full((20, 1), 4, dtype=np.int8), (3,), [5], [0])
    mask = served(cube)
    # A (10) and B (7) each have a complement >= 5, but serving both gives C = 20 - 10 - 7 = 3
    assert not (mask[0, 1] and mask[0, 2])


def test_filter_and_tree_differencing() -> None:
    # P's women (20) minus A's women (10) would give B's women; B has 2 men, so B's breakdown is hidden,
    # and P's "men" minus A's "men" would reveal B's 2 men: A's breakdown must go too (or P's).
    cube = campaign([-1, 0, 0], [(1, 0, 10), (1, 1, 10), (2, 0, 10), (2, 1, 2)])
    mask = served(cube)
    men = cube.view_index(GENDER, 1)
    assert mask[0, 0] and mask[1, 0] and mask[2, 0]
    assert not mask[2, men]
    assert not (mask[0, men] and mask[1, men])
    for v in range(cube.n_views):
        for u in range(3):
            if mask[u, v]:
                assert residual(cube, mask, u, v) == 0 or residual(cube, mask, u, v) >= 5


def test_unknown_attribute_values_are_protected_like_a_value() -> None:
    # 2 respondents who did not give their gender: unit - women - men = their answers
    cube = campaign([-1], [(0, 0, 10), (0, 1, 10), (0, -1, 2)])
    mask = served(cube)
    assert mask[0, 0] and not mask[0, 1:].any()


def test_unanimity_is_not_blocked_but_documented() -> None:
    # 6 people all answering "1": the distribution tells each of them what the others answered. Accepted
    # (as by every vendor) and said plainly in docs/anonymity.md ("Limites").
    cube = campaign([-1], [(0, 0, 6)], answer=1)
    mask = served(cube)
    res = disclosure.query(cube, mask, 0, 0)
    assert res["suppressed"] is False
    assert res["items"][0]["distribution"] == {"1": 6, "2": 0, "3": 0, "4": 0, "5": 0}


def test_query_answers_only_from_the_stored_unit_blob_with_suppressed_numbers_erased() -> None:
    cube = campaign([-1, 0, 0], [(1, 0, 10), (1, 1, 2), (2, 0, 12), (2, 1, 12)])
    mask = served(cube)
    blobs = disclosure.pack_units(cube, mask)
    one, one_mask = disclosure.unpack_unit(blobs[1])
    assert one.unit_ids.tolist() == [1]
    for v in range(cube.n_views):
        direct = disclosure.query(cube, mask, 1, v)
        assert disclosure.query(one, one_mask, 1, v) == direct
        if direct["suppressed"]:
            assert one.counts[0, v] == 0 and not one.hist[0, v].any()
    assert not one.direct.any()


def test_time_differencing_live_participation_moves_in_steps() -> None:
    assert disclosure.live_participation(4, 100) == {"suppressed": True}
    assert disclosure.live_participation(9, 100) == {"suppressed": True}
    a = disclosure.live_participation(23, 100)
    b = disclosure.live_participation(24, 100)
    assert a == b and a["respondents_at_least"] == 20


def test_trend_needs_both_years_served() -> None:
    before = campaign([-1, 0], [(0, 0, 5), (1, 0, 20)], answer=2)
    after = campaign([-1, 0], [(0, 0, 3), (1, 0, 30)], answer=4)
    mb, ma = served(before), served(after)
    assert disclosure.trend(disclosure.query(before, mb, 1, 0), disclosure.query(after, ma, 1, 0))[
        "suppressed"
    ]
    tr = disclosure.trend(disclosure.query(before, mb, 0, 0), disclosure.query(after, ma, 0, 0))
    assert tr["suppressed"] is False and tr["items"][0]["significant"]
    assert tr["items"][0]["delta_pts"] == pytest.approx(100.0)
    assert not disclosure.trend_mask(mb, ma)[1, 0]


def test_comments_need_ten_and_no_small_residual_in_the_tree() -> None:
    parent = [-1, 0, 0]
    # child A has 10 comments, child B 2: the parent's 12 minus A's 10 would be B's 2 comments word for word
    shown = disclosure.comments_mask(parent, [0, 10, 2], np.ones(3, dtype=bool))
    assert not shown[2]
    assert not (shown[0] and shown[1])
    assert not disclosure.comments_mask(parent, [0, 30, 30], np.array([True, False, True]))[1]
    texts = [f"c{i}" for i in range(12)]
    mixed = disclosure.shuffled_comments(texts, np.random.default_rng(1))
    assert sorted(mixed) == sorted(texts) and mixed != texts
