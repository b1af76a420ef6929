"""Writes on organisations and units."""

from organisations.models import Unit


def unit_refresh_path(*, unit: Unit) -> None:
    """Recompute the materialised path and depth of a unit (and of its subtree if it moved)."""
    parent = unit.parent
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    new_depth = (parent.depth + 1) if parent else 0
    if unit.path == new_path and unit.depth == new_depth:
        return
    old_path = unit.path
    unit.path, unit.depth = new_path, new_depth
    unit.save(update_fields=["path", "depth"])
    if old_path:
        for child in Unit.objects.filter(parent=unit):
            unit_refresh_path(unit=child)
