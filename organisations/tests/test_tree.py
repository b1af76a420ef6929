"""organisations.tree: the one reader of materialised unit paths."""

import pytest

from core.tests.factories import UnitFactory
from organisations import tree
from organisations.models import Unit


def test_ancestor_ids_and_root_id():
    assert tree.ancestor_ids("/1/7/42/") == [1, 7, 42]
    assert tree.ancestor_ids("/3/") == [3]
    assert tree.ancestor_ids("") == []
    assert tree.root_id("/1/7/42/") == 1


def test_is_within_respects_path_boundaries():
    assert tree.is_within("/1/7/42/", "/1/7/")
    assert tree.is_within("/1/7/", "/1/7/")
    assert not tree.is_within("/1/70/", "/1/7/")
    assert not tree.is_within("/1/", "/1/7/")


@pytest.mark.django_db
def test_in_subtrees_filters_the_union_and_nothing_when_empty(organisation, root_unit):
    a = UnitFactory(organisation=organisation, code="A", name="A", parent=root_unit)
    b = UnitFactory(organisation=organisation, code="B", name="B", parent=root_unit)
    a1 = UnitFactory(organisation=organisation, code="A1", name="A1", parent=a)
    units = Unit.objects.for_organisation(organisation)
    assert a1.path == f"{root_unit.path}{a.pk}/{a1.pk}/"
    assert set(units.filter(tree.in_subtrees([a.path]))) == {a, a1}
    assert set(units.filter(tree.in_subtrees([a1.path, b.path]))) == {a1, b}
    assert not units.filter(tree.in_subtrees([])).exists()
    assert a1.is_within(a) and not b.is_within(a)
