"""Permission-checked getters of the organisation pages: 404 for other organisations, 403 for too few rights.

Programme leads and administrators of the whole organisation see everything; managers see their subtrees.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts import perms
from accounts.models import Role, RoleGrant
from organisations.models import Organisation, PeopleImport, Unit

VIEW_ROLES = (Role.PROGRAMME_LEAD, Role.ADMIN, Role.MANAGER)
# The pickers' suggestions also serve the prevention adviser: the units of a work unit, a risk's or a measure's owner.
PICKER_ROLES = (*VIEW_ROLES, Role.PREVENTION_ADVISER)
Need = Literal["view", "manage", "admin", "pick_units", "pick_people"]


def is_organisation_admin(user: Any, organisation: Organisation) -> bool:
    return any(
        g.organisation_id == organisation.pk and g.unit_id is None and g.role == Role.ADMIN
        for g in perms._grants(user)
    )


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return perms.has_role(user, organisation, *VIEW_ROLES)


def visible_roots(user: Any, organisation: Organisation) -> list[Unit] | None:
    """Subtrees the user may look at; ``None`` for the whole organisation."""
    return perms.scoped_units(user, organisation, *VIEW_ROLES)


def can_pick_units(user: Any, organisation: Organisation) -> bool:
    return perms.has_role(user, organisation, *PICKER_ROLES)


def picker_roots(user: Any, organisation: Organisation) -> list[Unit] | None:
    """Subtrees whose units the unit picker suggests; ``None`` for the whole organisation."""
    return perms.scoped_units(user, organisation, *PICKER_ROLES)


def can_pick_people(user: Any, organisation: Organisation) -> bool:
    """The person picker: those who manage the organisation, and its prevention adviser (whole-organisation grant)."""
    return (
        perms.can_manage_organisation(user, organisation)
        or perms.scoped_units(user, organisation, Role.PREVENTION_ADVISER) is None
    )


def get_organisation_for_user(request: HttpRequest, slug: str, *, need: Need = "view") -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not perms.is_member(request.user, organisation):
        raise Http404
    allowed = {
        "view": can_view_organisation,
        "manage": perms.can_manage_organisation,
        "admin": is_organisation_admin,
        "pick_units": can_pick_units,
        "pick_people": can_pick_people,
    }[need](request.user, organisation)
    if not allowed:
        raise PermissionDenied
    return organisation


def get_unit_for_user(request: HttpRequest, slug: str, pk: int) -> Unit:
    organisation = get_organisation_for_user(request, slug)
    unit = Unit.objects.filter(organisation=organisation, pk=pk).select_related("parent").first()
    if unit is None:
        raise Http404
    if not perms.has_role(request.user, organisation, *VIEW_ROLES, unit=unit):
        raise PermissionDenied
    return unit


def get_import_for_user(request: HttpRequest, slug: str, pk: int) -> PeopleImport:
    organisation = get_organisation_for_user(request, slug, need="manage")
    record = PeopleImport.objects.filter(organisation=organisation, pk=pk).select_related(
        "scope", "validation_job", "apply_job", "uploaded_by"
    )
    found = record.first()
    if found is None:
        raise Http404
    return found


def get_grant_for_user(request: HttpRequest, slug: str, pk: int) -> RoleGrant:
    organisation = get_organisation_for_user(request, slug, need="manage")
    grant = RoleGrant.objects.filter(organisation=organisation, pk=pk).select_related("user", "unit").first()
    if grant is None:
        raise Http404
    if grant.role == Role.ADMIN and not is_organisation_admin(request.user, organisation):
        raise PermissionDenied
    return grant
