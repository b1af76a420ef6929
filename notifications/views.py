"""Follow an action, choose what one receives, set the organisation's reminders, unsubscribe from a link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.http import AuthedHttpRequest
from notifications import perms, selectors, services
from notifications.forms import FollowForm, PreferenceForm, SettingsForm
from notifications.models import Kind
from plans.models import Action


def _follow_context(request: AuthedHttpRequest, action: Action) -> dict:
    return {
        "action": action,
        "following": selectors.is_following(request.user, action),
        "action_url": reverse("plans:action", args=[action.pk]),
    }


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """The « Suivre cette action » button: htmx loads the fragment into the action page; without JavaScript, the
    same URL is a page of its own. A POST follows or stops following."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    authed: AuthedHttpRequest = request  # type: ignore[assignment]
    action = perms.get_action_to_follow(request, pk)
    if request.method == "POST":
        form = FollowForm(request.POST)
        if not form.is_valid():
            context = {**_follow_context(authed, action), "form": form, "title": _("Suivre cette action")}
            return render(request, "notifications/follow.html", context, status=400)
        following = services.follow_set(
            user=authed.user, action=action, following=form.cleaned_data["suivre"]
        )
        notice = _("Vous suivez cette action.") if following else _("Vous ne suivez plus cette action.")
        if authed.htmx:
            return render(
                request, "notifications/_follow.html", {**_follow_context(authed, action), "notice": notice}
            )
        messages.success(request, notice)
        back = form.cleaned_data["next"]
        if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            return redirect(back)
        return redirect(reverse("plans:action", args=[action.pk]))
    if authed.htmx:
        return render(request, "notifications/_follow.html", _follow_context(authed, action))
    context = {
        **_follow_context(authed, action),
        "title": _("Suivre l'action %(code)s") % {"code": action.code},
    }
    return render(request, "notifications/follow.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthedHttpRequest) -> HttpResponse:
    """What a signed-in person receives, and the actions they follow."""
    preference = selectors.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(
            user=request.user, digest=form.cleaned_data["digest"], follows=form.cleaned_data["follows"]
        )
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("notifications:preferences")
    context = {
        "form": form,
        "actions": selectors.followed_actions(request.user),
        "title": _("Mes notifications"),
        "breadcrumbs": [(_("Mes notifications"), "")],
    }
    return render(request, "notifications/preferences.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """The programme lead sets how often action leads get their digest, and when an update counts as due."""
    notification_settings = perms.get_settings_for_user(request, slug)
    form = SettingsForm(request.POST or None, instance=notification_settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Paramètres des notifications enregistrés."))
        return redirect("notifications:settings", slug)
    context = {
        "form": form,
        "organisation": notification_settings.organisation,
        "title": _("Rappels et notifications"),
        "breadcrumbs": [
            (notification_settings.organisation.name, reverse("organisations:overview", args=[slug])),
            (_("Rappels et notifications"), ""),
        ],
    }
    return render(request, "notifications/settings.html", context, status=400 if form.errors else 200)


# The signed link is the credential, and mail clients post the one-click unsubscription (RFC 8058) without a
# CSRF token: no sign-in, no CSRF check. A GET only shows the confirmation button (mail scanners follow links).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.unsubscribe_read(token)
    if found is None:
        context = {"title": _("Lien de désabonnement non valide")}
        return render(request, "notifications/unsubscribe_invalid.html", context, status=400)
    user, kind = found
    context = {"kind": str(Kind(kind).label), "title": _("Se désabonner")}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe.html", context)
