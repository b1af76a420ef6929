"""Organisation pages: unit tree, units, people, roles, settings and the people import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import perms as account_perms
from accounts.models import RoleGrant
from core.http import AuthedHttpRequest
from organisations import perms, selectors, services
from organisations.forms import OrganisationSettingsForm, PeopleFilterForm, PeopleImportForm, RoleGrantForm
from organisations.models import ImportStatus, Organisation, PeopleImport, Unit
from organisations.tenancy import current_organisation

PAGE_SIZE = 50


def _crumbs(organisation: Organisation, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(organisation.name, reverse("organisations:overview", args=[organisation.slug])), *more]


def _rights(request: AuthedHttpRequest, organisation: Organisation) -> dict[str, bool]:
    return {
        "can_manage": account_perms.can_manage_organisation(request.user, organisation),
        "is_admin": perms.is_organisation_admin(request.user, organisation),
    }


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    return redirect("organisations:overview", organisation.slug)


@login_required
@require_GET
def overview(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_user(request, slug)
    roots = perms.visible_roots(request.user, organisation)
    try:
        level = max(0, min(int(request.GET.get("niveau", "1")), 20))
    except ValueError:
        level = 1
    context = {
        "organisation": organisation,
        "tree": selectors.unit_tree(organisation, roots),
        "level": level,
        "levels": range(0, 5),
        "title": organisation.name,
        "breadcrumbs": [(organisation.name, "")],
        **_rights(request, organisation),
    }
    return render(request, "organisations/overview.html", context)


def _people_page(
    request: AuthedHttpRequest, organisation: Organisation, people: selectors.PersonQuerySet, units: object
) -> dict:
    form = PeopleFilterForm(request.GET or None, organisation=organisation, units=units)
    found = selectors.people_search(people, **(form.filters() if form.is_bound else {}))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode()}


@login_required
@require_GET
def unit_detail(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    unit = perms.get_unit_for_user(request, slug, pk)
    organisation = unit.organisation
    subtree = Unit.objects.subtree(unit)
    context = _people_page(request, organisation, selectors.people_visible(organisation, [unit]), subtree)
    if request.htmx:
        return render(request, "organisations/_people_results.html", context)
    context.update(
        organisation=organisation,
        unit=unit,
        children=unit.children.order_by("name"),
        title=unit.name,
        breadcrumbs=_crumbs(organisation, (unit.name, "")),
    )
    return render(request, "organisations/unit_detail.html", context)


@login_required
@require_GET
def people_list(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_user(request, slug)
    roots = perms.visible_roots(request.user, organisation)
    units = Unit.objects.for_organisation(organisation)
    if roots is not None:
        units = units.filter(pk__in=[u.pk for u in selectors.within(units, roots)])
    context = _people_page(request, organisation, selectors.people_visible(organisation, roots), units)
    if request.htmx:
        return render(request, "organisations/_people_results.html", context)
    context.update(
        organisation=organisation,
        title=_("Agents"),
        breadcrumbs=_crumbs(organisation, (_("Agents"), "")),
        **_rights(request, organisation),
    )
    return render(request, "organisations/people_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_user(request, slug, need="manage")
    is_admin = perms.is_organisation_admin(request.user, organisation)
    form = RoleGrantForm(request.POST or None, organisation=organisation, can_grant_admin=is_admin)
    if request.method == "POST" and form.is_valid():
        grant = services.role_grant(
            organisation=organisation,
            user=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            by=request.user,
        )
        messages.success(request, _("Rôle attribué : %s.") % grant)
        return redirect("organisations:roles", organisation.slug)
    grants = RoleGrant.objects.filter(organisation=organisation).select_related("user", "unit")
    context = {
        "organisation": organisation,
        "form": form,
        "grants": grants.order_by("role", "user__last_name", "user__email"),
        "is_admin": is_admin,
        "title": _("Rôles"),
        "breadcrumbs": _crumbs(organisation, (_("Rôles"), "")),
    }
    return render(request, "organisations/roles.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def role_revoke(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = perms.get_grant_for_user(request, slug, pk)
    try:
        services.role_revoke(grant=grant, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rôle retiré : %s.") % grant)
    return redirect("organisations:roles", slug)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_user(request, slug, need="admin")
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Paramètres enregistrés."))
        return redirect("organisations:settings", organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Paramètres de l'organisation"),
        "breadcrumbs": _crumbs(organisation, (_("Paramètres"), "")),
    }
    return render(request, "organisations/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_user(request, slug, need="manage")
    form = PeopleImportForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        record = services.people_import_start(
            organisation=organisation,
            by=request.user,
            upload=form.cleaned_data["file"],
            scope=form.cleaned_data["scope"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("organisations:import_detail", organisation.slug, record.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "imports": PeopleImport.objects.for_organisation(organisation).select_related("scope", "uploaded_by")[
            :10
        ],
        "title": _("Importer les agents"),
        "breadcrumbs": _crumbs(organisation, (_("Importer les agents"), "")),
    }
    return render(request, "organisations/import_new.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def import_detail(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    record = perms.get_import_for_user(request, slug, pk)
    organisation = record.organisation
    report = record.report or {}
    context = {
        "organisation": organisation,
        "record": record,
        "job": record.job,
        "report": report,
        "samples": report.get("sample", []),
        "statuses": ImportStatus,
        "title": _("Import des agents"),
        "breadcrumbs": _crumbs(
            organisation,
            (_("Importer les agents"), reverse("organisations:import_new", args=[slug])),
            (str(record), ""),
        ),
    }
    return render(request, "organisations/import_detail.html", context)


@login_required
@require_POST
def import_apply(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    record = perms.get_import_for_user(request, slug, pk)
    try:
        confirmed = int(request.POST.get("confirm_deactivations", "0"))
    except ValueError:
        confirmed = 0
    try:
        services.people_import_apply_start(record=record, by=request.user, confirmed_deactivations=confirmed)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisations:import_detail", slug, record.pk)


@login_required
@require_POST
def import_undo(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    record = perms.get_import_for_user(request, slug, pk)
    try:
        counts = services.people_import_undo(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Import annulé : %(restored)d agent(s) rétabli(s), %(removed)d retiré(s), %(deactivated)d désactivé(s)."
            )
            % counts,
        )
    return redirect("organisations:import_detail", slug, record.pk)


@login_required
@require_GET
def unit_search(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Picker suggestions: ``<option>`` elements of the units (within the user's subtrees) matching ``q``."""
    organisation = perms.get_organisation_for_user(request, slug, need="pick_units")
    roots = perms.picker_roots(request.user, organisation)
    options = selectors.unit_matches(organisation, request.GET.get("q", "")[:100], roots)
    return render(request, "organisations/_picker_options.html", {"options": options})


@login_required
@require_GET
def person_search(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Picker suggestions: ``<option>`` elements of the organisation's accounts matching ``q`` (name, e-mail)."""
    organisation = perms.get_organisation_for_user(request, slug, need="pick_people")
    options = selectors.person_matches(organisation, request.GET.get("q", "")[:100])
    return render(request, "organisations/_picker_options.html", {"options": options})
