"""Quasi-identifiers (attack 7): every stored (unit × attributes) combination covers at least min_n invitees."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tests.factories import PersonFactory, UnitFactory
from surveys.anonymity import NC, coarsen_attributes, reporting_units
from surveys.tests.conftest import make_campaign, open_and_collect_tokens


def test_small_units_are_raised_to_their_parent():
    parent = {1: None, 2: 1, 3: 1, 4: 2}
    depth = {1: 0, 2: 1, 3: 1, 4: 2}
    mapping = reporting_units({2: 6, 3: 2, 4: 3}, parent, depth, 5)
    assert mapping == {2: 2, 3: 1, 4: 2}


def test_rare_combinations_become_not_disclosed():
    rows = [("F", "A")] * 6 + [("M", "A")] * 5 + [("M", "C")] * 2 + [("F", "C")]
    out = coarsen_attributes(rows, 5)
    counts = Counter(out)
    assert all(n >= 5 for n in counts.values())
    assert counts[("F", "A")] == 6 and counts[(NC, NC)] == 8


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("FMX"), st.sampled_from("ABC"), st.sampled_from(["<30", "30-50", "50+"])),
        min_size=5,
        max_size=60,
    ),
    st.integers(min_value=5, max_value=8),
)
def test_every_stored_combination_covers_min_n_people(rows, min_n):
    if len(rows) < min_n:
        return
    out = coarsen_attributes(rows, min_n)
    assert len(out) == len(rows)
    assert all(n >= min_n for n in Counter(out).values())
    for before, after in zip(rows, out, strict=True):
        assert all(a in (b, NC) for a, b in zip(after, before, strict=True))


@pytest.mark.django_db
def test_opening_freezes_coarse_attributes_and_reporting_units(
    organisation, barometer, root_unit, school, staff, programme_lead, django_capture_on_commit_callbacks
):
    lone = UnitFactory(organisation=organisation, parent=school, code="LONE")
    PersonFactory(organisation=organisation, unit=lone, gender="X", category="B")
    PersonFactory.create_batch(2, organisation=organisation, unit=root_unit)  # the top holds 5 invitees
    campaign = make_campaign(
        organisation, barometer, [root_unit], programme_lead, reporting_attributes=["gender", "category"]
    )
    open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)
    combos = Counter(
        (i.reporting_unit_id, tuple(sorted(i.attributes.items()))) for i in campaign.invitations.all()
    )
    assert all(n >= 5 for n in combos.values()), combos
    assert campaign.invitations.get(unit=lone).reporting_unit_id == school.pk
    tiny_invites = campaign.invitations.filter(unit__code="TINY")
    assert {i.reporting_unit_id for i in tiny_invites} == {root_unit.pk}
