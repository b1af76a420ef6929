"""Writes on the register (DUERP) and the prevention programme (PAPRIPACT).

Every function checks who acts (``by``) and raises ``PermissionDenied``; business rules raise ``ValidationError``
with a French message that views show as is. ``risk_create`` and ``measure_create`` are also called by the field
loop (situation-problems, discussion spaces): keep their signatures.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import perms as account_perms
from accounts.models import User
from core.jobs import enqueue_on_commit
from core.limits import LONG_TEXT, NOTE_TEXT, REASON_TEXT, check_lengths
from core.models import Job, JobStatus
from organisations.models import Organisation, Unit
from prevention import exports, perms, scoring, selectors
from prevention.models import (
    RPS_FAMILY_AXIS,
    DangerFamily,
    GollacAxis,
    Measure,
    MeasureStatus,
    Programme,
    ProgrammeStatus,
    PublicationStatus,
    ReassessmentRequest,
    RegisterPublication,
    RegisterVersion,
    Risk,
    RiskAssessment,
    RpsFamily,
    RpsGrid,
    RpsQuestion,
    WorkUnit,
    automatic_code,
)

KEEP_YEARS = 40
RPS_THRESHOLD = 2.5


def _check_keeper(by: User, organisation: Organisation) -> None:
    if not perms.can_keep(by, organisation):
        raise PermissionDenied(_("Seul·e le·la conseiller·ère de prévention tient le document unique."))


# --- Work units ------------------------------------------------------------------------------------------


def work_units_default(organisation: Organisation) -> int:
    """Create one work unit per active unit that no work unit covers yet; return how many were created.

    Two bulk inserts whatever the tree's size (1,300 units): the work units, then their links to the units.
    Each takes its unit's code, unless another work unit already has it (then ``UT<id>``, as any work unit saved
    without a code)."""
    covered = WorkUnit.units.through.objects.filter(workunit__organisation=organisation).values("unit_id")
    units = list(
        Unit.objects.filter(organisation=organisation)
        .exclude(pk__in=covered)
        .order_by("path")
        .only("pk", "name", "code")
    )
    if not units:
        return 0
    with transaction.atomic():
        taken = {
            c.lower()
            for c in WorkUnit.objects.filter(organisation=organisation).values_list("code", flat=True)
        }
        created = WorkUnit.objects.bulk_create(
            WorkUnit(organisation=organisation, name=u.name, code="" if u.code.lower() in taken else u.code)
            for u in units
        )
        if created and created[0].pk is None:  # backends that return no primary keys
            created = list(WorkUnit.objects.filter(organisation=organisation).order_by("-pk")[: len(units)])[
                ::-1
            ]
        WorkUnit.units.through.objects.bulk_create(
            WorkUnit.units.through(workunit_id=wu.pk, unit_id=u.pk)
            for wu, u in zip(created, units, strict=True)
        )
        blank = [wu for wu in created if not wu.code]
        for wu in blank:
            wu.code = automatic_code(wu.pk)
        WorkUnit.objects.bulk_update(blank, ["code"])
    return len(units)


def _check_units(organisation: Organisation, units: Iterable[Unit]) -> list[Unit]:
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Une unité de travail couvre au moins une unité.")})
    if any(u.organisation_id != organisation.pk for u in units):
        raise ValidationError({"units": _("Ces unités n'appartiennent pas à l'organisation.")})
    return units


def work_unit_create(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    units: Iterable[Unit],
    description: str = "",
    headcount: int | None = None,
    code: str = "",
) -> WorkUnit:
    """A work unit grouping several units, or a part of a unit (split: several work units cover the same unit).
    Without a code, it gets ``UT<id>``."""
    _check_keeper(by, organisation)
    units = _check_units(organisation, units)
    _check_code(organisation, code, None)
    with transaction.atomic():
        work_unit = WorkUnit(
            organisation=organisation, name=name, code=code, description=description, headcount=headcount
        )
        work_unit.full_clean()
        work_unit.save()  # without a code: ``UT<id>``
        work_unit.units.set(units)
    return work_unit


def _check_code(organisation: Organisation, code: str, work_unit: WorkUnit | None) -> None:
    clash = WorkUnit.objects.filter(organisation=organisation, code__iexact=code)
    if work_unit is not None:
        clash = clash.exclude(pk=work_unit.pk)
    if code and clash.exists():
        raise ValidationError({"code": _("Une autre unité de travail a déjà ce code.")})


def work_unit_update(
    *,
    work_unit: WorkUnit,
    by: User,
    name: str,
    units: Iterable[Unit],
    description: str = "",
    headcount: int | None = None,
    active: bool = True,
    code: str = "",
) -> WorkUnit:
    _check_keeper(by, work_unit.organisation)
    units = _check_units(work_unit.organisation, units)
    _check_code(work_unit.organisation, code, work_unit)
    with transaction.atomic():
        work_unit.code = code or work_unit.code or f"UT{work_unit.pk}"
        work_unit.name, work_unit.description = name, description
        work_unit.headcount, work_unit.active = headcount, active
        work_unit.full_clean()
        work_unit.save(update_fields=["code", "name", "description", "headcount", "active"])
        work_unit.units.set(units)
    return work_unit


# --- Register lines ------------------------------------------------------------------------------------------


def _check_risk(
    organisation: Organisation, work_unit: WorkUnit, danger_family: str, gollac_axis: str
) -> None:
    if work_unit.organisation_id != organisation.pk:
        raise ValidationError({"work_unit": _("Cette unité de travail n'appartient pas à l'organisation.")})
    if danger_family not in DangerFamily.values:
        raise ValidationError({"danger_family": _("Famille de danger inconnue.")})
    if danger_family == DangerFamily.PSYCHOSOCIAL and gollac_axis not in GollacAxis.values:
        raise ValidationError(
            {"gollac_axis": _("Indiquez l'axe psychosocial (Gollac) d'un risque psychosocial.")}
        )
    if danger_family != DangerFamily.PSYCHOSOCIAL and gollac_axis:
        raise ValidationError({"gollac_axis": _("L'axe Gollac ne concerne que les risques psychosociaux.")})


def risk_create(
    *,
    organisation: Organisation,
    by: User,
    work_unit: WorkUnit,
    danger_family: str,
    exposure_situation: str,
    gollac_axis: str = "",
    exposed_count: int | None = None,
    existing_measures: str = "",
    owner: User | None = None,
) -> Risk:
    """Add a line to the live register (the next draft). ``by`` must keep the register."""
    _check_keeper(by, organisation)
    _check_risk(organisation, work_unit, danger_family, gollac_axis)
    risk = Risk(
        organisation=organisation,
        work_unit=work_unit,
        danger_family=danger_family,
        gollac_axis=gollac_axis,
        exposure_situation=exposure_situation,
        exposed_count=exposed_count,
        existing_measures=existing_measures,
        owner=owner,
    )
    risk.full_clean()
    risk.save()
    return risk


def risk_update(*, risk: Risk, by: User, **fields: Any) -> Risk:
    """Edit a live line (published versions keep their snapshot)."""
    _check_keeper(by, risk.organisation)
    allowed = {
        "work_unit",
        "danger_family",
        "gollac_axis",
        "exposure_situation",
        "exposed_count",
        "existing_measures",
        "owner",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(risk, name, value)
    _check_risk(risk.organisation, risk.work_unit, risk.danger_family, risk.gollac_axis)
    risk.full_clean()
    risk.save(update_fields=sorted(fields))
    return risk


def risk_archive(*, risk: Risk, by: User) -> Risk:
    _check_keeper(by, risk.organisation)
    risk.archived_at = timezone.now()
    risk.save(update_fields=["archived_at"])
    return risk


def risk_assess(
    *,
    risk: Risk,
    by: User,
    method: str,
    inputs: Mapping[str, object],
    evaluated_on: datetime.date | None = None,
    comment: str = "",
) -> RiskAssessment:
    """A new assessment supersedes the current one (which stays readable) and answers any re-assessment
    request pending on the risk."""
    if not perms.can_assess(by, risk):
        raise PermissionDenied(
            _("Seul·e le·la conseiller·ère de prévention ou le·la responsable du risque l'évalue.")
        )
    check_lengths({"comment": comment}, {"comment": NOTE_TEXT})
    cleaned, total, level = scoring.score(method, inputs)
    today = timezone.localdate()
    evaluated_on = evaluated_on or today
    if evaluated_on > today:
        raise ValidationError({"evaluated_on": _("La date d'évaluation ne peut pas être dans le futur.")})
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            risk=risk,
            method=method,
            inputs=cleaned,
            score=total,
            level=level,
            evaluator=by,
            evaluated_on=evaluated_on,
            comment=comment,
        )
        ReassessmentRequest.objects.filter(risk=risk, done_at__isnull=True).update(done_at=timezone.now())
    return assessment


# --- Versions ---------------------------------------------------------------------------------------------------


def _keep_until(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + KEEP_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + KEEP_YEARS, day=28)


PUBLISH_STEPS = 3
# A publication still pending after this long (its job never ran: the worker was down) stops blocking the next.
STALE_PUBLICATION = datetime.timedelta(hours=1)


def register_publication_start(
    *, organisation: Organisation, by: User, enqueue: bool = True
) -> RegisterPublication:
    """The keeper confirms the publication: the register is frozen now, as they saw it (the snapshot, numbered),
    and its version — ODT document, SHA-256 — is built by a background job they follow on a progress bar.

    Refused while another publication of the organisation is under way (a database constraint backs the check),
    and when the register is empty. ``enqueue=False`` leaves the building to the caller
    (``register_publish``)."""
    _check_keeper(by, organisation)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        pending = (
            organisation.register_publications.filter(status=PublicationStatus.PENDING)
            .select_related("job", "requested_by")
            .first()
        )
        stale = timezone.now() - STALE_PUBLICATION
        if pending is not None and (
            (pending.job is not None and pending.job.status == JobStatus.FAILED)
            or pending.requested_at < stale
        ):
            # failed, or never built (the worker was down): it stops blocking; if its job runs later, it
            # publishes nothing (register_publication_build checks the status under the same lock)
            _publication_failed(
                pending,
                _("Publication abandonnée : elle n'avait pas abouti après une heure. Rien n'a été publié."),
            )
            pending = None
        if pending is not None:
            raise ValidationError(
                _(
                    "Une publication du document unique est déjà en cours (version %(n)s, confirmée le %(when)s "
                    "par %(who)s) : attendez qu'elle se termine avant d'en lancer une autre."
                )
                % {
                    "n": pending.number,
                    "when": timezone.localtime(pending.requested_at).strftime("%d/%m/%Y à %H:%M"),
                    "who": (pending.requested_by.get_full_name() or pending.requested_by.email)
                    if pending.requested_by
                    else "?",
                },
                code="pending",
            )
        number = (organisation.register_versions.aggregate(n=Max("number"))["n"] or 0) + 1
        now = timezone.now()
        snapshot = selectors.register_snapshot(organisation, number=number, published_at=now, by=by)
        if not snapshot["lines"]:
            raise ValidationError(
                _("Le document unique est vide : ajoutez au moins un risque avant de publier.")
            )
        job = Job.objects.create(
            organisation=organisation,
            owner=by,
            kind="prevention.publish",
            label=_("Publication du document unique — version %(n)s") % {"n": number},
            total=PUBLISH_STEPS,
        )
        publication = RegisterPublication.objects.create(
            organisation=organisation,
            number=number,
            snapshot=snapshot,
            requested_by=by,
            requested_at=now,
            job=job,
        )
        if enqueue:
            enqueue_on_commit(
                "prevention.tasks.build_register_version", job_id=str(job.pk), publication_id=publication.pk
            )
    return publication


def register_publication_build(*, publication_id: int) -> RegisterVersion:
    """Run by the worker: build the confirmed snapshot's ODT document and SHA-256, store the version (kept 40
    years) and close the one in force. Runs once: a publication already built returns its version."""
    publication = RegisterPublication.objects.select_related("organisation", "job", "version").get(
        pk=publication_id
    )
    if publication.version is not None:
        return publication.version
    abandoned = _("Cette publication a été abandonnée (une autre l'a remplacée) : rien n'a été publié.")
    if publication.status != PublicationStatus.PENDING:
        raise ValidationError(abandoned)
    job = publication.job
    if job is not None:
        job.start()
        job.advance(0, message=_("Mise en page du document (ODT)…"))
    document = exports.register_odt(publication.snapshot)
    sha256 = hashlib.sha256(document).hexdigest()
    if job is not None:
        job.advance(1, message=_("Empreinte SHA-256 calculée, enregistrement de la version…"))
    organisation = publication.organisation
    day = timezone.localdate(publication.requested_at)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if RegisterPublication.objects.get(pk=publication.pk).status != PublicationStatus.PENDING:
            raise ValidationError(abandoned)
        previous = organisation.register_versions.filter(valid_to__isnull=True).first()
        if previous is not None:
            previous.valid_to = max(previous.valid_from, day - datetime.timedelta(days=1))
            previous.save(update_fields=["valid_to"])
        version = RegisterVersion.objects.create(
            organisation=organisation,
            number=publication.number,
            snapshot=publication.snapshot,
            document=document,
            document_sha256=sha256,
            published_by=publication.requested_by,
            published_at=publication.requested_at,
            valid_from=day,
            keep_until=_keep_until(day),
        )
        publication.version, publication.status = version, PublicationStatus.DONE
        publication.save(update_fields=["version", "status"])
        if job is not None:
            job.advance(2)
            job.result_url = reverse("prevention:version_detail", args=[version.pk])
            job.save(update_fields=["result_url"])
    if job is not None:
        job.finish(
            JobStatus.DONE,
            _("Version %(n)s publiée. Empreinte SHA-256 du document : %(sha)s")
            % {"n": version.number, "sha": sha256},
        )
    return version


def register_publication_fail(*, publication_id: int) -> None:
    """The job failed: the publication stops blocking the next one (the register is unchanged, nothing published)."""
    publication = RegisterPublication.objects.select_related("job").get(pk=publication_id)
    _publication_failed(
        publication, _("La publication a échoué : rien n'a été publié. Vous pouvez la relancer.")
    )


def _publication_failed(publication: RegisterPublication, message: str) -> None:
    """A pending publication stops blocking the next one, and its job ends as failed with ``message``."""
    if publication.status == PublicationStatus.PENDING:
        publication.status = PublicationStatus.FAILED
        publication.save(update_fields=["status"])
    if publication.job is not None and not publication.job.is_finished:
        publication.job.finish(JobStatus.FAILED, message)


def register_publish(*, organisation: Organisation, by: User) -> RegisterVersion:
    """Freeze the organisation's whole live register as a new version and build it at once (scripts, the demo,
    tests); the pages go through ``register_publication_start`` and the background job."""
    publication = register_publication_start(organisation=organisation, by=by, enqueue=False)
    return register_publication_build(publication_id=publication.pk)


def register_version_delete(*, version: RegisterVersion, by: User) -> None:
    """Refused before ``keep_until`` (40 years after publication)."""
    _check_keeper(by, version.organisation)
    version.delete()


# --- RPS grid ---------------------------------------------------------------------------------------------------


def rps_grid_create(
    *,
    organisation: Organisation,
    by: User,
    work_unit: WorkUnit,
    held_on: datetime.date,
    participant_count: int,
    participant_roles: str,
    answers: Mapping[int, int],
) -> RpsGrid:
    """Record the grid answered for a work unit: one frequency (1–4) per question, by question id."""
    _check_keeper(by, organisation)
    if work_unit.organisation_id != organisation.pk:
        raise ValidationError({"work_unit": _("Cette unité de travail n'appartient pas à l'organisation.")})
    if participant_count < 1:
        raise ValidationError({"participant_count": _("Au moins une personne a répondu à la grille.")})
    asked = selectors.rps_questions(organisation)
    if not asked:
        raise ValidationError(_("La grille n'a aucune question active : réactivez ou ajoutez des questions."))
    questions = {q.pk for q in asked}
    clean = {str(k): int(v) for k, v in answers.items() if int(k) in questions}
    if set(map(int, clean)) != questions:
        raise ValidationError(_("Répondez à toutes les questions de la grille."))
    if any(v not in (1, 2, 3, 4) for v in clean.values()):
        raise ValidationError(_("Chaque réponse est une fréquence de 1 (jamais) à 4 (toujours)."))
    grid = RpsGrid(
        organisation=organisation,
        work_unit=work_unit,
        held_on=held_on,
        participant_count=participant_count,
        participant_roles=participant_roles,
        answers=clean,
        questions=[{"id": q.pk, "family": q.family, "text": q.text} for q in asked],
        created_by=by,
    )
    grid.full_clean()
    grid.save()
    return grid


def rps_grid_to_risks(*, grid: RpsGrid, by: User, threshold: float = RPS_THRESHOLD) -> list[Risk]:
    """One psychosocial risk per family whose mean frequency reaches ``threshold``, with its Gollac axis, in one
    step; the grid is marked converted so that it is not turned into lines twice."""
    _check_keeper(by, grid.organisation)
    if grid.converted_at is not None:
        raise ValidationError(_("Cette grille a déjà été reportée dans le document unique."))
    created = []
    with transaction.atomic():
        for row in selectors.rps_aggregates(grid):
            if row["mean"] < threshold:
                continue
            created.append(
                risk_create(
                    organisation=grid.organisation,
                    by=by,
                    work_unit=grid.work_unit,
                    danger_family=DangerFamily.PSYCHOSOCIAL,
                    gollac_axis=RPS_FAMILY_AXIS[row["family"]],
                    exposure_situation=_(
                        "Grille RPS du %(date)s (%(count)s participant·es) — %(family)s : fréquence moyenne "
                        "%(mean)s sur 4."
                    )
                    % {
                        "date": grid.held_on.strftime("%d/%m/%Y"),
                        "count": grid.participant_count,
                        "family": row["label"],
                        "mean": f"{row['mean']:.1f}".replace(".", ","),
                    },
                    exposed_count=grid.work_unit.headcount,
                )
            )
        grid.converted_at = timezone.now()
        grid.save(update_fields=["converted_at"])
    return created


def _own_rps_questions(organisation: Organisation) -> None:
    """Give the organisation its own grid, a copy of the default one, unless it has one already."""
    if organisation.rps_questions.exists():
        return
    RpsQuestion.objects.bulk_create(
        RpsQuestion(organisation=organisation, family=q.family, text=q.text, order=i, active=q.active)
        for i, q in enumerate(selectors.default_rps_questions().order_by("order", "pk"), start=1)
    )


def rps_questions_adopt_defaults(*, organisation: Organisation, by: User) -> list[RpsQuestion]:
    """Start the organisation's own grid from the default one (a copy it then rewords, orders, deactivates)."""
    _check_keeper(by, organisation)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if organisation.rps_questions.exists():
            raise ValidationError(_("Votre organisation a déjà sa propre grille."))
        _own_rps_questions(organisation)
    return list(organisation.rps_questions.all())


def _check_rps_question(
    organisation: Organisation, family: str, text: str, question: RpsQuestion | None
) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Saisissez la question.")})
    if family not in RpsFamily.values:
        raise ValidationError({"family": _("Famille inconnue.")})
    others = organisation.rps_questions.values_list("text", flat=True)
    if question is not None:
        others = others.exclude(pk=question.pk)
    if text.casefold() in {t.casefold() for t in others}:  # ``iexact`` ignores accents' case on SQLite
        raise ValidationError({"text": _("Cette question figure déjà dans la grille de l'organisation.")})
    return text


def rps_question_add(*, organisation: Organisation, by: User, family: str, text: str) -> RpsQuestion:
    """Configure the organisation's own grid; its first question copies the default set first."""
    _check_keeper(by, organisation)
    with transaction.atomic():
        _own_rps_questions(organisation)
        text = _check_rps_question(organisation, family, text, None)
        order = (organisation.rps_questions.aggregate(n=Max("order"))["n"] or 0) + 1
        question = RpsQuestion(organisation=organisation, family=family, text=text, order=order)
        question.full_clean()
        question.save()
    return question


def _check_own_question(question: RpsQuestion, by: User) -> Organisation:
    if question.organisation is None:
        raise ValidationError(
            _("Les questions par défaut ne changent pas : créez d'abord la grille de votre organisation.")
        )
    _check_keeper(by, question.organisation)
    return question.organisation


def rps_question_update(*, question: RpsQuestion, by: User, family: str, text: str) -> RpsQuestion:
    """Reword a question (or change its family). Grids already answered keep the wording they were asked with."""
    organisation = _check_own_question(question, by)
    question.text = _check_rps_question(organisation, family, text, question)
    question.family = family
    question.full_clean()
    question.save(update_fields=["text", "family"])
    return question


def rps_question_move(*, question: RpsQuestion, by: User, up: bool) -> RpsQuestion:
    """Swap the question with the one before it (``up``) or after it in the organisation's grid."""
    organisation = _check_own_question(question, by)
    with transaction.atomic():
        ordered = list(organisation.rps_questions.select_for_update().order_by("order", "pk"))
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, q in enumerate(ordered, start=1):
            q.order = position
        RpsQuestion.objects.bulk_update(ordered, ["order"])
    question.order = next(q.order for q in ordered if q.pk == question.pk)
    return question


def rps_question_set_active(*, question: RpsQuestion, by: User, active: bool) -> RpsQuestion:
    """Deactivate a question (new grids stop asking it; grids already answered keep it and their means) or
    reactivate it. Questions are never deleted: answered grids refer to them."""
    organisation = _check_own_question(question, by)
    if not active and not organisation.rps_questions.filter(active=True).exclude(pk=question.pk).exists():
        raise ValidationError(_("La grille garde au moins une question active."))
    question.active = active
    question.save(update_fields=["active"])
    return question


# --- Measures and programme ---------------------------------------------------------------------------------


def measure_create(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    description: str = "",
    risks: Iterable[Risk] = (),
    owner: User | None = None,
    due_date: datetime.date | None = None,
    by_committee: bool = False,
) -> Measure:
    """Add a measure to the programme of its year (its due date's, else its creation's).

    ``by_committee``: the steering committee accepts a discussion space's proposal as a measure (``field`` checks
    that ``by`` sits on it; ``prevention`` cannot import ``field``). ``by`` need not keep the programme, but the
    measure treats no risk and has no owner until the adviser sets them, and it only goes into a programme still
    in draft (created if need be): a submitted or adopted one changes only through its keeper."""
    if by_committee:
        if not account_perms.is_member(by, organisation):
            raise PermissionDenied
        if owner is not None or list(risks):
            raise ValidationError(
                _("Le responsable et les risques traités sont choisis par le·la conseiller·ère.")
            )
        year = (due_date or timezone.localdate()).year
        programme, _created = Programme.objects.get_or_create(organisation=organisation, year=year)
        if programme.status != ProgrammeStatus.DRAFT:
            raise ValidationError(
                {
                    "due_date": _(
                        "Le programme de prévention %(year)s n'est plus un brouillon (« %(status)s ») : "
                        "choisissez une échéance d'une autre année ou demandez au·à la conseiller·ère de "
                        "prévention d'inscrire la mesure."
                    )
                    % {"year": year, "status": programme.get_status_display()}
                }
            )
    else:
        _check_keeper(by, organisation)
    risks = list(risks)
    if any(r.organisation_id != organisation.pk for r in risks):
        raise ValidationError({"risks": _("Ces risques n'appartiennent pas à l'organisation.")})
    with transaction.atomic():
        measure = Measure(
            organisation=organisation, title=title, description=description, owner=owner, due_date=due_date
        )
        measure.full_clean()
        measure.save()
        measure.risks.set(risks)
    return measure


def _check_programme_open(organisation: Organisation, year: int) -> None:
    programme = Programme.objects.filter(organisation=organisation, year=year).first()
    if (
        programme is not None
        and programme.status == ProgrammeStatus.ADOPTED
        and programme.report_finalised_at
    ):
        raise ValidationError(_("Le bilan du programme %(year)s est arrêté.") % {"year": year})


def measure_update(
    *, measure: Measure, by: User, risks: Iterable[Risk] | None = None, **fields: Any
) -> Measure:
    _check_keeper(by, measure.organisation)
    _check_programme_open(measure.organisation, measure.year)
    was_done = measure.status == MeasureStatus.DONE
    for name, value in fields.items():
        setattr(measure, name, value)
    if measure.status == MeasureStatus.DONE and not measure.done_on:
        measure.done_on = timezone.localdate()
    if measure.indicator is not None and measure.indicator.organisation_id != measure.organisation_id:
        raise ValidationError({"indicator": _("Cet indicateur n'appartient pas à l'organisation.")})
    if measure.start_date and measure.due_date and measure.start_date > measure.due_date:
        raise ValidationError({"due_date": _("L'échéance suit le début.")})
    check_lengths(
        {"description": measure.description, "not_done_reason": measure.not_done_reason},
        {"description": LONG_TEXT, "not_done_reason": REASON_TEXT},
    )
    with transaction.atomic():
        measure.full_clean()
        measure.save()
        if risks is not None:
            risks = list(risks)
            if any(r.organisation_id != measure.organisation_id for r in risks):
                raise ValidationError({"risks": _("Ces risques n'appartiennent pas à l'organisation.")})
            measure.risks.set(risks)
        if measure.status == MeasureStatus.DONE and not was_done:
            _ask_reassessment(measure)
    return measure


def measure_complete(*, measure: Measure, by: User, actual_cost: Decimal | None = None) -> Measure:
    """Mark a measure done: the owner of each risk it treats is asked to re-assess it (list and e-mail)."""
    fields: dict[str, Any] = {"status": MeasureStatus.DONE, "done_on": timezone.localdate()}
    if actual_cost is not None:
        fields["actual_cost"] = actual_cost
    return measure_update(measure=measure, by=by, **fields)


def _ask_reassessment(measure: Measure) -> None:
    created = ReassessmentRequest.objects.bulk_create(
        ReassessmentRequest(risk=risk, measure=measure, requested_to=risk.owner)
        for risk in measure.risks.filter(owner__isnull=False, archived_at__isnull=True).select_related(
            "owner"
        )
    )
    if not created:
        return
    job = Job.objects.create(
        organisation=measure.organisation,
        kind="prevention.reassessment",
        label=_("Demandes de réévaluation : %(title)s") % {"title": measure.title[:120]},
    )
    enqueue_on_commit("prevention.tasks.send_reassessment_emails", job_id=str(job.pk), measure_id=measure.pk)


def reassessment_emails_send(*, measure_id: int, job: Job) -> int:
    """Run by the worker: e-mail each risk owner asked to re-assess after ``measure_id`` was done."""
    job.start()
    pending = list(
        ReassessmentRequest.objects.filter(measure_id=measure_id, emailed_at__isnull=True).select_related(
            "risk__work_unit", "measure", "requested_to"
        )
    )
    total = len(pending)
    with get_connection() as connection:
        for done, req in enumerate(pending, start=1):
            url = settings.SITE_URL + reverse("prevention:risk_detail", args=[req.risk_id])
            body = _(
                "Bonjour,\n\nLa mesure de prévention « %(measure)s » est réalisée. Elle traite le risque "
                "« %(risk)s » dont vous êtes responsable : merci de le réévaluer.\n\n%(url)s\n"
            ) % {
                "measure": req.measure.title,
                "risk": f"{req.risk.work_unit} — {req.risk.get_danger_family_display()}",
                "url": url,
            }
            EmailMessage(
                subject=_("Risque à réévaluer : %(risk)s") % {"risk": req.risk.get_danger_family_display()},
                body=body,
                to=[req.requested_to.email],
                connection=connection,
            ).send()
            req.emailed_at = timezone.now()
            req.save(update_fields=["emailed_at"])
            job.advance(done, total=total)
    job.finish(JobStatus.DONE, _("%(n)s demande(s) envoyée(s).") % {"n": total})
    return total


def programme_for_year(*, organisation: Organisation, year: int, by: User) -> Programme:
    _check_keeper(by, organisation)
    programme, _created = Programme.objects.get_or_create(organisation=organisation, year=year)
    return programme


def _require(programme: Programme, *statuses: str) -> None:
    if programme.status not in statuses:
        raise ValidationError(
            _("Impossible à cette étape : le programme est « %(status)s ».")
            % {"status": programme.get_status_display()}
        )


def programme_submit(*, programme: Programme, by: User, meeting_date: datetime.date) -> Programme:
    """Submit the programme to the F3SCT for its meeting."""
    _check_keeper(by, programme.organisation)
    _require(programme, ProgrammeStatus.DRAFT)
    if not selectors.programme_measures(programme).exists():
        raise ValidationError(_("Le programme ne contient aucune mesure."))
    programme.status, programme.meeting_date = ProgrammeStatus.SUBMITTED, meeting_date
    programme.save(update_fields=["status", "meeting_date"])
    return programme


def programme_record_opinion(
    *,
    programme: Programme,
    by: User,
    text: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> Programme:
    if not perms.can_record_opinion(by, programme.organisation):
        raise PermissionDenied(_("Seul·es les représentant·es du personnel enregistrent l'avis de la F3SCT."))
    _require(programme, ProgrammeStatus.SUBMITTED, ProgrammeStatus.OPINION)
    if not text.strip():
        raise ValidationError({"opinion_text": _("Saisissez l'avis de la F3SCT.")})
    check_lengths({"opinion_text": text}, {"opinion_text": LONG_TEXT})
    programme.status, programme.opinion_text = ProgrammeStatus.OPINION, text
    programme.votes_for, programme.votes_against, programme.votes_abstain = (
        votes_for,
        votes_against,
        votes_abstain,
    )
    programme.opinion_recorded_by = by
    programme.save(
        update_fields=[
            "status",
            "opinion_text",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "opinion_recorded_by",
        ]
    )
    return programme


def programme_adopt(*, programme: Programme, by: User) -> Programme:
    """Adopt (and so publish) the programme, once the F3SCT's opinion is recorded."""
    _check_keeper(by, programme.organisation)
    _require(programme, ProgrammeStatus.OPINION)
    programme.status, programme.adopted_at = ProgrammeStatus.ADOPTED, timezone.now()
    programme.save(update_fields=["status", "adopted_at"])
    return programme


def programme_report_finalise(*, programme: Programme, by: User) -> Programme:
    """Close the year's report; refused while a measure not carried out lacks its reason (named in French)."""
    _check_keeper(by, programme.organisation)
    _require(programme, ProgrammeStatus.ADOPTED)
    if programme.report_finalised_at:
        raise ValidationError(_("Le bilan est déjà arrêté."))
    missing = [
        m.title
        for m in selectors.programme_measures(programme)
        if m.status != MeasureStatus.DONE and not m.not_done_reason.strip()
    ]
    if missing:
        raise ValidationError(
            _("Indiquez le motif de non-réalisation de ces mesures : %(titles)s.")
            % {"titles": ", ".join(f"« {t} »" for t in missing)}
        )
    programme.report_finalised_at = timezone.now()
    programme.save(update_fields=["report_finalised_at"])
    return programme
