"""Dashboards of the plan, an axis and an action; their spreadsheet exports; the committee documents.

Every view goes through a getter of ``dashboards.perms`` (404 outside the organisation, 403 inside).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.context import make_context
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.http import AuthedHttpRequest
from dashboards import exports, perms, selectors, services
from dashboards.forms import DocumentForm, FilterForm, StaleDaysForm
from dashboards.models import CONTENT_TYPES, PlanDocument
from organisations.tenancy import current_organisation
from plans.models import Plan
from plans.selectors import current_plan_of


def _crumbs(plan: Plan, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Plans d'action"), reverse("plans:index")),
        (plan.title, reverse("plans:detail", args=[plan.pk])),
        *more,
    ]


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    """« Pilotage »: the dashboard of the current organisation's running plan."""
    organisation = current_organisation(request)
    plan = current_plan_of(organisation) if organisation else None
    if plan is None:
        raise Http404
    perms.get_plan_for_dashboard(request, plan.pk)
    return redirect("dashboards:plan", pk=plan.pk)


def _render_released(request: AuthedHttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse:
    """``render``, then release what the page's context holds without waiting for the garbage collector.

    Django's template context is a reference cycle (each ``ContextDict`` points back to its ``Context``), so all
    it holds — the plan dashboard's thousands of rows and model instances — is freed only by the cyclic garbage
    collector, whose pauses (tens of milliseconds every few requests) made the dashboard's p95. Emptying the
    context's stack once the page is rendered breaks the cycle: everything is freed by reference counting."""
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    template = backend.engine.get_template(template_name)
    page_context = make_context(context, request, autoescape=backend.engine.autoescape)
    try:
        content = template.render(page_context)
    finally:
        page_context.dicts.clear()
    return HttpResponse(content)


def _dashboard_context(request: AuthedHttpRequest, plan: Plan, dashboard: Any, **more: Any) -> dict[str, Any]:
    query = dashboard.filters.query()
    return {
        "plan": plan,
        "d": dashboard,
        "query": query,
        "can_generate": perms.can_generate_documents(request.user, plan),
        "can_settings": perms.can_generate_documents(request.user, plan),
        **more,
    }


@never_cache
@login_required
@require_GET
def plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Actions by status and axis, weather, late milestones, actions without news, indicators against targets."""
    plan = perms.get_plan_for_dashboard(request, pk)
    dashboard = selectors.plan_dashboard(plan, selectors.Filters.from_query(request.GET))
    title = _("Tableau de bord du plan")
    context = _dashboard_context(
        request,
        plan,
        dashboard,
        form=FilterForm(dashboard=dashboard),
        title=title,
        breadcrumbs=_crumbs(plan, (title, "")),
        export_url=reverse("dashboards:plan_export", args=[plan.pk]),
    )
    return _render_released(request, "dashboards/plan.html", context)


@never_cache
@login_required
@require_GET
def axis(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    axis = perms.get_axis_for_dashboard(request, pk)
    plan = axis.plan
    filters = selectors.Filters.from_query(request.GET)
    filters = selectors.Filters(
        axis=axis.number, status=filters.status, weather=filters.weather, lead=filters.lead
    )
    dashboard = selectors.plan_dashboard(plan, filters)
    title = _("Tableau de bord de l'axe %(n)s") % {"n": axis.number}
    context = _dashboard_context(
        request,
        plan,
        dashboard,
        axis=axis,
        form=FilterForm(dashboard=dashboard, with_axis=False),
        title=title,
        breadcrumbs=_crumbs(
            plan, (_("Tableau de bord du plan"), reverse("dashboards:plan", args=[plan.pk])), (title, "")
        ),
        export_url=reverse("dashboards:plan_export", args=[plan.pk]),
    )
    return _render_released(request, "dashboards/plan.html", context)


@never_cache
@login_required
@require_GET
def plan_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The dashboard's tables (with the filters of the query string) as XLSX or ODS (``?format=``)."""
    plan = perms.get_plan_for_dashboard(request, pk)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.FORMATS:
        raise Http404
    dashboard = selectors.plan_dashboard(plan, selectors.Filters.from_query(request.GET))
    write, content_type = exports.FORMATS[fmt]
    response = HttpResponse(write(exports.dashboard_sheets(dashboard)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tableau-de-bord-plan-{plan.pk}.{fmt}"'
    return response


@never_cache
@login_required
@require_GET
def action(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    action = perms.get_action_for_dashboard(request, pk)
    dashboard = selectors.action_dashboard(action)
    title = _("Tableau de bord de l'action %(c)s") % {"c": action.code}
    crumbs = _crumbs(
        action.plan,
        (_("Action %(c)s") % {"c": action.code}, reverse("plans:action", args=[action.pk])),
        (title, ""),
    )
    context = {
        "plan": action.plan,
        "action": action,
        "d": dashboard,
        "title": title,
        "breadcrumbs": crumbs,
        "can_plan_dashboard": perms.can_view_dashboard(request.user, action.plan),
    }
    return render(request, "dashboards/action.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def documents(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Generate the whole plan for a committee (PDF, ODT, ODS) in the background; earlier documents stay listed."""
    plan = perms.get_plan_for_dashboard(request, pk, generate=True)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.plan_document_start(plan=plan, fmt=form.cleaned_data["format"], by=request.user)
        assert document.job is not None
        return redirect("core:job", job_id=document.job.pk)
    title = _("Documents pour les comités")
    context = {
        "plan": plan,
        "form": form,
        "documents": PlanDocument.objects.filter(plan=plan).select_related("job", "requested_by")[:20],
        "title": title,
        "breadcrumbs": _crumbs(
            plan, (_("Tableau de bord du plan"), reverse("dashboards:plan", args=[plan.pk])), (title, "")
        ),
    }
    return render(request, "dashboards/documents.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def document_download(request: AuthedHttpRequest, pk: Any) -> FileResponse:
    document = perms.get_document_for_user(request, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=CONTENT_TYPES[document.format],
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """The programme lead sets after how many days without an update an action is flagged."""
    organisation = perms.get_organisation_for_settings(request, slug)
    form = StaleDaysForm(request.POST or None, initial={"stale_update_days": organisation.stale_update_days})
    if request.method == "POST" and form.is_valid():
        services.stale_days_set(
            organisation=organisation, days=form.cleaned_data["stale_update_days"], by=request.user
        )
        messages.success(request, _("Paramètres du tableau de bord enregistrés."))
        return redirect("dashboards:settings", slug=organisation.slug)
    title = _("Paramètres du tableau de bord")
    context = {"organisation": organisation, "form": form, "title": title, "breadcrumbs": [(title, "")]}
    return render(request, "dashboards/settings.html", context, status=400 if form.errors else 200)
