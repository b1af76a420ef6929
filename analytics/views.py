"""Results pages: index, a campaign's results for one unit (and at most one filter), exports, PDF reports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from analytics import exports, selectors, services
from analytics.models import ResultSet
from analytics.perms import can_build, can_preview
from core.http import AuthedHttpRequest
from organisations.models import Organisation
from organisations.tenancy import current_organisation
from surveys.models import CampaignStatus
from surveys.participation import MIN_INVITED, STEP, participation_current

HEAT_STEPS = (40, 55, 70, 85)


def _organisation(request: HttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    return organisation


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        raise Http404 from None


def _filter(raw: str | None) -> tuple[str | None, str | None]:
    """``filtre=attribute:value`` (one filter at most, by construction of the form)."""
    if not raw:
        return None, None
    attribute, _sep, value = raw.partition(":")
    return attribute, value


def _heat(pct: float | None) -> str:
    if pct is None:
        return "qv-heat-none"
    return f"qv-heat-{sum(pct >= s for s in HEAT_STEPS)}"


def _decorate(result: dict[str, Any], heatmap: dict[str, Any]) -> None:
    """Geometry of the bars (SVG attributes, no inline style) and heat classes, for the templates."""
    for dim in result.get("dimensions", []):
        for item in dim["items"]:
            if item.get("suppressed"):
                continue
            x = 0.0
            segments = []
            low = item["distribution"][0]["value"]
            top = item["distribution"][-1]["value"]
            for d in item["distribution"]:
                width = d["pct"] or 0.0
                shade = round(4 * (d["value"] - low) / (top - low))
                if item["reverse"]:
                    shade = 4 - shade
                segments.append({"x": x, "width": width, "shade": shade, "label": d["label"]})
                x += width
            item["segments"] = segments
    for row in heatmap.get("rows", []):
        if "cells" in row:
            row["heat"] = [{"pct": p, "cls": _heat(p)} for p in row["cells"]]


def _context(request: AuthedHttpRequest, pk: int) -> dict[str, Any]:
    result_set, scope = selectors.get_result_set_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(result_set, scope, _int(request.GET.get("unite")))
    attribute, value = _filter(request.GET.get("filtre"))
    error = ""
    try:
        selectors.resolve_filter(result_set, attribute, value)
    except selectors.FilterError as exc:
        error, attribute, value = str(exc), None, None
    preview = can_preview(request.user, result_set.campaign)
    result = selectors.result_for(
        result_set=result_set, unit=unit, attribute=attribute, value=value, include_unpublished=preview
    )
    heatmap = selectors.heatmap_for(
        result_set=result_set, unit=unit, attribute=attribute, value=value, scope=scope
    )
    _decorate(result, heatmap)
    campaign = result_set.campaign
    return {
        "title": _("Résultats — %(c)s") % {"c": campaign.title},
        "breadcrumbs": [(_("Résultats"), reverse("analytics:index")), (campaign.title, "")],
        "campaign": campaign,
        "result_set": result_set,
        "unit": unit,
        "units": selectors.visible_units(result_set, scope),
        "filters": selectors.filter_options(result_set, unit),
        "current_filter": f"{attribute}:{value}" if attribute else "",
        "filter_error": error,
        "result": result,
        "heatmap": heatmap,
        "comments": selectors.comments_for(result_set, unit) if not attribute else [],
        "min_n": result_set.min_respondents,
        "min_comments": result_set.min_comments,
        "preview": campaign.status != "published",
        "query": request.GET.urlencode(),
    }


@never_cache
@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    result_sets = selectors.campaigns_with_results(request.user, organisation)
    to_build = selectors.campaigns_to_build(request.user, organisation)
    return render(
        request,
        "analytics/index.html",
        {
            "title": _("Résultats des enquêtes"),
            "breadcrumbs": [(_("Résultats"), "")],
            "result_sets": result_sets,
            "to_build": to_build,
        },
    )


@login_required
@require_POST
def build(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_to_build(request.user, pk)
    if not can_build(request.user, campaign):
        raise Http404
    try:
        job = services.results_build_start(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("analytics:index")
    return redirect("core:job", job_id=job.pk)


@never_cache
@login_required
@require_GET
def campaign_results(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The same URL renders the full page or, for htmx, the results region only."""
    context = _context(request, pk)
    template = "analytics/_panel.html" if request.htmx else "analytics/campaign.html"
    return render(request, template, context)


@never_cache
@login_required
@require_GET
def export(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    result_set, scope = selectors.get_result_set_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(result_set, scope, _int(request.GET.get("unite")))
    attribute, value = _filter(request.GET.get("filtre"))
    try:
        result = selectors.result_for(result_set=result_set, unit=unit, attribute=attribute, value=value)
    except selectors.FilterError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    label = ""
    if attribute and not result.get("suppressed"):
        label = f"{result['filter']['attribute_label']} : {result['filter']['value_label']}"
    elif attribute:
        label = f"{attribute} = {value}"
    rows = exports.rows_for(result, campaign=result_set.campaign.title, unit=unit.name, filter_label=label)
    write, content_type = exports.FORMATS[fmt]
    response = HttpResponse(write(rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="resultats-{pk}-{unit.pk}.{fmt}"'
    return response


@login_required
@require_POST
def report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    result_set, scope = selectors.get_result_set_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(result_set, scope, _int(request.POST.get("unite")))
    record = services.report_start(result_set=result_set, unit=unit, by=request.user)
    assert record.job is not None
    return redirect("core:job", job_id=record.job.pk)


@never_cache
@login_required
@require_GET
def report_download(request: AuthedHttpRequest, report_id: UUID) -> FileResponse:
    record = selectors.get_report_for_user(request.user, report_id)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=f"rapport-{record.unit.code}.pdf",
        content_type="application/pdf",
    )


@never_cache
@login_required
@require_GET
def participation(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Participation of a campaign (same rules as the results, docs/anonymity.md « Ce que montre la
    participation »): while open, the worker's daily snapshot; after close, the built results only."""
    campaign, scope = selectors.get_campaign_participation_for_user(request.user, pk)
    state, rows = "draft", []
    computed_at: Any = None
    if campaign.status == CampaignStatus.OPEN:
        snapshot = participation_current(campaign=campaign)
        state = "open" if snapshot is not None else "open_pending"
        if snapshot is not None:
            computed_at = snapshot.computed_at
            rows = selectors.in_scope(campaign, snapshot.data.get("units", []), scope)
    elif campaign.status in {CampaignStatus.CLOSED, CampaignStatus.PUBLISHED}:
        result_set = ResultSet.objects.filter(campaign=campaign).first()
        if result_set is None:
            state = "not_built"
        elif campaign.status == CampaignStatus.CLOSED and not can_preview(request.user, campaign):
            state = "not_published"
        else:
            state, computed_at = "results", result_set.built_on
            rows = selectors.participation_for(result_set=result_set, scope=scope)
    crumbs = [(_("Baromètre"), reverse("surveys:index"))]
    crumbs.append(
        (
            campaign.title,
            reverse("surveys:campaign_detail", args=[pk]) if can_preview(request.user, campaign) else "",
        )
    )
    crumbs.append((_("Participation"), ""))
    return render(
        request,
        "analytics/participation.html",
        {
            "title": _("Participation"),
            "breadcrumbs": crumbs,
            "campaign": campaign,
            "state": state,
            "rows": rows,
            "computed_at": computed_at,
            "hour": settings.SURVEYS_PARTICIPATION_HOUR,
            "step": STEP,
            "min_invited": MIN_INVITED,
            "min_n": campaign.min_respondents,
        },
    )
