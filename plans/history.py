"""The plan's audit trail, read from django-simple-history: who changed what, when, before → after.

Only the plan's own models are read here (plan, axes, themes, actions, milestones, progress updates); surveys
are never recorded, so they can never appear. A progress update's text is never shown here: a hidden update's
text must not come back through the audit trail; who corrected, withdrew or hid it (and why) is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from plans.models import Action, ActionUpdate, Axis, Milestone, Plan, Theme

KINDS = {"+": gettext_lazy("Création"), "~": gettext_lazy("Modification"), "-": gettext_lazy("Suppression")}
LEAD_ROWS = "historicalaction_leads_set"  # the m2m history rows of HistoricalAction, prefetched
HIDDEN_FIELDS = {"id", "lineage", "plan", "previous", "created_at", "organisation", "action"}
UPDATE_HIDDEN_FIELDS = {"text", "author", "status_before", "status_after", "progress_after", "milestone_done"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    object_type: str
    object_label: str
    kind: str
    changes: list[FieldChange]


def _display(model: type[models.Model], name: str, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "":
        return "—"
    field: Any = model._meta.get_field(name)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return names.get(name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _label(record: Any, model: type[models.Model], names: dict[str, dict[int, str]]) -> str:
    if model is Action:
        return f"{names['axis_number'].get(record.axis_id, '?')}.{record.number} {record.title}"
    if model is Axis:
        return _("Axe %(n)s — %(t)s") % {"n": record.number, "t": record.title}
    if model is ActionUpdate:
        return _("du %(d)s") % {
            "d": formats.date_format(timezone.localtime(record.created_at), "SHORT_DATE_FORMAT")
        }
    return str(record.title)


def _changes(
    model: type[models.Model], record: Any, previous: Any, names: dict[str, dict[int, str]]
) -> list[FieldChange]:
    m2m = {"leads"} if model is Action else set()
    hidden = HIDDEN_FIELDS | m2m | (UPDATE_HIDDEN_FIELDS if model is ActionUpdate else set())
    delta = record.diff_against(previous, excluded_fields=hidden)
    changes = [
        FieldChange(
            str(getattr(model._meta.get_field(c.field), "verbose_name", c.field)),
            _display(model, c.field, c.old, names),
            _display(model, c.field, c.new, names),
        )
        for c in delta.changes
    ]
    if m2m:
        before = sorted(names["user"].get(row.user_id, "?") for row in getattr(previous, LEAD_ROWS).all())
        after = sorted(names["user"].get(row.user_id, "?") for row in getattr(record, LEAD_ROWS).all())
        if before != after:
            label = str(getattr(model._meta.get_field("leads"), "verbose_name", "leads"))
            changes.append(FieldChange(label, ", ".join(before) or "—", ", ".join(after) or "—"))
    return changes


def plan_history(plan: Plan, *, limit: int = 300) -> list[HistoryEntry]:
    """The latest ``limit`` changes to the plan and everything in it, newest first."""
    action_ids = Action.history.filter(plan_id=plan.pk).values("id")
    sources: list[tuple[type[models.Model], str, Any]] = [
        (Plan, _("Plan"), Plan.history.filter(id=plan.pk)),
        (Axis, _("Axe"), Axis.history.filter(plan_id=plan.pk)),
        (Theme, _("Thématique"), Theme.history.filter(plan_id=plan.pk)),
        (Action, _("Action"), Action.history.filter(plan_id=plan.pk).prefetch_related(LEAD_ROWS)),
        (Milestone, _("Jalon"), Milestone.history.filter(action_id__in=action_ids)),
        (
            ActionUpdate,
            _("Point d'avancement"),
            ActionUpdate.history.filter(action_id__in=action_ids, history_type="~"),
        ),
    ]
    records: list[tuple[type[models.Model], str, Any, Any]] = []
    for model, type_label, queryset in sources:
        previous: dict[int, Any] = {}
        for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
            records.append((model, type_label, record, previous.get(record.id)))
            previous[record.id] = record
    records.sort(key=lambda item: item[2].history_date, reverse=True)
    records = records[:limit]

    axes = {a.id: a for a in Axis.history.filter(plan_id=plan.pk).order_by("history_date")}
    user_ids = {
        row.user_id
        for _model, _type, record, previous in records
        for version in (record, previous)
        if isinstance(version, Action.history.model)
        for row in getattr(version, LEAD_ROWS).all()
    }
    hidden_by_ids = {
        record.hidden_by_id
        for model, _type, record, _prev in records
        if model is ActionUpdate and record.hidden_by_id
    }
    names: dict[str, dict[int, str]] = {
        "axis": {pk: _("Axe %(n)s") % {"n": a.number} for pk, a in axes.items()},
        "axis_number": {pk: str(a.number) for pk, a in axes.items()},
        "user": {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)},
        "hidden_by": {u.pk: str(u) for u in User.objects.filter(pk__in=hidden_by_ids)},
    }
    entries = []
    for model, type_label, record, previous in records:
        changes = _changes(model, record, previous, names) if previous is not None else []
        if record.history_type == "~" and not changes:
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else _("Système"),
                object_type=type_label,
                object_label=_label(record, model, names),
                kind=str(KINDS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
    return entries
