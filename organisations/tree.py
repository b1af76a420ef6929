"""The unit tree's materialised paths ("/1/7/42/": primary keys from the root, with a slash at both ends).

The one place that knows the path format: every app asks here (or ``Unit`` / ``UnitQuerySet``, which use it)
instead of splitting or comparing paths itself. Pure functions and ``Q`` builders: no query is run here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def ancestor_ids(path: str) -> list[int]:
    """Primary keys of the unit's chain, root first, the unit itself last."""
    return [int(pk) for pk in path.strip("/").split("/") if pk]


def root_id(path: str) -> int:
    """Primary key of the root of the unit's tree."""
    return ancestor_ids(path)[0]


def is_within(path: str, ancestor_path: str) -> bool:
    """True when the unit of ``path`` is the unit of ``ancestor_path`` or one of its descendants."""
    return path.startswith(ancestor_path)


def in_subtrees(paths: Iterable[str], field: str = "path") -> Q:
    """A filter on ``field`` (a path: ``"path"``, ``"unit__path"``…) for the union of the given subtrees.

    No subtree given: matches nothing.
    """
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition
