"""``{% revision_notes action %}``: where an action comes from in the plan's revisions (added, reworded, merged,
split, closed or abandoned, with the reasons), so that its page tells its history in every version."""

from __future__ import annotations

from typing import Any

from django import template

from plans.differences import lineage_changes, predecessor_lineages
from plans.models import Action

register = template.Library()


@register.inclusion_tag("plans/_revision_notes.html")
def revision_notes(action: Action) -> dict[str, Any]:
    """The revision changes of this action's lineage and of its predecessors, up to its version: one query."""
    changes = lineage_changes(action.plan.lineage, up_to_version=action.plan.version)
    lineages = predecessor_lineages(action.lineage, changes)
    mine = [c for c in changes if lineages & {*c.lineages_before, *c.lineages_after}]
    return {"changes": mine}
