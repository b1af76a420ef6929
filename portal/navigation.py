"""The site's main navigation, by role in the current organisation (organisations.tenancy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import perms
from accounts.models import Role
from organisations.models import Organisation


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
    (_("Pilotage"), "dashboards:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.STAFF_REP}),
    (_("Co-construction"), "coconstruction:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.AGENT}),
    (_("Terrain"), "field:index", {Role.PROGRAMME_LEAD, Role.MANAGER, Role.STAFF_REP, Role.AGENT}),
    (_("Baromètre"), "surveys:index", {Role.PROGRAMME_LEAD, Role.ADMIN, Role.AGENT}),
    (_("Événements"), "events:index", set()),
    (_("Résultats"), "analytics:index", {Role.PROGRAMME_LEAD, Role.MANAGER, Role.STAFF_REP, Role.ADMIN}),
    (_("Bilans annuels"), "reviews:index", {Role.PROGRAMME_LEAD, Role.STAFF_REP, Role.ADMIN}),
    (
        _("Prévention"),
        "prevention:register",
        {Role.PREVENTION_ADVISER, Role.ADMIN, Role.STAFF_REP, Role.MANAGER, Role.PROGRAMME_LEAD},
    ),
    (_("Réseau"), "practices:story_search", set()),
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
