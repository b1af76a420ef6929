"""Error pages (400, 403, 404, 500, CSRF failure): French first, the DSFR header and a way back home.

400, 403, 404 and the CSRF page extend the site's base template (its context processors read the database, which
is up when those happen). The 500 page is a self-contained template rendered without the request: no context
processor, no database, no session — it must render when those are what broke.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _previous_page(request: HttpRequest) -> str:
    """The page the person came from, when it is one of ours (Referrer-Policy same-origin sends it to us only)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the 400 page for an unknown host has no page of ours to go back to
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}):
        return referer
    return ""


def _page(
    request: HttpRequest,
    status: int,
    title: str,
    message: str,
    *,
    back: bool,
    template: str = "errors/error.html",
) -> HttpResponse:
    context = {
        "title": title,
        "status": status,
        "message": message,
        "back": back,
        "previous_page": _previous_page(request) if back else "",
        "breadcrumbs": [],
    }
    return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("Requête incorrecte"),
        _("Le serveur n'a pas pu comprendre la requête envoyée par votre navigateur."),
        back=False,
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("Accès refusé"),
        _("Vous n'avez pas les droits nécessaires pour afficher cette page ou faire cette action."),
        back=True,
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page introuvable"),
        _(
            "La page que vous cherchez n'existe pas, n'existe plus ou ne vous est pas accessible. "
            "Si vous avez tapé l'adresse, vérifiez-la."
        ),
        back=True,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Self-contained: rendered without the request, so no context processor (and no query) runs."""
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: usually a page left open too long, or cookies refused."""
    return _page(
        request,
        403,
        _("Session expirée"),
        _(
            "Le formulaire n'a pas pu être envoyé : la page était peut-être ouverte depuis trop longtemps, "
            "ou votre navigateur refuse les cookies de ce site. Rechargez la page, puis recommencez."
        ),
        back=True,
    )
