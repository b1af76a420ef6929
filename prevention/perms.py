"""Who may do what with the register (DUERP) and the prevention programme (PAPRIPACT).

- The prevention adviser (``Role.PREVENTION_ADVISER`` on the whole organisation) and the organisation's
  administrators keep the register and the programme: work units, risks, assessments, RPS grids, versions,
  measures and the programme's workflow.
- Managers read the live register of the work units that cover a unit of their subtree.
- Staff representatives and the programme lead read the whole live register and every programme; staff
  representatives (and the keepers) record the F3SCT opinion.
- The owner of a risk re-assesses it (the re-assessment asked when a measure is done).
- Published register versions: every member reads them (Code du travail R. 4121-4: the register is available to
  the workers); a person who has left reads the versions that came into force before they left, not later ones.
  Adopted programmes: every member.
- Nobody reads another organisation's: getters answer 404 outside the organisation, 403 inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import perms
from accounts.models import Role

if TYPE_CHECKING:
    import datetime

    from organisations.models import Organisation
    from prevention.models import (
        Measure,
        Programme,
        ReassessmentRequest,
        RegisterPublication,
        RegisterVersion,
        Risk,
        RpsGrid,
        RpsQuestion,
        WorkUnit,
    )

KEEPER_ROLES = (Role.PREVENTION_ADVISER, Role.ADMIN)
READER_ROLES = (Role.STAFF_REP, Role.PROGRAMME_LEAD)


def _org_wide(user: Any, organisation: Organisation, roles: tuple[str, ...]) -> bool:
    return perms.scoped_units(user, organisation, *roles) is None


def can_keep(user: Any, organisation: Organisation) -> bool:
    """Keep the register and the programme: the prevention adviser and administrators of the organisation."""
    return _org_wide(user, organisation, KEEPER_ROLES)


def can_read_register(user: Any, organisation: Organisation) -> bool:
    """Read the whole live register and every programme (drafts included)."""
    return can_keep(user, organisation) or _org_wide(user, organisation, READER_ROLES)


def can_record_opinion(user: Any, organisation: Organisation) -> bool:
    return can_keep(user, organisation) or _org_wide(user, organisation, (Role.STAFF_REP,))


def manager_units(user: Any, organisation: Organisation) -> list[Any]:
    units = perms.scoped_units(user, organisation, Role.MANAGER)
    return [] if units is None else units


def visible_work_units(user: Any, organisation: Organisation) -> QuerySet[WorkUnit] | None:
    """Work units whose live register the user reads: all, some (a manager's), or ``None`` for none."""
    from organisations import tree
    from prevention.models import WorkUnit

    qs = WorkUnit.objects.filter(organisation=organisation)
    if can_read_register(user, organisation) or perms.scoped_units(user, organisation, Role.MANAGER) is None:
        return qs
    units = manager_units(user, organisation)
    if not units:
        return None
    ids = WorkUnit.objects.filter(
        tree.in_subtrees([u.path for u in units], field="units__path"), organisation=organisation
    ).values("pk")
    return qs.filter(pk__in=ids)


def can_read_work_unit(user: Any, work_unit: WorkUnit) -> bool:
    qs = visible_work_units(user, work_unit.organisation)
    return qs is not None and qs.filter(pk=work_unit.pk).exists()


def can_assess(user: Any, risk: Risk) -> bool:
    return can_keep(user, risk.organisation) or (
        risk.owner_id is not None
        and risk.owner_id == getattr(user, "pk", None)
        and perms.is_member(user, risk.organisation)
    )


def left_on(user: Any, organisation: Organisation) -> tuple[bool, datetime.date | None]:
    """(reads versions at all, the day a former staff member left — ``None`` for current staff and roles)."""
    from django.utils import timezone

    from organisations.models import Person

    if perms.is_member(user, organisation):
        return True, None
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False, None
    left = (
        Person.objects.filter(user=user, organisation=organisation, is_active=False)
        .order_by("-deactivated_at")
        .values_list("deactivated_at", flat=True)
        .first()
    )
    if left is None:
        return False, None
    return True, timezone.localtime(left).date()


def readable_versions(user: Any, organisation: Organisation) -> QuerySet[RegisterVersion] | None:
    """The published versions the user may read; ``None`` when not one (not a member nor former staff)."""
    from prevention.models import RegisterVersion

    reads, left = left_on(user, organisation)
    if not reads:
        return None
    qs = RegisterVersion.objects.filter(organisation=organisation)
    if left is not None:
        qs = qs.filter(valid_from__lte=left)
    return qs


def can_read_programme(user: Any, programme: Programme) -> bool:
    from prevention.models import ProgrammeStatus

    if can_read_register(user, programme.organisation):
        return True
    return programme.status == ProgrammeStatus.ADOPTED and perms.is_member(user, programme.organisation)


def _organisation_or_404(user: Any, organisation: Organisation) -> None:
    if not perms.is_member(user, organisation):
        raise Http404


# --- Getters: the one way views and the API load a prevention object for a person ---------------------


def get_work_unit_for_user(request: HttpRequest, pk: int, *, keep: bool = False) -> WorkUnit:
    from prevention.models import WorkUnit

    work_unit = get_object_or_404(WorkUnit.objects.select_related("organisation"), pk=pk)
    _organisation_or_404(request.user, work_unit.organisation)
    allowed = (
        can_keep(request.user, work_unit.organisation)
        if keep
        else can_read_work_unit(request.user, work_unit)
    )
    if not allowed:
        raise PermissionDenied
    return work_unit


def get_risk_for_user(request: HttpRequest, pk: int, *, keep: bool = False, assess: bool = False) -> Risk:
    """A register line: 404 outside the organisation; 403 to members who may not read its work unit (``keep``:
    change it; ``assess``: assess it)."""
    from prevention.models import Risk

    risk = get_object_or_404(Risk.objects.select_related("organisation", "work_unit", "owner"), pk=pk)
    _organisation_or_404(request.user, risk.organisation)
    if keep:
        allowed = can_keep(request.user, risk.organisation)
    elif assess:
        allowed = can_assess(request.user, risk)
    else:
        allowed = can_assess(request.user, risk) or can_read_work_unit(request.user, risk.work_unit)
    if not allowed:
        raise PermissionDenied
    return risk


def get_version_for_user(request: HttpRequest, pk: int) -> RegisterVersion:
    """A published version: 404 outside the organisation (former staff included in theirs); 403 for a version
    that came into force after the person left."""
    from prevention.models import RegisterVersion

    version = get_object_or_404(
        RegisterVersion.objects.select_related("organisation", "published_by").defer("document"), pk=pk
    )
    reads, left = left_on(request.user, version.organisation)
    if not reads:
        raise Http404
    if left is not None and version.valid_from > left:
        raise PermissionDenied
    return version


def get_measure_for_user(request: HttpRequest, pk: int, *, keep: bool = False) -> Measure:
    from prevention.models import Measure

    measure = get_object_or_404(Measure.objects.select_related("organisation", "owner", "indicator"), pk=pk)
    _organisation_or_404(request.user, measure.organisation)
    allowed = (
        can_keep(request.user, measure.organisation)
        if keep
        else can_read_register(request.user, measure.organisation) or measure.owner_id == request.user.pk
    )
    if not allowed:
        raise PermissionDenied
    return measure


def get_programme_for_user(request: HttpRequest, pk: int, *, action: str = "read") -> Programme:
    """A programme: ``read``; ``keep`` (submit, adopt, finalise the report); ``opinion`` (record the F3SCT's)."""
    from prevention.models import Programme

    programme = get_object_or_404(Programme.objects.select_related("organisation"), pk=pk)
    _organisation_or_404(request.user, programme.organisation)
    checks = {
        "read": lambda: can_read_programme(request.user, programme),
        "keep": lambda: can_keep(request.user, programme.organisation),
        "opinion": lambda: can_record_opinion(request.user, programme.organisation),
    }
    if not checks[action]():
        raise PermissionDenied
    return programme


def get_rps_grid_for_user(request: HttpRequest, pk: int) -> RpsGrid:
    from prevention.models import RpsGrid

    grid = get_object_or_404(RpsGrid.objects.select_related("organisation", "work_unit"), pk=pk)
    _organisation_or_404(request.user, grid.organisation)
    if not can_keep(request.user, grid.organisation):
        raise PermissionDenied
    return grid


def get_publication_for_user(request: HttpRequest, pk: int) -> RegisterPublication:
    """A publication under way or done: its keepers follow it (404 outside the organisation, 403 to others)."""
    from prevention.models import RegisterPublication

    publication = get_object_or_404(
        RegisterPublication.objects.select_related("organisation", "job", "version", "requested_by"), pk=pk
    )
    _organisation_or_404(request.user, publication.organisation)
    if not can_keep(request.user, publication.organisation):
        raise PermissionDenied
    return publication


def get_rps_question_for_user(request: HttpRequest, pk: int) -> RpsQuestion:
    """A question of an organisation's own RPS grid, for its keepers: 404 for a default question (shared by
    every organisation, never changed) and outside the organisation, 403 to other members."""
    from prevention.models import RpsQuestion

    question = get_object_or_404(
        RpsQuestion.objects.select_related("organisation").filter(organisation__isnull=False), pk=pk
    )
    assert question.organisation is not None
    _organisation_or_404(request.user, question.organisation)
    if not can_keep(request.user, question.organisation):
        raise PermissionDenied
    return question


def get_reassessment_for_user(request: HttpRequest, pk: int) -> ReassessmentRequest:
    from prevention.models import ReassessmentRequest

    req = get_object_or_404(ReassessmentRequest.objects.select_related("risk__organisation"), pk=pk)
    _organisation_or_404(request.user, req.risk.organisation)
    if req.requested_to_id != request.user.pk and not can_keep(request.user, req.risk.organisation):
        raise PermissionDenied
    return req
