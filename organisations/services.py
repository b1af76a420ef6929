"""Writes on organisations, units, people imports and role grants."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleGrant, User
from core import jobs
from core.models import Job, JobStatus
from organisations import people_import, unit_import
from organisations.models import UNDO_DAYS, ImportStatus, Organisation, PeopleImport, Unit
from organisations.people_import import ImportRejected

UNIT_FIELDS = ("code", "name", "unit_type", "commune", "departement", "region", "is_active")
MAX_ERRORS_KEPT = people_import.MAX_ERRORS_KEPT
IMPORT_RETENTION_DAYS = 7


# --- Units -----------------------------------------------------------------------------------------------


def _expected_path(unit: Unit) -> tuple[str, int]:
    parent = unit.parent
    return f"{parent.path if parent else '/'}{unit.pk}/", (parent.depth + 1) if parent else 0


def unit_refresh_path(*, unit: Unit) -> None:
    """Recompute the materialised path and depth of a unit, and of its whole subtree if it moved (one query)."""
    new_path, new_depth = _expected_path(unit)
    if unit.path == new_path and unit.depth == new_depth:
        return
    old_path, old_depth = unit.path, unit.depth
    unit.path, unit.depth = new_path, new_depth
    if not old_path:
        Unit.objects.filter(pk=unit.pk).update(path=new_path, depth=new_depth)
        return
    Unit.objects.filter(organisation_id=unit.organisation_id, path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )


def units_rebuild_paths(*, organisation: Organisation) -> int:
    """Recompute every path of the organisation's tree from the parent links. Returns how many changed."""
    units = {
        u.pk: u
        for u in Unit.objects.filter(organisation=organisation).only("pk", "parent_id", "path", "depth")
    }
    computed: dict[int, tuple[str, int]] = {}

    def compute(pk: int) -> tuple[str, int]:
        chain = []
        current: int | None = pk
        while current is not None and current not in computed:
            chain.append(current)
            current = units[current].parent_id
        base = computed[current] if current is not None else ("/", -1)
        for node in reversed(chain):
            base = (f"{base[0]}{node}/", base[1] + 1)
            computed[node] = base
        return computed[pk]

    changed = []
    for pk, unit in units.items():
        path, depth = compute(pk)
        if (unit.path, unit.depth) != (path, depth):
            unit.path, unit.depth = path, depth
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)


def unit_create(
    *, organisation: Organisation, code: str, name: str, parent: Unit | None = None, **fields: Any
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("L'unité parente appartient à une autre organisation."))
    with transaction.atomic():
        unit = Unit.objects.create(organisation=organisation, code=code, name=name, parent=parent, **fields)
        unit_refresh_path(unit=unit)
    return unit


def unit_update(*, unit: Unit, parent: Unit | None | object = ..., **changes: Any) -> Unit:
    """Change a unit's fields and/or move it (with its subtree) under another parent."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit_update: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        if parent is not ...:
            if parent is not None:
                assert isinstance(parent, Unit)
                if parent.organisation_id != unit.organisation_id:
                    raise ValidationError(_("L'unité parente appartient à une autre organisation."))
                if parent.path.startswith(unit.path):
                    raise ValidationError(
                        _("Une unité ne peut pas être rattachée à elle-même ni à ses sous-unités.")
                    )
            unit.parent = parent  # type: ignore[assignment]
        for name, value in changes.items():
            setattr(unit, name, value)
        unit.save()
        unit_refresh_path(unit=unit)
    return unit


def units_import(*, organisation: Organisation, data: bytes, dry_run: bool = False) -> dict[str, int]:
    """Create or update units from a file. Raises ImportRejected (every bad line) and then writes nothing."""
    rows = unit_import.validate_units(organisation=organisation, data=data)
    return unit_import.apply_units(organisation=organisation, rows=rows, dry_run=dry_run)


# --- People ----------------------------------------------------------------------------------------------


def people_import_file(
    *,
    organisation: Organisation,
    data: bytes,
    scope: Unit | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    confirmed_deactivations: int | None = None,
) -> dict[str, Any]:
    """Validate, compare and (unless dry run) write an HR export. Raises ImportRejected; then nothing changed.

    With ``confirmed_deactivations``, a file deactivating more people than that (when so many need a
    confirmation, see ``needs_confirmation``) is refused.
    """
    checking, writing = (progress, progress) if progress is None or dry_run else _two_halves(progress)
    rows = people_import.validate(organisation=organisation, data=data, scope=scope, progress=checking)
    plan = people_import.plan_changes(organisation=organisation, rows=rows, scope=scope)
    if confirmed_deactivations is not None:
        people_import.check_confirmed(plan, confirmed_deactivations)
    report = plan.report()
    if not dry_run:
        people_import.apply(organisation=organisation, plan=plan, progress=writing)
        report["undo"] = plan.undo
    return report


Progress = Callable[[int, int], None]


def _two_halves(progress: Progress) -> tuple[Progress, Progress]:
    """One progress bar for two steps: checking fills its first half, writing the second."""

    def checking(done: int, total: int) -> None:
        progress(done, 2 * total)

    def writing(done: int, total: int) -> None:
        progress(total + done, 2 * total)

    return checking, writing


def _error_report(errors: list[tuple[int, str]]) -> dict[str, Any]:
    kept = [{"line": line, "message": message} for line, message in errors[:MAX_ERRORS_KEPT]]
    return {"errors": kept, "error_count": len(errors), "counts": {}, "sample": []}


def _job_progress(job: Job) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        job.advance(done, total=total)

    return update


def _new_job(people_import_: PeopleImport, by: User, kind: str, label: str) -> Job:
    return Job.objects.create(
        organisation=people_import_.organisation,
        owner=by,
        kind=kind,
        label=label,
        result_url=reverse(
            "organisations:import_detail", args=[people_import_.organisation.slug, people_import_.pk]
        ),
    )


def people_import_start(
    *, organisation: Organisation, by: User, upload: UploadedFile, scope: Unit | None, dry_run: bool
) -> PeopleImport:
    """Store the uploaded file privately and queue its validation."""
    with transaction.atomic():
        record = PeopleImport(
            organisation=organisation,
            uploaded_by=by,
            scope=scope,
            dry_run=dry_run,
            original_name=(upload.name or "")[:255],
        )
        record.file.save(upload.name or "import.csv", upload, save=False)
        record.save()
        job = _new_job(record, by, "people_import_validate", _("Vérification du fichier %s") % record)
        record.validation_job = job
        record.save(update_fields=["validation_job"])
        jobs.enqueue_on_commit(
            "organisations.tasks.validate_people_import", import_id=record.pk, job_id=str(job.pk)
        )
    return record


def _read(record: PeopleImport) -> bytes:
    with record.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def people_import_validate(*, import_id: int, job_id: str) -> None:
    """Background job: check the file and store what applying it would change (or every error)."""
    record = PeopleImport.objects.select_related("organisation", "scope").get(pk=import_id)
    job = Job.objects.get(pk=job_id)
    job.start()
    try:
        report = people_import_file(
            organisation=record.organisation,
            data=_read(record),
            scope=record.scope,
            dry_run=True,
            progress=_job_progress(job),
        )
    except ImportRejected as exc:
        record.status, record.report = ImportStatus.INVALID, _error_report(exc.errors)
        record.save(update_fields=["status", "report"])
        job.finish(JobStatus.DONE, _("%d erreur(s) : rien ne sera importé.") % len(exc.errors))
        return
    except Exception:
        record.status = ImportStatus.FAILED
        record.save(update_fields=["status"])
        job.finish(JobStatus.FAILED, _("La vérification a échoué."))
        raise
    record.status, record.report = ImportStatus.READY, report
    record.save(update_fields=["status", "report"])
    job.finish(JobStatus.DONE, _("Fichier vérifié : aucune erreur."))


def people_import_apply_start(
    *, record: PeopleImport, by: User, confirmed_deactivations: int = 0
) -> PeopleImport:
    """Queue the writing of a checked file. Only a file ready to apply (and not a simulation) can be applied.

    Deactivating many people (``PeopleImport.deactivations_to_confirm``) needs ``confirmed_deactivations`` to be
    at least that number; the job then refuses to deactivate more than was confirmed.
    """
    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.READY or locked.dry_run:
            raise ValidationError(_("Cet import ne peut pas être appliqué."))
        if not locked.file:
            raise ValidationError(_("Le fichier déposé a expiré (7 jours) : déposez-le à nouveau."))
        to_confirm = locked.deactivations_to_confirm
        if to_confirm and confirmed_deactivations < to_confirm:
            raise ValidationError(
                _("Cochez « Je confirme la désactivation de %(n)d personnes » pour appliquer cet import.")
                % {"n": to_confirm}
            )
        job = _new_job(locked, by, "people_import_apply", _("Import des agents (%s)") % locked)
        locked.status, locked.apply_job = ImportStatus.APPLYING, job
        locked.report = {**locked.report, "confirmed_deactivations": max(confirmed_deactivations, 0)}
        locked.save(update_fields=["status", "apply_job", "report"])
        jobs.enqueue_on_commit(
            "organisations.tasks.apply_people_import", import_id=locked.pk, job_id=str(job.pk)
        )
    return locked


def people_import_apply(*, import_id: int, job_id: str) -> None:
    """Background job: check again against the current data, then write everything in one transaction."""
    record = PeopleImport.objects.select_related("organisation", "scope").get(pk=import_id)
    job = Job.objects.get(pk=job_id)
    job.start()
    try:
        report = people_import_file(
            organisation=record.organisation,
            data=_read(record),
            scope=record.scope,
            progress=_job_progress(job),
            confirmed_deactivations=int(record.report.get("confirmed_deactivations", 0)),
        )
    except ImportRejected as exc:
        record.status, record.report = ImportStatus.INVALID, _error_report(exc.errors)
        record.save(update_fields=["status", "report"])
        job.finish(
            JobStatus.FAILED, _("Les données ont changé depuis la vérification : rien n'a été importé.")
        )
        return
    except Exception:
        record.status = ImportStatus.FAILED
        record.save(update_fields=["status"])
        job.finish(JobStatus.FAILED, _("L'import a échoué : rien n'a été importé."))
        raise
    record.file.delete(save=False)
    record.status, record.report, record.applied_at = ImportStatus.APPLIED, report, timezone.now()
    record.undo_data = report.pop("undo", {})
    record.save(update_fields=["status", "report", "applied_at", "file", "undo_data"])
    counts = report["counts"]
    job.finish(
        JobStatus.DONE,
        _(
            "%(created)d créé(s), %(updated)d mis à jour, %(reactivated)d réactivé(s), %(deactivated)d désactivé(s)."
        )
        % counts,
    )


def people_import_undo(*, record: PeopleImport, by: User) -> dict[str, int]:
    """Undo an applied import within UNDO_DAYS days, if no later import was applied since.

    Deactivated people (and their accounts) are active again, updated people get their previous values back,
    created people are removed unless something points at them (then deactivated). Records who and when.
    """
    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.APPLIED or not locked.undo_data:
            raise ValidationError(_("Cet import ne peut pas être annulé."))
        if not locked.can_undo:
            raise ValidationError(
                _("Un import ne peut être annulé que dans les %d jours qui suivent.") % UNDO_DAYS
            )
        later = PeopleImport.objects.filter(
            organisation_id=locked.organisation_id,
            status=ImportStatus.APPLIED,
            applied_at__gt=locked.applied_at,
        )
        if later.exists():
            raise ValidationError(_("Un import plus récent a été appliqué depuis : annulez-le d'abord."))
        now = timezone.now()
        counts = people_import.undo(undo_data=locked.undo_data, now=now)
        locked.status, locked.undone_at, locked.undone_by, locked.undo_data = ImportStatus.UNDONE, now, by, {}
        locked.report = {**locked.report, "undo_counts": counts}
        locked.save(update_fields=["status", "undone_at", "undone_by", "undo_data", "report"])
    record.status, record.undone_at, record.undone_by = locked.status, locked.undone_at, locked.undone_by
    return counts


def people_imports_purge(*, days: int = IMPORT_RETENTION_DAYS) -> int:
    """Delete uploaded files older than ``days`` (applied files are already gone), and what undo needed once
    the undo period is over. Returns how many files."""
    PeopleImport.objects.filter(applied_at__lt=timezone.now() - datetime.timedelta(days=UNDO_DAYS)).exclude(
        undo_data={}
    ).update(undo_data={})
    limit = timezone.now() - datetime.timedelta(days=days)
    purged = 0
    for record in PeopleImport.objects.filter(created_at__lt=limit).exclude(file=""):
        record.file.delete(save=True)
        purged += 1
    return purged


# --- Roles -----------------------------------------------------------------------------------------------


def role_grant(
    *, organisation: Organisation, user: User, role: str, unit: Unit | None, by: User
) -> RoleGrant:
    """Give a role for the whole organisation (``unit=None``) or for one unit subtree. Idempotent."""
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("Cette unité appartient à une autre organisation."))
    if role not in Role.values:
        raise ValidationError(_("Rôle inconnu."))
    with transaction.atomic():
        grant, _created = RoleGrant.objects.get_or_create(
            user=user, organisation=organisation, unit=unit, role=role
        )
    return grant


def role_revoke(*, grant: RoleGrant, by: User) -> None:
    """Take a role back. The last administrator of the whole organisation cannot be removed."""
    with transaction.atomic():
        if grant.role == Role.ADMIN and grant.unit_id is None:
            admins = RoleGrant.objects.select_for_update().filter(
                organisation_id=grant.organisation_id,
                role=Role.ADMIN,
                unit__isnull=True,
                user__is_active=True,
            )
            if admins.count() <= 1:
                raise ValidationError(_("Impossible de retirer le dernier rôle d'administrateur·rice."))
        grant.delete()
