"""Who may do what: roles are granted per organisation or per unit subtree (see DOMAIN.md).

Every view reaches objects through a permission-checked getter built on these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.models import Role, RoleGrant

if TYPE_CHECKING:
    from organisations.models import Organisation, Unit

MANAGE_ROLES = {Role.PROGRAMME_LEAD, Role.ADMIN}


def _grants(user: Any) -> list[RoleGrant]:
    """Active role grants of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_qv_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("unit"))
        user._qv_grants = cached
    return cached


def _person_org_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_qv_person_orgs", None)
    if cached is None:
        from organisations.models import Person

        cached = set(
            Person.objects.filter(user=user, is_active=True).values_list("organisation_id", flat=True)
        )
        user._qv_person_orgs = cached
    return cached


def organisation_ids_for(user: Any) -> set[int]:
    """Organisations the user belongs to: as active staff or through any role."""
    return _person_org_ids(user) | {g.organisation_id for g in _grants(user)}


def roles_in(user: Any, organisation: Organisation) -> set[str]:
    """Every role the user holds anywhere in the organisation (any scope). Active staff are agents."""
    roles = {g.role for g in _grants(user) if g.organisation_id == organisation.pk}
    if organisation.pk in _person_org_ids(user):
        roles.add(Role.AGENT)
    return roles


def has_role(user: Any, organisation: Organisation, *roles: str, unit: Unit | None = None) -> bool:
    """True when the user holds one of ``roles`` for the whole organisation, or for a subtree containing ``unit``.

    Without ``unit``, a grant on any scope of the organisation counts.
    """
    wanted = set(roles)
    if Role.AGENT in wanted and organisation.pk in _person_org_ids(user):
        return True
    for grant in _grants(user):
        if grant.organisation_id != organisation.pk or grant.role not in wanted:
            continue
        if unit is None or grant.unit is None or unit.is_within(grant.unit):
            return True
    return False


def member_organisation_ids(user: Any) -> set[int]:
    """Organisations whose internal data the user may read: as staff, or through a role of that organisation.

    A network facilitator's grant alone does not make anyone a member: they curate what organisations chose to
    share, never their private data (DOMAIN.md).
    """
    return _person_org_ids(user) | {
        g.organisation_id for g in _grants(user) if g.role != Role.NETWORK_FACILITATOR
    }


def is_member(user: Any, organisation: Organisation) -> bool:
    return organisation.pk in member_organisation_ids(user)


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    """Programme leads and administrators of the whole organisation manage its plan, people and settings."""
    return any(
        g.organisation_id == organisation.pk and g.unit_id is None and g.role in MANAGE_ROLES
        for g in _grants(user)
    )


def scoped_units(user: Any, organisation: Organisation, *roles: str) -> list[Unit] | None:
    """Unit subtrees where the user holds one of ``roles``; ``None`` means the whole organisation."""
    units = []
    for grant in _grants(user):
        if grant.organisation_id != organisation.pk or grant.role not in roles:
            continue
        if grant.unit is None:
            return None
        units.append(grant.unit)
    return units


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """The identity django-axes counts failures against: the lower-cased e-mail, whatever the form field."""
    value = (credentials or {}).get("username") or request.POST.get("email", "")
    return str(value).strip().lower()
