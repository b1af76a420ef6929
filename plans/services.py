"""Writes of the plan: every change goes through one of these functions, inside one transaction.

Each write sets ``_history_user`` so that django-simple-history records who made it, in a request or not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.limits import REASON_TEXT, UPDATE_TEXT, check_lengths
from plans import perms, signals
from plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Milestone,
    Plan,
    PlanStatus,
    Theme,
    UpdateAttachment,
    Visibility,
    Weather,
)

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Accepted extensions and the first bytes their files start with (office formats are zip archives).
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
PLAN_FIELDS = {"title", "summary", "first_school_year", "last_school_year", "adopted_on"}
AXIS_FIELDS = {"number", "title", "objective"}
THEME_FIELDS = {"title", "description"}
ACTION_FIELDS = {
    "axis",
    "number",
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
    "progress",
}
MILESTONE_FIELDS = {"title", "due_date", "done_on"}


def _apply(instance: models.Model, fields: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields for {type(instance).__name__}: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _save(instance: models.Model, by: User | None) -> None:
    instance._history_user = by  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()


# --- Plan ---


def plan_create(
    *,
    organisation: Organisation,
    by: User | None,
    title: str,
    first_school_year: int,
    last_school_year: int,
    summary: str = "",
    adopted_on: datetime.date | None = None,
) -> Plan:
    with transaction.atomic():
        plan = Plan(
            organisation=organisation,
            title=title,
            summary=summary,
            first_school_year=first_school_year,
            last_school_year=last_school_year,
            adopted_on=adopted_on,
        )
        _save(plan, by)
    return plan


def plan_update(*, plan: Plan, by: User | None, **fields: Any) -> Plan:
    """Change the plan's own fields (title, summary, period, adoption date)."""
    with transaction.atomic():
        _apply(plan, fields, PLAN_FIELDS)
        _save(plan, by)
    return plan


def plan_publish(*, plan: Plan, visibility: str, by: User | None) -> Plan:
    """Who can read the plan: its steering team only, every member of the organisation, or anyone."""
    if visibility not in Visibility.values:
        raise ValidationError(_("Choix de publication inconnu."))
    with transaction.atomic():
        plan.visibility = visibility
        _save(plan, by)
    return plan


def plan_set_status(*, plan: Plan, status: str, by: User | None) -> Plan:
    """Adopting a revision closes the earlier adopted versions of the same plan."""
    if status not in PlanStatus.values:
        raise ValidationError(_("Statut de plan inconnu."))
    with transaction.atomic():
        plan.status = status
        if status == PlanStatus.ADOPTED and plan.adopted_on is None:
            plan.adopted_on = timezone.localdate()
        _save(plan, by)
        if status == PlanStatus.ADOPTED:
            for older in Plan.objects.filter(
                lineage=plan.lineage, version__lt=plan.version, status=PlanStatus.ADOPTED
            ):
                older.status = PlanStatus.CLOSED
                _save(older, by)
    return plan


@transaction.atomic
def plan_revise(*, plan: Plan, by: User | None) -> Plan:
    """Copy the plan into version + 1, « en révision » and private, with the same lineage.

    Axes, themes, actions (same ``Action.lineage``), their leads, themes and milestones are copied.
    Progress updates stay attached to the action of the version they were posted on; the action page
    shows the timeline of every version through the lineage.
    """
    if Plan.objects.filter(previous=plan).exists():
        raise ValidationError(_("Ce plan a déjà été révisé : modifiez la version la plus récente."))
    latest = Plan.objects.filter(lineage=plan.lineage).aggregate(v=Max("version"))["v"] or plan.version
    new_plan = Plan(
        organisation_id=plan.organisation_id,
        lineage=plan.lineage,
        version=latest + 1,
        previous=plan,
        title=plan.title,
        summary=plan.summary,
        first_school_year=plan.first_school_year,
        last_school_year=plan.last_school_year,
        status=PlanStatus.UNDER_REVISION,
        visibility=Visibility.PRIVATE,
    )
    _save(new_plan, by)
    axes: dict[int, Axis] = {}
    for axis in plan.axes.all():
        axes[axis.pk] = Axis(plan=new_plan, number=axis.number, title=axis.title, objective=axis.objective)
        _save(axes[axis.pk], by)
    themes: dict[int, Theme] = {}
    for theme in plan.themes.all():
        themes[theme.pk] = Theme(plan=new_plan, title=theme.title, description=theme.description)
        _save(themes[theme.pk], by)
    actions = plan.actions.prefetch_related("leads", "themes", "milestones")
    for action in actions:
        copy = Action(plan=new_plan, axis=axes[action.axis_id], lineage=action.lineage)
        for name in ACTION_FIELDS - {"axis"}:
            setattr(copy, name, getattr(action, name))
        _save(copy, by)
        copy.leads.set(action.leads.all())
        copy.themes.set([themes[t.pk] for t in action.themes.all()])
        for milestone in action.milestones.all():
            _save(
                Milestone(
                    action=copy, title=milestone.title, due_date=milestone.due_date, done_on=milestone.done_on
                ),
                by,
            )
    return new_plan


# --- Axes and themes ---


def axis_create(*, plan: Plan, by: User | None, number: int, title: str, objective: str = "") -> Axis:
    with transaction.atomic():
        axis = Axis(plan=plan, number=number, title=title, objective=objective)
        _save(axis, by)
    return axis


def axis_update(*, axis: Axis, by: User | None, **fields: Any) -> Axis:
    with transaction.atomic():
        _apply(axis, fields, AXIS_FIELDS)
        _save(axis, by)
    return axis


def theme_create(*, plan: Plan, by: User | None, title: str, description: str = "") -> Theme:
    with transaction.atomic():
        theme = Theme(plan=plan, title=title, description=description)
        _save(theme, by)
    return theme


def theme_update(*, theme: Theme, by: User | None, **fields: Any) -> Theme:
    with transaction.atomic():
        _apply(theme, fields, THEME_FIELDS)
        _save(theme, by)
    return theme


# --- Actions and milestones ---


def _check_same_plan(plan: Plan, *, axis: Axis | None, themes: Iterable[Theme] | None) -> None:
    if axis is not None and axis.plan_id != plan.pk:
        raise ValidationError({"axis": _("Cet axe n'appartient pas à ce plan.")})
    if themes is not None and any(theme.plan_id != plan.pk for theme in themes):
        raise ValidationError({"themes": _("Cette thématique n'appartient pas à ce plan.")})


def action_create(
    *,
    plan: Plan,
    axis: Axis,
    by: User | None,
    number: int,
    title: str,
    leads: Iterable[User] = (),
    themes: Iterable[Theme] = (),
    **fields: Any,
) -> Action:
    themes = list(themes)
    _check_same_plan(plan, axis=axis, themes=themes)
    with transaction.atomic():
        action = Action(plan=plan, axis=axis, number=number, title=title)
        _apply(action, fields, ACTION_FIELDS)
        _save(action, by)
        action.leads.set(list(leads))
        action.themes.set(themes)
    return action


def _announce_status(action: Action, before: str, after: str, by: User | None) -> None:
    """Tell the listening apps (indicators, notifications) once the transaction commits."""
    transaction.on_commit(
        lambda: signals.action_status_changed.send(
            sender=Action, action=action, before=before, after=after, by=by
        )
    )


def action_update(
    *,
    action: Action,
    by: User | None,
    leads: Iterable[User] | None = None,
    themes: Iterable[Theme] | None = None,
    **fields: Any,
) -> Action:
    themes = list(themes) if themes is not None else None
    _check_same_plan(action.plan, axis=fields.get("axis"), themes=themes)
    with transaction.atomic():
        before = action.status
        _apply(action, fields, ACTION_FIELDS)
        _save(action, by)
        if action.status != before:
            _announce_status(action, before, action.status, by)
        if leads is not None:
            action.leads.set(list(leads))
        if themes is not None:
            action.themes.set(themes)
    return action


def milestone_create(*, action: Action, by: User | None, title: str, due_date: datetime.date) -> Milestone:
    with transaction.atomic():
        milestone = Milestone(action=action, title=title, due_date=due_date)
        _save(milestone, by)
    return milestone


def milestone_update(*, milestone: Milestone, by: User | None, **fields: Any) -> Milestone:
    with transaction.atomic():
        _apply(milestone, fields, MILESTONE_FIELDS)
        _save(milestone, by)
    return milestone


# --- Progress updates ---


def validate_attachment(file: UploadedFile) -> None:
    """At most 10 Mo, and a PDF, PNG, JPG, ODT, ODS, DOCX or XLSX file whose content matches its name."""
    name = file.name or ""
    if (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("« %(name)s » dépasse la taille maximale de 10 Mo.") % {"name": name}, code="too_large"
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = ATTACHMENT_SIGNATURES.get(extension)
    head = b""
    if signatures:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
    if not signatures or not head.startswith(signatures):
        raise ValidationError(
            _(
                "« %(name)s » n'est pas d'un type accepté. Formats acceptés : PDF, PNG, JPG, ODT, ODS, DOCX, XLSX."
            )
            % {"name": name},
            code="bad_type",
        )


def action_update_post(
    *,
    action: Action,
    by: User | None,
    text: str,
    status: str | None = None,
    progress: int | None = None,
    milestone: Milestone | None = None,
    files: Iterable[UploadedFile] = (),
    weather: str | None = None,
) -> ActionUpdate:
    """Post a dated progress update: records the status change, moves the action's status, progress and
    weather (« météo », kept when not given), marks the milestone reached and saves the attachments. « Réalisée » without a figure means 100 %."""
    files = list(files)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Décrivez où en est l'action.")]
    try:
        check_lengths({"text": text.strip()}, {"text": UPDATE_TEXT})
    except ValidationError as error:
        errors.update(error.message_dict)
    if status is not None and status not in ActionStatus.values:
        errors["status"] = [_("Statut inconnu.")]
    if weather is not None and weather not in Weather.values:
        errors["weather"] = [_("Météo inconnue.")]
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = [_("L'avancement est un pourcentage entre 0 et 100.")]
    if milestone is not None and milestone.action_id != action.pk:
        errors["milestone"] = [_("Ce jalon n'appartient pas à cette action.")]
    elif milestone is not None and timezone.localdate() < action.plan.start_date:
        errors["milestone"] = [_("Un jalon ne peut pas être atteint avant le début du plan.")]
    for file in files:
        try:
            validate_attachment(file)
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    if status == ActionStatus.DONE and progress is None:
        progress = 100
    with transaction.atomic():
        # Two leads posting at once: the second one sees the status the first one set.
        current = Action.objects.select_for_update().only("status", "progress").get(pk=action.pk)
        action.status, action.progress = current.status, current.progress
        update = ActionUpdate(
            action=action,
            author=by,
            text=text.strip(),
            status_before=action.status,
            status_after=status or action.status,
            progress_after=progress,
            weather=weather or "",
            milestone_done=milestone,
        )
        update._history_user = by  # type: ignore[attr-defined]
        update.save()
        if status is not None:
            action.status = status
        if progress is not None:
            action.progress = progress
        if weather:
            action.weather = weather
        if status is not None or progress is not None or weather:
            action._history_user = by  # type: ignore[attr-defined]
            action.save(update_fields=["status", "progress", "weather"])
        if status is not None and status != update.status_before:
            _announce_status(action, update.status_before, status, by)
        if milestone is not None and milestone.done_on is None:
            milestone.done_on = timezone.localdate()
            milestone._history_user = by  # type: ignore[attr-defined]
            milestone.save(update_fields=["done_on"])
        for file in files:
            attachment = UpdateAttachment(update=update, name=(file.name or "")[:200])
            attachment.file.save(file.name or "piece-jointe", file, save=False)
            attachment.save()
    return update


# --- Correcting, withdrawing and hiding progress updates ---


def _check_author(update: ActionUpdate, by: User | None) -> None:
    if not perms.can_correct_update(by, update):
        raise PermissionDenied(
            _("Seul·e l'auteur·rice corrige ou retire son point d'avancement, dans les %(h)s heures.")
            % {"h": _window_hours()}
        )


def _window_hours() -> int:
    from core.limits import correction_window

    return int(correction_window().total_seconds() // 3600)


def _save_update(update: ActionUpdate, by: User | None, fields: list[str]) -> None:
    update._history_user = by  # type: ignore[attr-defined]
    update.save(update_fields=fields)


def action_update_edit(*, update: ActionUpdate, by: User | None, text: str) -> ActionUpdate:
    """Its author corrects the text of a progress update (« modifié le … »)."""
    _check_author(update, by)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Décrivez où en est l'action.")})
    check_lengths({"text": text}, {"text": UPDATE_TEXT})
    with transaction.atomic():
        update.text, update.edited_at = text, timezone.now()
        _save_update(update, by, ["text", "edited_at"])
    return update


def action_update_withdraw(*, update: ActionUpdate, by: User | None) -> ActionUpdate:
    """Its author withdraws a progress update: pages say « retiré par son auteur »; the history keeps the text.
    What the update moved (status, progress, milestone) stays: the action's own fields are edited elsewhere."""
    _check_author(update, by)
    with transaction.atomic():
        update.withdrawn_at = timezone.now()
        _save_update(update, by, ["withdrawn_at"])
    return update


def action_update_hide(*, update: ActionUpdate, by: User | None, reason: str) -> ActionUpdate:
    """The programme lead (or an administrator) hides any progress update, with a reason shown in its place."""
    if not perms.can_hide_update(by, update):
        raise PermissionDenied(_("Seul·e le·la pilote QVT masque un point d'avancement."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du masquage.")})
    check_lengths({"reason": reason}, {"reason": REASON_TEXT})
    with transaction.atomic():
        update.hidden_at, update.hidden_by, update.hidden_reason = timezone.now(), by, reason
        _save_update(update, by, ["hidden_at", "hidden_by", "hidden_reason"])
    return update
