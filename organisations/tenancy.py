"""The organisation a request is about (the navigation it gets by role is portal.navigation)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts import perms
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
