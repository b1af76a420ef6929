"""The organisation a request is about, and the navigation it gets by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import perms
from accounts.models import Role
from organisations.models import Organisation

SESSION_KEY = "qv_organisation_id"


def current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation chosen in the session, else the user's first one, else the only one that exists."""
    if hasattr(request, "_qv_organisation"):
        return request._qv_organisation  # type: ignore[attr-defined,no-any-return]
    user = getattr(request, "user", None)
    organisation = None
    member_ids = perms.organisation_ids_for(user) if user is not None else set()
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if chosen in member_ids:
        organisation = Organisation.objects.filter(pk=chosen).first()
    if organisation is None and member_ids:
        organisation = Organisation.objects.filter(pk__in=member_ids).order_by("name").first()
    if organisation is None:
        organisation = Organisation.objects.order_by("pk").first()
    request._qv_organisation = organisation  # type: ignore[attr-defined]
    return organisation


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url name, roles that see it; empty = everyone, including anonymous visitors)
NAV: list[tuple[Any, str, set[str]]] = [
    (_("Accueil"), "core:home", set()),
    (_("Plan d'action"), "plans:index", set()),
    (_("Mes actions"), "plans:my_actions", {Role.ACTION_LEAD}),
    (_("Co-construction"), "coconstruction:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.AGENT}),
    (_("Baromètre"), "surveys:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.AGENT}),
    (_("Résultats"), "analytics:index", {Role.PROGRAMME_LEAD, Role.MANAGER, Role.STAFF_REP, Role.ADMIN}),
    (_("Organisation"), "organisations:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.MANAGER}),
]


def navigation(request: HttpRequest, organisation: Organisation | None) -> list[NavItem]:
    roles = perms.roles_in(request.user, organisation) if organisation and hasattr(request, "user") else set()
    entries = []
    for label, name, wanted in NAV:
        if wanted and not (roles & wanted):
            continue
        try:
            entries.append((str(label), reverse(name)))
        except NoReverseMatch:
            continue
    # The current page is the entry with the longest URL that prefixes the path ("/plans/mes-actions/" is
    # "Mes actions", not also "Plan d'action").
    matching = [
        url for _label, url in entries if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    return [NavItem(label=label, url=url, active=url == current) for label, url in entries]
