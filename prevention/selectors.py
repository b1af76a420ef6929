"""Reads of the register and the programme: live lines, snapshots, RPS aggregates, programme figures, alerts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone

from organisations.models import Organisation
from prevention.models import (
    Measure,
    MeasureStatus,
    Programme,
    ReassessmentRequest,
    RegisterVersion,
    Risk,
    RiskAssessment,
    RpsFamily,
    RpsFrequency,
    RpsGrid,
    RpsQuestion,
    WorkUnit,
)
from prevention.rps_defaults import DEFAULT_QUESTIONS

STALE_AFTER = datetime.timedelta(days=365)


def live_risks(organisation: Organisation, work_units: QuerySet[WorkUnit] | None = None) -> QuerySet[Risk]:
    """Lines of the live register (the next draft), with their current assessment prefetched."""
    qs = Risk.objects.filter(organisation=organisation).live().select_related("work_unit", "owner")
    if work_units is not None:
        qs = qs.filter(work_unit__in=work_units)
    return qs.with_current_assessment()


def current_assessment(risk: Risk) -> RiskAssessment | None:
    """The newest assessment (uses the prefetch of ``with_current_assessment`` when there is one)."""
    assessments = list(risk.assessments.all())
    return assessments[0] if assessments else None


def register_snapshot(
    organisation: Organisation, *, number: int, published_at: datetime.datetime, by: Any
) -> dict[str, Any]:
    """What a published version freezes: every live line with its current assessment, in plain JSON."""
    lines = []
    for risk in live_risks(organisation).order_by("work_unit__name", "danger_family", "pk"):
        current = current_assessment(risk)
        lines.append(
            {
                "risk_id": risk.pk,
                "work_unit": risk.work_unit.name,
                "danger_family": risk.danger_family,
                "danger_family_label": str(risk.get_danger_family_display()),
                "gollac_axis": risk.gollac_axis,
                "gollac_axis_label": str(risk.get_gollac_axis_display()) if risk.gollac_axis else "",
                "exposure_situation": risk.exposure_situation,
                "exposed_count": risk.exposed_count,
                "existing_measures": risk.existing_measures,
                "method": current.method if current else "",
                "method_label": str(current.get_method_display()) if current else "",
                "inputs": current.inputs if current else {},
                "score": current.score if current else None,
                "level": current.level if current else "",
                "level_label": str(current.get_level_display()) if current else "",
                "evaluator": (current.evaluator.get_full_name() or current.evaluator.email)
                if current and current.evaluator
                else "",
                "evaluated_on": current.evaluated_on.isoformat() if current else "",
                "measures": [m.title for m in risk.measures.all()],
            }
        )
    return {
        "organisation": organisation.name,
        "number": number,
        "published_at": published_at.isoformat(),
        "published_by": (getattr(by, "get_full_name", lambda: "")() or getattr(by, "email", "")),
        "lines": lines,
    }


def last_version(organisation: Organisation) -> RegisterVersion | None:
    return organisation.register_versions.defer("document", "snapshot").order_by("-number").first()


def register_is_stale(organisation: Organisation, *, today: datetime.date | None = None) -> bool:
    """True when no version has been published for more than a year (or never): other pages may show it."""
    today = today or timezone.localdate()
    version = last_version(organisation)
    return version is None or version.valid_from < today - STALE_AFTER


def version_document(version: RegisterVersion) -> bytes:
    return bytes(RegisterVersion.objects.values_list("document", flat=True).get(pk=version.pk))


def has_own_rps_questions(organisation: Organisation) -> bool:
    """True once the organisation has its own grid (even if every question of it is deactivated)."""
    return RpsQuestion.objects.filter(organisation=organisation).exists()


def rps_questions(organisation: Organisation) -> list[RpsQuestion]:
    """The questions a new grid asks: the active ones of the organisation's own grid when it has one, else the
    default grid's (restored if its rows are missing)."""
    if has_own_rps_questions(organisation):
        return list(RpsQuestion.objects.filter(organisation=organisation, active=True))
    return list(default_rps_questions().filter(active=True))


def rps_questions_configured(organisation: Organisation) -> list[RpsQuestion]:
    """Every question of the organisation's own grid, deactivated ones included, in order (else the defaults)."""
    if has_own_rps_questions(organisation):
        return list(RpsQuestion.objects.filter(organisation=organisation))
    return list(default_rps_questions())


def default_rps_questions() -> QuerySet[RpsQuestion]:
    """The shared default set; written once from ``rps_defaults`` if a flushed database lost migration 0003's rows."""
    shared = RpsQuestion.objects.filter(organisation__isnull=True)
    if not shared.exists():
        RpsQuestion.objects.bulk_create(
            RpsQuestion(organisation=None, family=family, text=text, order=i)
            for i, (family, text) in enumerate(DEFAULT_QUESTIONS, start=1)
        )
    return shared


def rps_grid_questions(grid: RpsGrid) -> list[dict[str, Any]]:
    """The grid's questions as they were asked (frozen when answered), each with its answer.

    A grid recorded before the questions were frozen (none after migration 0006) falls back to the live rows."""
    asked = grid.questions
    if not asked:
        live = RpsQuestion.objects.filter(pk__in=[int(k) for k in grid.answers])
        asked = [{"id": q.pk, "family": q.family, "text": q.text} for q in live]
    labels = dict(RpsFrequency.choices)
    families = dict(RpsFamily.choices)
    rows = []
    for question in asked:
        value = grid.answers.get(str(question["id"]))
        if value is None:
            continue
        rows.append(
            {
                **question,
                "family_label": str(families.get(question["family"], question["family"])),
                "answer": int(value),
                "answer_label": str(labels.get(int(value), value)),
            }
        )
    return rows


def rps_aggregates(grid: RpsGrid) -> list[dict[str, Any]]:
    """Per family: the number of questions and the mean frequency (1–4) of the answers, in family order, from the
    questions as they were asked (a later rewording or deactivation changes nothing)."""
    answered = rps_grid_questions(grid)
    rows = []
    for family in RpsFamily:
        values = [row["answer"] for row in answered if row["family"] == family]
        if values:
            rows.append(
                {
                    "family": family.value,
                    "label": str(family.label),
                    "questions": len(values),
                    "mean": sum(values) / len(values),
                }
            )
    return rows


def measures_of_year(organisation: Organisation, year: int) -> QuerySet[Measure]:
    """Measures whose year (due date's, else start's, else creation's) is ``year``."""
    return (
        Measure.objects.filter(organisation=organisation)
        .annotate(
            _year=ExtractYear(
                Coalesce(F("due_date"), F("start_date"), Cast("created_at", output_field=DateField()))
            )
        )
        .filter(_year=year)
        .select_related("owner", "indicator")
        .prefetch_related("risks__work_unit")
        .order_by("due_date", "pk")
    )


def programme_measures(programme: Programme) -> QuerySet[Measure]:
    return measures_of_year(programme.organisation, programme.year)


def programme_report(programme: Programme) -> dict[str, Any]:
    """Completion rate and planned versus actual budget of the year's measures."""
    measures = list(programme_measures(programme))
    done = [m for m in measures if m.status == MeasureStatus.DONE]
    estimated = sum((m.estimated_cost or Decimal(0) for m in measures), Decimal(0))
    actual = sum((m.actual_cost or Decimal(0) for m in measures), Decimal(0))
    return {
        "count": len(measures),
        "done": len(done),
        "rate": round(100 * len(done) / len(measures)) if measures else 0,
        "estimated": estimated,
        "actual": actual,
        "difference": actual - estimated,
        "missing_reasons": [
            m for m in measures if m.status != MeasureStatus.DONE and not m.not_done_reason.strip()
        ],
    }


def pending_reassessments(user: Any) -> QuerySet[ReassessmentRequest]:
    """Re-assessments asked of the user (their to-do list and home page)."""
    if not getattr(user, "is_authenticated", False):
        return ReassessmentRequest.objects.none()
    return ReassessmentRequest.objects.filter(requested_to=user, done_at__isnull=True).select_related(
        "risk__work_unit", "measure"
    )


def keeper_home(user: Any, organisation: Organisation | None) -> dict[str, Any] | None:
    """What the register's keeper (prevention adviser, administrator) sees on their home page: whether the
    register waits for its yearly publication, and the re-assessments asked of risk owners still pending in the
    organisation. ``None`` for everyone else."""
    from prevention import perms

    if organisation is None or not perms.can_keep(user, organisation):
        return None
    pending = (
        ReassessmentRequest.objects.filter(risk__organisation=organisation, done_at__isnull=True)
        .select_related("risk__work_unit", "measure", "requested_to")
        .order_by("created_at", "pk")
    )
    return {
        "stale": register_is_stale(organisation),
        "last_version": last_version(organisation),
        "pending": list(pending[:10]),
        "pending_count": pending.count(),
    }


# --- For the API: read with a user (no request), 404 — ``None`` — for whatever the user may not read -------------


def versions_readable_by(user: Any) -> QuerySet[RegisterVersion]:
    """Published versions the user reads in every organisation they work or worked for (``prevention.perms``)."""
    from django.db.models import Q

    from accounts.perms import member_organisation_ids
    from organisations.models import Person
    from prevention import perms

    if not getattr(user, "is_authenticated", False):
        return RegisterVersion.objects.none()
    org_ids = member_organisation_ids(user) | set(
        Person.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    condition = Q(pk__in=[])
    for organisation in Organisation.objects.filter(pk__in=org_ids):
        readable = perms.readable_versions(user, organisation)
        if readable is not None:
            condition |= Q(pk__in=readable.values("pk"))
    return (
        RegisterVersion.objects.filter(condition)
        .select_related("organisation")
        .defer("document")
        .order_by("organisation__name", "-number")
    )


def version_readable_by(user: Any, pk: int) -> RegisterVersion | None:
    return versions_readable_by(user).filter(pk=pk).first()


def programmes_adopted_for(user: Any) -> QuerySet[Programme]:
    """Adopted (published) programmes of the organisations the user is a member of."""
    from accounts.perms import member_organisation_ids
    from prevention.models import ProgrammeStatus

    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    return (
        Programme.objects.filter(
            organisation_id__in=member_organisation_ids(user), status=ProgrammeStatus.ADOPTED
        )
        .select_related("organisation")
        .order_by("organisation__name", "-year")
    )


def programme_adopted_for(user: Any, pk: int) -> Programme | None:
    return programmes_adopted_for(user).filter(pk=pk).first()
