"""Reads of plan versions: the differences between two versions of a plan, and where an action comes from.

Actions are matched across versions by ``Action.lineage``; ``PlanChange`` rows (``plans.revision``) say which
lineages were merged into which, which were split from which, and why. Text fields are compared word by word with
``difflib``; each side keeps its words in order, flagged as removed (older side) or added (newer side).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from plans.models import Action, ChangeKind, Plan, PlanChange

COMPARED_FIELDS = (
    "title",
    "context",
    "concrete_actions",
    "indirect_benefits",
    "existing_links",
    "lead_roles",
    "follow_up_committee",
    "start_date",
    "end_date",
    "status",
)
TEXT_FIELDS = {
    "title",
    "context",
    "concrete_actions",
    "indirect_benefits",
    "existing_links",
    "lead_roles",
    "follow_up_committee",
}
WORDS = re.compile(r"^\s+|\S+\s*")  # words with their trailing spaces (leading spaces alone)


@dataclass
class Chunk:
    text: str
    changed: bool  # removed (older side) or added (newer side)


@dataclass
class FieldDiff:
    name: str
    label: str
    before: list[Chunk]
    after: list[Chunk]

    @property
    def before_text(self) -> str:
        return "".join(c.text for c in self.before)

    @property
    def after_text(self) -> str:
        return "".join(c.text for c in self.after)


@dataclass
class ActionDiff:
    kind: str  # added, removed, merged, split, changed
    before: Action | None
    after: Action | None
    fields: list[FieldDiff] = field(default_factory=list)
    changes: list[PlanChange] = field(default_factory=list)  # the revision changes (with reasons) behind it
    related: list[Action] = field(
        default_factory=list
    )  # merged into / split from (the other version's action)

    @property
    def code(self) -> str:
        action = self.after or self.before
        return action.code if action is not None else ""


@dataclass
class PlanDiff:
    older: Plan
    newer: Plan
    added: list[ActionDiff]
    removed: list[ActionDiff]
    merged: list[ActionDiff]
    split: list[ActionDiff]
    changed: list[ActionDiff]
    unchanged: int
    changes: list[PlanChange]  # every revision change from the older version to the newer one

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.merged or self.split or self.changed)


def text_chunks(before: str, after: str) -> tuple[list[Chunk], list[Chunk]]:
    """Word-level differences: the older text with its removed words flagged, the newer with its added words."""
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    left: list[Chunk] = []
    right: list[Chunk] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(Chunk("".join(old[i1:i2]), False))
            right.append(Chunk("".join(new[j1:j2]), False))
            continue
        if i2 > i1:
            left.append(Chunk("".join(old[i1:i2]), True))
        if j2 > j1:
            right.append(Chunk("".join(new[j1:j2]), True))
    return _joined(left), _joined(right)


def _joined(chunks: list[Chunk]) -> list[Chunk]:
    """Neighbouring chunks of the same kind as one: « à distance. » rather than « à », « distance. »."""
    joined: list[Chunk] = []
    for chunk in chunks:
        if joined and joined[-1].changed == chunk.changed:
            joined[-1] = Chunk(joined[-1].text + chunk.text, chunk.changed)
        else:
            joined.append(chunk)
    return joined


def _display(action: Action, name: str) -> str:
    value: Any = getattr(action, name)
    if name == "status":
        return str(action.get_status_display())  # type: ignore[attr-defined]
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def field_diffs(before: Action, after: Action) -> list[FieldDiff]:
    diffs = []
    if before.code != after.code:
        diffs.append(FieldDiff("code", _("numéro"), [Chunk(before.code, True)], [Chunk(after.code, True)]))
    for name in COMPARED_FIELDS:
        old, new = _display(before, name), _display(after, name)
        if old == new:
            continue
        label = str(getattr(Action._meta.get_field(name), "verbose_name", name))
        if name in TEXT_FIELDS:
            left, right = text_chunks(old, new)
        else:
            left, right = [Chunk(old, True)] if old else [], [Chunk(new, True)] if new else []
        diffs.append(FieldDiff(name, label, left, right))
    return diffs


def _actions(plan: Plan) -> dict[str, Action]:
    return {str(a.lineage): a for a in plan.actions.select_related("axis").order_by("axis__number", "number")}


def lineage_changes(plan_lineage: Any, *, up_to_version: int | None = None) -> list[PlanChange]:
    """Every revision change of a plan's lineage (up to a version), oldest first, with the annual review decisions
    they implement (``decisions``: the reverse side of ``reviews.Decision.plan_changes``, read without importing
    reviews): two queries."""
    changes = (
        PlanChange.objects.filter(plan__lineage=plan_lineage)
        .select_related("author", "plan")
        .prefetch_related("decisions__review")
    )
    if up_to_version is not None:
        changes = changes.filter(plan__version__lte=up_to_version)
    return list(changes.order_by("plan__version", "created_at", "id"))


def predecessor_lineages(lineage: Any, changes: Iterable[PlanChange]) -> set[str]:
    """The action's own lineage and every lineage merged into it or split into it, transitively."""
    changes = [c for c in changes if c.kind in (ChangeKind.MERGE, ChangeKind.SPLIT)]
    found = {str(lineage)}
    todo = [str(lineage)]
    while todo:
        current = todo.pop()
        for change in changes:
            if current in change.lineages_after:
                for before in change.lineages_before:
                    if before not in found:
                        found.add(before)
                        todo.append(before)
    return found


def plan_differences(first: Plan, second: Plan) -> PlanDiff:
    """What changed in the actions from the older of two versions of a plan to the newer one (same lineage)."""
    older, newer = sorted((first, second), key=lambda p: p.version)
    old_actions, new_actions = _actions(older), _actions(newer)
    changes = [
        c
        for c in lineage_changes(older.lineage, up_to_version=newer.version)
        if c.plan.version > older.version
    ]
    by_lineage: dict[str, list[PlanChange]] = {}
    merged_into: dict[str, str] = {}
    split_from: dict[str, str] = {}
    for change in changes:
        for lineage in {*change.lineages_before, *change.lineages_after}:
            by_lineage.setdefault(lineage, []).append(change)
        if change.kind == ChangeKind.MERGE and change.lineages_after:
            for lineage in change.lineages_before:
                if lineage != change.lineages_after[0]:
                    merged_into[lineage] = change.lineages_after[0]
        if change.kind == ChangeKind.SPLIT and change.lineages_before:
            for lineage in change.lineages_after:
                if lineage != change.lineages_before[0]:
                    split_from[lineage] = change.lineages_before[0]

    def follow(lineage: str, links: dict[str, str], present: dict[str, Action]) -> Action | None:
        seen = set()
        while lineage in links and lineage not in seen:
            seen.add(lineage)
            lineage = links[lineage]
            if lineage in present:
                return present[lineage]
        return None

    diff = PlanDiff(older, newer, [], [], [], [], [], 0, changes)
    for lineage, old in old_actions.items():
        if lineage in new_actions:
            continue
        into = follow(lineage, merged_into, new_actions)
        entry = ActionDiff("merged" if into else "removed", old, None, changes=by_lineage.get(lineage, []))
        if into is not None:
            entry.related = [into]
            diff.merged.append(entry)
        else:
            diff.removed.append(entry)
    for lineage, new in new_actions.items():
        old_action = old_actions.get(lineage)
        if old_action is None:
            source = follow(lineage, split_from, old_actions)
            entry = ActionDiff("split" if source else "added", None, new, changes=by_lineage.get(lineage, []))
            if source is not None:
                entry.related = [source]
                diff.split.append(entry)
            else:
                diff.added.append(entry)
            continue
        fields = field_diffs(old_action, new)
        if fields:
            diff.changed.append(ActionDiff("changed", old_action, new, fields, by_lineage.get(lineage, [])))
        else:
            diff.unchanged += 1
    return diff


def _action_json(action: Action | None) -> dict[str, Any] | None:
    if action is None:
        return None
    return {"id": action.pk, "code": action.code, "title": action.title, "status": action.status}


def _change_json(change: PlanChange) -> dict[str, Any]:
    return {
        "id": change.pk,
        "version": change.plan.version,
        "kind": change.kind,
        "reason": change.reason,
        "decision_note": change.decision_note,
        "lineages_before": change.lineages_before,
        "lineages_after": change.lineages_after,
        "labels_before": change.labels_before,
        "labels_after": change.labels_after,
        "author": str(change.author) if change.author else None,
        "created_at": change.created_at.isoformat(),
    }


def diff_as_dict(diff: PlanDiff) -> dict[str, Any]:
    """The JSON the API answers: each action's entry with its field differences and the reasons behind it."""

    def entry(item: ActionDiff) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "before": _action_json(item.before),
            "after": _action_json(item.after),
            "related": [_action_json(a) for a in item.related],
            "fields": [
                {
                    "field": f.name,
                    "label": f.label,
                    "before": f.before_text,
                    "after": f.after_text,
                    "removed": [c.text for c in f.before if c.changed],
                    "added": [c.text for c in f.after if c.changed],
                }
                for f in item.fields
            ],
            "change_ids": [c.pk for c in item.changes],
        }

    return {
        "older": {"id": diff.older.pk, "version": diff.older.version},
        "newer": {"id": diff.newer.pk, "version": diff.newer.version},
        "added": [entry(i) for i in diff.added],
        "removed": [entry(i) for i in diff.removed],
        "merged": [entry(i) for i in diff.merged],
        "split": [entry(i) for i in diff.split],
        "changed": [entry(i) for i in diff.changed],
        "unchanged": diff.unchanged,
        "changes": [_change_json(c) for c in diff.changes],
    }
