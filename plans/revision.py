"""Changing the actions of a plan under revision: add, reword, merge, split, close or abandon, each with a reason.

Every function is a service (keyword-only, one transaction, ``by`` recorded by simple-history) that writes the
change to the plan's version and one ``PlanChange`` row. Only a version « en révision » may be changed this way.

- **Add**: a new action (new lineage) in the version.
- **Reword**: the title and text fields of the action sheet change; the lineage stays.
- **Merge**: two or more actions become one. The action the lead starts from keeps its lineage (and so its
  indicators and timeline); the others are deleted from this version — their milestones and any update posted
  on them in this version move to the kept action — and recorded as merged into it.
- **Split**: one action becomes two or more. The source keeps its lineage (and its milestones, indicators and
  timeline) as the first part; each new part gets a new lineage recorded as split from it.
- **Close**: the action ends as done in this version (« Réalisée », 100 %); it stays in the version.
- **Abandon**: the action stays in the version, « Abandonnée », with its reason — not deleted, so that its
  lineage, indicators and history stay readable from the new version too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.limits import NOTE_TEXT, check_lengths
from plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    ChangeKind,
    Milestone,
    Plan,
    PlanChange,
    PlanStatus,
)
from plans.services import ACTION_FIELDS, _announce_status, _apply, _save

if TYPE_CHECKING:
    from accounts.models import User

REWORD_FIELDS = (
    "title",
    "context",
    "concrete_actions",
    "indirect_benefits",
    "existing_links",
    "follow_up_committee",
)
MAX_SPLIT_PARTS = 5


def is_under_revision(plan: Plan) -> bool:
    return plan.status == PlanStatus.UNDER_REVISION


def _label(action: Action) -> str:
    return f"{action.code} {action.title}"


def _check(plan: Plan, reason: str, decision_note: str) -> str:
    if not is_under_revision(plan):
        raise ValidationError(_("Seule une version « en révision » du plan se modifie ainsi."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de cette modification.")})
    check_lengths(
        {"reason": reason, "decision_note": decision_note or ""},
        {"reason": NOTE_TEXT, "decision_note": NOTE_TEXT},
    )
    return reason


def _record(
    *,
    plan: Plan,
    kind: str,
    reason: str,
    by: User | None,
    before: Iterable[Action] = (),
    after: Iterable[Action] = (),
    decision_note: str = "",
    labels_before: list[str] | None = None,
) -> PlanChange:
    before, after = list(before), list(after)
    change = PlanChange(
        plan=plan,
        kind=kind,
        reason=reason,
        decision_note=(decision_note or "").strip(),
        lineages_before=[str(a.lineage) for a in before],
        lineages_after=[str(a.lineage) for a in after],
        labels_before=labels_before if labels_before is not None else [_label(a) for a in before],
        labels_after=[_label(a) for a in after],
        author=by,
    )
    _save(change, by)
    return change


def _next_number(axis: Axis) -> int:
    return (axis.actions.aggregate(n=Max("number"))["n"] or 0) + 1


def action_add(
    *,
    plan: Plan,
    axis: Axis,
    by: User | None,
    reason: str,
    title: str,
    decision_note: str = "",
    leads: Iterable[User] = (),
    themes: Iterable[Any] = (),
    **fields: Any,
) -> Action:
    """A new action in the version under revision (the next free number of its axis unless given)."""
    reason = _check(plan, reason, decision_note)
    if axis.plan_id != plan.pk:
        raise ValidationError({"axis": _("Cet axe n'appartient pas à ce plan.")})
    with transaction.atomic():
        number = fields.pop("number", None) or _next_number(axis)
        action = Action(plan=plan, axis=axis, number=number, title=title)
        _apply(action, fields, ACTION_FIELDS)
        _save(action, by)
        action.leads.set(list(leads))
        action.themes.set(list(themes))
        _record(
            plan=plan, kind=ChangeKind.ADD, reason=reason, by=by, after=[action], decision_note=decision_note
        )
    return action


def action_reword(
    *, action: Action, by: User | None, reason: str, decision_note: str = "", **fields: Any
) -> Action:
    """New title and text fields; the lineage (indicators, timeline) stays."""
    reason = _check(action.plan, reason, decision_note)
    # As stored: a model form has already copied the new values onto ``action`` when it validated.
    before = _label(Action.objects.select_related("axis").get(pk=action.pk))
    with transaction.atomic():
        _apply(action, fields, set(REWORD_FIELDS))
        _save(action, by)
        _record(
            plan=action.plan,
            kind=ChangeKind.REWORD,
            reason=reason,
            by=by,
            before=[action],
            after=[action],
            decision_note=decision_note,
            labels_before=[before],
        )
    return action


def action_merge(
    *,
    action: Action,
    others: Iterable[Action],
    by: User | None,
    reason: str,
    title: str = "",
    decision_note: str = "",
) -> Action:
    """``others`` are merged into ``action``, which keeps its lineage and may take a new title."""
    reason = _check(action.plan, reason, decision_note)
    others = [o for o in others if o.pk != action.pk]
    if not others:
        raise ValidationError(
            {"others": _("Choisissez au moins une autre action à fusionner avec celle-ci.")}
        )
    if any(o.plan_id != action.plan_id for o in others):
        raise ValidationError({"others": _("Ces actions n'appartiennent pas à la même version du plan.")})
    labels = [_label(a) for a in [action, *others]]
    with transaction.atomic():
        if title.strip():
            action.title = title.strip()
            _save(action, by)
        other_ids = [o.pk for o in others]
        # Nothing of this version is lost: milestones and updates posted on the merged actions move to the kept one.
        moved: list[Milestone | ActionUpdate] = [
            *Milestone.objects.filter(action_id__in=other_ids),
            *ActionUpdate.objects.filter(action_id__in=other_ids),
        ]
        for row in moved:
            row.action = action
            row._history_user = by  # type: ignore[union-attr]
            row.save(update_fields=["action"])
        leads = {u.pk for u in action.leads.all()}
        for other in others:
            action.leads.add(*[u for u in other.leads.all() if u.pk not in leads])
            action.themes.add(*other.themes.all())
        _record(
            plan=action.plan,
            kind=ChangeKind.MERGE,
            reason=reason,
            by=by,
            before=[action, *others],
            after=[action],
            decision_note=decision_note,
            labels_before=labels,
        )
        for other in others:
            other._history_user = by  # type: ignore[attr-defined]
            other.delete()
    return action


def action_split(
    *,
    action: Action,
    titles: Iterable[str],
    by: User | None,
    reason: str,
    title: str = "",
    decision_note: str = "",
) -> list[Action]:
    """``action`` keeps its lineage (and may take a new title); each of ``titles`` becomes a new action of the same
    axis with a copy of its sheet (leads, themes, dates, status) and no milestone. Returns every part, source first."""
    reason = _check(action.plan, reason, decision_note)
    titles = [t.strip() for t in titles if t.strip()]
    if not titles:
        raise ValidationError({"titles": _("Donnez l'intitulé d'au moins une nouvelle action.")})
    if len(titles) > MAX_SPLIT_PARTS:
        raise ValidationError({"titles": _("Cinq nouvelles actions au plus.")})
    before = _label(action)
    with transaction.atomic():
        if title.strip():
            action.title = title.strip()
            _save(action, by)
        parts = [action]
        number = _next_number(action.axis)
        for new_title in titles:
            part = Action(plan=action.plan, axis=action.axis, number=number, title=new_title)
            for name in ACTION_FIELDS - {"axis", "title", "number"}:
                setattr(part, name, getattr(action, name))
            _save(part, by)
            part.leads.set(list(action.leads.all()))
            part.themes.set(list(action.themes.all()))
            parts.append(part)
            number += 1
        _record(
            plan=action.plan,
            kind=ChangeKind.SPLIT,
            reason=reason,
            by=by,
            before=[action],
            after=parts,
            decision_note=decision_note,
            labels_before=[before],
        )
    return parts


def _end(
    action: Action, *, status: str, kind: str, by: User | None, reason: str, decision_note: str
) -> Action:
    reason = _check(action.plan, reason, decision_note)
    if action.status == status:
        raise ValidationError(_("Cette action est déjà « %(s)s ».") % {"s": ActionStatus(status).label})
    with transaction.atomic():
        before = action.status
        action.status = status
        if status == ActionStatus.DONE:
            action.progress = 100
        _save(action, by)
        _announce_status(action, before, status, by)
        _record(
            plan=action.plan,
            kind=kind,
            reason=reason,
            by=by,
            before=[action],
            after=[action],
            decision_note=decision_note,
        )
    return action


def action_close(*, action: Action, by: User | None, reason: str, decision_note: str = "") -> Action:
    """The action ends as done in this version: « Réalisée », 100 %. It stays in the version."""
    return _end(
        action,
        status=ActionStatus.DONE,
        kind=ChangeKind.CLOSE,
        by=by,
        reason=reason,
        decision_note=decision_note,
    )


def action_abandon(*, action: Action, by: User | None, reason: str, decision_note: str = "") -> Action:
    """The action is dropped: « Abandonnée », kept in the version with its reason so that its history stays readable."""
    return _end(
        action,
        status=ActionStatus.ABANDONED,
        kind=ChangeKind.ABANDON,
        by=by,
        reason=reason,
        decision_note=decision_note,
    )
