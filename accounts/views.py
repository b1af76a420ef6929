from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import perms
from accounts.forms import ApiTokenForm, MagicLinkForm, PasswordLoginForm
from accounts.models import ApiToken, RoleGrant
from accounts.services import magic_link_authenticate, magic_link_request
from core.http import AuthedHttpRequest
from organisations.models import Organisation, Person
from organisations.tenancy import SESSION_KEY


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _login_context(request: HttpRequest, **extra: object) -> dict:
    return {
        "magic_form": MagicLinkForm(),
        "password_form": PasswordLoginForm(request),
        "oidc_enabled": settings.OIDC_ENABLED,
        "next": _next_url(request),
        "title": _("Connexion"),
        "breadcrumbs": [(_("Connexion"), "")],
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Sign in without a password: ask for a one-time link by e-mail (the same answer whether or not we know you,
    in the same time: the link leaves from the background worker)."""
    if request.method == "POST":
        form = MagicLinkForm(request.POST)
        if form.is_valid():
            magic_link_request(email=form.cleaned_data["email"])
            return render(request, "accounts/link_sent.html", {"title": _("Vérifiez votre messagerie")})
        return render(request, "accounts/login.html", _login_context(request, magic_form=form))
    return render(request, "accounts/login.html", _login_context(request))


@require_http_methods(["POST"])
def password_login(request: HttpRequest) -> HttpResponse:
    """Local password sign-in, for administrators; rate-limited by django-axes."""
    form = PasswordLoginForm(request, request.POST)
    if form.is_valid() and form.user is not None:
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next_url(request))
    return render(request, "accounts/login.html", _login_context(request, password_form=form), status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def magic_login(request: HttpRequest) -> HttpResponse:
    """The e-mailed link lands here; a confirmation button guards against mail scanners consuming it.

    Never cached: the page holds the token."""
    if request.method == "GET":
        return render(
            request,
            "accounts/magic_confirm.html",
            {"title": _("Connexion"), "token": request.GET.get(settings.SESAME_TOKEN_NAME, "")},
        )
    user = magic_link_authenticate(request, request.POST.get(settings.SESAME_TOKEN_NAME, ""))
    if user is None:
        messages.error(request, _("Ce lien de connexion n'est plus valable. Demandez-en un nouveau."))
        return redirect("accounts:login")
    login(request, user, backend="sesame.backends.ModelBackend")
    return redirect(settings.LOGIN_REDIRECT_URL)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Vous êtes déconnecté·e."))
    return redirect("core:home")


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    grants = RoleGrant.objects.for_user(request.user).select_related("organisation", "unit")
    people = Person.objects.filter(user=request.user, is_active=True).select_related("organisation", "unit")
    organisations = Organisation.objects.filter(pk__in=perms.organisation_ids_for(request.user))
    return render(
        request,
        "accounts/profile.html",
        {
            "grants": grants,
            "people": people,
            "organisations": organisations,
            "title": _("Mon compte"),
            "breadcrumbs": [(_("Mon compte"), "")],
        },
    )


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    if organisation_id in perms.organisation_ids_for(request.user):
        request.session[SESSION_KEY] = organisation_id
    return redirect("accounts:profile")


def _positive_id(value: str) -> int | None:
    """A primary key typed by hand or tampered with: a positive 64-bit integer, or None (never a database error)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token_id = _positive_id(request.POST.get("revoke", ""))
            deleted = 0
            if token_id is not None:
                deleted, _by_model = ApiToken.objects.filter(user=request.user, pk=token_id).delete()
            if deleted:
                messages.success(request, _("Le jeton a été révoqué."))
            else:
                messages.error(request, _("Ce jeton n'existe pas ou a déjà été révoqué."))
            return redirect("accounts:api_tokens")
        if form.is_valid():
            _token, raw = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "raw_token": raw,
            "title": _("Jetons d'API"),
            "breadcrumbs": [(_("Mon compte"), "/compte/profil/"), (_("Jetons d'API"), "")],
        },
    )
