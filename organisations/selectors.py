"""Reads for the organisation pages: the unit tree with head counts, and people searches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from organisations import tree
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
    return [u for u in units if any(tree.is_within(u.path, r.path) for r in roots)]


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
            for ancestor in tree.ancestor_ids(nodes[unit_id].unit.path):
                node = nodes.get(ancestor)
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
        people = people.filter(tree.in_subtrees((root.path for root in roots), "unit__path"))
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


# --- Pickers: a few matches, each with its place in the tree, in a fixed number of queries ----------------

PICKER_LIMIT = 30
PATH_SEPARATOR = " › "


def unit_paths(organisation: Organisation, paths: Iterable[str]) -> dict[str, str]:
    """Materialised path → "Rectorat › DSDEN du Doubs › Collège X" (one query for every path given)."""
    paths = list(paths)
    ids = {pk for path in paths for pk in tree.ancestor_ids(path)}
    names = dict(Unit.objects.filter(organisation=organisation, pk__in=ids).values_list("pk", "name"))
    return {path: PATH_SEPARATOR.join(names.get(pk, "?") for pk in tree.ancestor_ids(path)) for path in paths}


def unit_matches(
    organisation: Organisation, q: str, roots: list[Unit] | None = None, limit: int = PICKER_LIMIT
) -> list[tuple[str, str]]:
    """(code, "path (code)") of the units whose name or code contains every word of ``q``."""
    units = Unit.objects.for_organisation(organisation).filter(is_active=True)
    if roots is not None:
        units = units.filter(tree.in_subtrees(root.path for root in roots))
    words = q.split()[:5]
    if not words:
        return []
    for word in words:
        units = units.filter(Q(name__icontains=word) | Q(code__icontains=word))
    found = list(units.order_by("depth", "name").values_list("code", "path")[:limit])
    labels = unit_paths(organisation, (path for _code, path in found))
    return [(code, f"{labels[path]} ({code})") for code, path in found]


def staff_users(organisation: Organisation) -> Any:
    """Accounts that can be chosen in the organisation's forms: active staff and role holders."""
    from accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(people__organisation=organisation, people__is_active=True)
            | Q(role_grants__organisation=organisation)
        )
        .distinct()
    )


def person_matches(organisation: Organisation, q: str, limit: int = PICKER_LIMIT) -> list[tuple[str, str]]:
    """(e-mail, "Name — e-mail — unit path") of the accounts whose name or e-mail contains every word of ``q``."""
    words = q.split()[:5]
    if not words:
        return []
    users = staff_users(organisation)
    for word in words:
        users = users.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(email__icontains=word)
        )
    found = list(
        users.order_by("last_name", "first_name", "email").values_list(
            "pk", "email", "first_name", "last_name"
        )[:limit]
    )
    unit_of = dict(
        Person.objects.filter(organisation=organisation, is_active=True, user_id__in=[u[0] for u in found])
        .order_by("-pk")
        .values_list("user_id", "unit__path")
    )
    labels = unit_paths(organisation, unit_of.values())
    result = []
    for pk, email, first, last in found:
        name = f"{first} {last}".strip() or email
        where = labels.get(unit_of.get(pk, ""), "")
        result.append((email, " — ".join(part for part in (name, email, where) if part)))
    return result
