"""Reads for the organisation pages: the unit tree with head counts, and people searches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from organisations.models import Organisation, Person, PersonQuerySet, Unit


@dataclass
class TreeNode:
    unit: Unit
    direct: int = 0  # active people whose main unit is this one
    total: int = 0  # active people of the whole subtree
    children: list[TreeNode] = field(default_factory=list)


def within(units: Iterable[Unit], roots: list[Unit] | None) -> list[Unit]:
    if roots is None:
        return list(units)
    return [u for u in units if any(u.path.startswith(r.path) for r in roots)]


def unit_tree(organisation: Organisation, roots: list[Unit] | None = None) -> list[TreeNode]:
    """The tree (or the given subtrees) with active head counts, in three queries whatever its size."""
    units = within(Unit.objects.for_organisation(organisation).order_by("depth", "name"), roots)
    nodes = {u.pk: TreeNode(unit=u) for u in units}
    direct = (
        Person.objects.active()
        .for_organisation(organisation)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    for unit_id, n in direct:
        if unit_id in nodes:
            nodes[unit_id].direct = n
            for ancestor in nodes[unit_id].unit.path.strip("/").split("/"):
                node = nodes.get(int(ancestor))
                if node is not None:
                    node.total += n
    top: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else top).append(node)
    return top


def people_visible(organisation: Organisation, roots: list[Unit] | None) -> PersonQuerySet:
    people = Person.objects.for_organisation(organisation)
    if roots is not None:
        condition = Q(pk__in=[])
        for root in roots:
            condition |= Q(unit__path__startswith=root.path)
        people = people.filter(condition)
    return people


def people_search(
    people: PersonQuerySet,
    *,
    q: str = "",
    unit: Unit | None = None,
    status: str = "",
    gender: str = "",
    category: str = "",
    state: str = "active",
) -> PersonQuerySet:
    if q:
        for word in q.split()[:5]:
            people = people.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(email__icontains=word)
                | Q(hr_id__iexact=word)
            )
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if status:
        people = people.filter(status=status)
    if gender:
        people = people.filter(gender=gender)
    if category:
        people = people.filter(category__iexact=category)
    if state == "active":
        people = people.filter(is_active=True)
    elif state == "inactive":
        people = people.filter(is_active=False)
    return people.select_related("unit").order_by("last_name", "first_name", "pk")
