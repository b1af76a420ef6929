"""Trustees of a campaign's ballot box: naming them, each one's personal key, and deposits at the count."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from core.http import AuthedHttpRequest
from surveys import trustees
from surveys.forms import TrusteeDepositForm, TrusteeKeyForm, TrusteesForm
from surveys.models import Campaign, CampaignStatus
from surveys.perms import get_campaign_for_user, get_trustee_for_user
from surveys.views import _crumbs


def _candidates(campaign: Campaign) -> object:
    ids = campaign.organisation.role_grants.filter(role__in=trustees.TRUSTEE_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "email")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_trustees(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk)
    status = trustees.box_status(campaign)
    initial = {"users": [t.user_id for t in status["trustees"]], "quorum": campaign.quorum}
    form = TrusteesForm(request.POST or None, candidates=_candidates(campaign), initial=initial)
    if request.method == "POST" and campaign.status != CampaignStatus.DRAFT:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            trustees.trustees_set(
                campaign=campaign,
                users=list(form.cleaned_data["users"]),
                quorum=form.cleaned_data["quorum"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Dépositaires enregistré·es : chacun·e doit maintenant créer sa clé.")
            )
            return redirect("surveys:campaign_trustees", pk=pk)
    crumbs = _crumbs((campaign.title, reverse("surveys:campaign_detail", args=[pk])), (_("Dépositaires"), ""))
    return render(
        request,
        "surveys/trustees.html",
        {
            "title": _("Urne scellée et dépositaires"),
            "breadcrumbs": crumbs,
            "campaign": campaign,
            "form": form,
        }
        | status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def trustee_key(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Create one's personal key: shown once (or downloaded once), never kept by the platform."""
    trustee = get_trustee_for_user(request, pk)
    campaign = trustee.campaign
    form = TrusteeKeyForm(request.POST or None)
    key_text = ""
    if request.method == "POST" and form.is_valid():
        try:
            key_text = trustees.trustee_key_create(
                trustee=trustee, by=request.user, passphrase=form.cleaned_data["passphrase"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "download" in request.POST:
                response = HttpResponse(key_text + "\n", content_type="text/plain; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="cle-depositaire-campagne-{pk}.txt"'
                response["Cache-Control"] = "no-store"
                return response
    response = render(
        request,
        "surveys/trustee_key.html",
        {
            "title": _("Ma clé de dépositaire"),
            "breadcrumbs": _crumbs((campaign.title, ""), (_("Ma clé de dépositaire"), "")),
            "campaign": campaign,
            "trustee": trustee,
            "form": form,
            "key_text": key_text,
            "protected": bool(key_text) and bool(form.cleaned_data.get("passphrase")),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def trustee_deposit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """At the count, after close: the trustee enters their key; the page says how far the quorum is."""
    trustee = get_trustee_for_user(request, pk)
    campaign = trustee.campaign
    form = TrusteeDepositForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            quorum = trustees.trustee_deposit(
                trustee=trustee,
                key_text=form.cleaned_data["key"],
                passphrase=form.cleaned_data["passphrase"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "key" in error.error_dict:
                form.add_error("key", error.error_dict["key"])
            else:
                form.add_error(None, error)
        else:
            if quorum:
                messages.success(
                    request,
                    _(
                        "Votre clé est déposée et le quorum est atteint : le ou la pilote QVT peut lancer le "
                        "dépouillement et le calcul des résultats."
                    ),
                )
            else:
                messages.success(request, _("Votre clé est déposée. Le quorum n'est pas encore atteint."))
            return redirect("surveys:trustee_deposit", pk=pk)
    response = render(
        request,
        "surveys/trustee_deposit.html",
        {
            "title": _("Déposer ma clé"),
            "breadcrumbs": _crumbs((campaign.title, ""), (_("Déposer ma clé"), "")),
            "campaign": campaign,
            "trustee": get_trustee_for_user(request, pk),
            "form": form,
        }
        | trustees.box_status(campaign),
    )
    response["Cache-Control"] = "no-store"
    return response
