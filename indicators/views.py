"""Pages of the indicators: a plan's indicators, an indicator, its edition, the values workflow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthedHttpRequest
from indicators import perms, selectors, services
from indicators.forms import IndicatorForm, ReturnForm, ValueForm
from indicators.models import Indicator, Periodicity, ValueStatus
from indicators.periods import period_label
from plans import perms as plan_perms
from plans.models import Plan
from plans.views import login_if_anonymous, plan_crumbs


def _crumbs(plan: Plan, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return plan_crumbs(plan, (_("Indicateurs"), reverse("indicators:plan", args=[plan.pk])), *more)


def _indicator_url(indicator: Indicator) -> str:
    return reverse("indicators:detail", args=[indicator.pk])


@login_if_anonymous
@require_GET
def plan_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's indicators by axis and action, each with its last value, target and trend."""
    plan = plan_perms.get_plan_for_user(request, pk)
    can_manage = perms.can_manage_indicators(request.user, plan)
    context = {
        "plan": plan,
        "axes": selectors.plan_indicators_by_axis(plan),
        "can_manage": can_manage,
        "awaiting": len(selectors.values_awaiting_review(plan)) if can_manage else 0,
        "title": _("Indicateurs — %(t)s") % {"t": plan.title},
        "breadcrumbs": plan_crumbs(plan, (_("Indicateurs"), "")),
    }
    return render(request, "indicators/plan_indicators.html", context)


def _periods(indicator: Indicator) -> int:
    return Periodicity.sub_periods(indicator.periodicity)


def _chart(values: list[Any], targets: dict[int, Decimal]) -> list[dict[str, Any]]:
    """Bars of the shown values (viewBox 100 × 44, baseline at 40) with their year's target as a line."""
    shown = [v for v in values if v.counts]
    if not shown:
        return []
    top = max([float(v.value) for v in shown] + [float(t) for t in targets.values()] + [0.0]) or 1.0
    step = 100 / len(shown)
    bars = []
    for n, value in enumerate(shown):
        height = 36 * max(0.0, float(value.value)) / top
        target = targets.get(value.school_year)
        x = n * step + step * 0.15
        bars.append(
            {
                "x": round(x, 2),
                "x_end": round(x + step * 0.7, 2),
                "width": round(step * 0.7, 2),
                "y": round(40 - height, 2),
                "height": round(height, 2),
                "target_y": None if target is None else round(40 - 36 * max(0.0, float(target)) / top, 2),
            }
        )
    return bars


@login_if_anonymous
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator: targets, values per period with their comments, trend, source and history."""
    indicator, plan, action = perms.get_indicator_for_user(request, pk)
    workflow = perms.can_see_workflow(request.user, indicator, plan, action)
    rows = (
        selectors.plan_indicator_rows(plan, action=action)
        if action
        else selectors.plan_indicator_rows(plan, axis_number=indicator.axis_number)
    )
    row = next((r for r in rows if r.indicator.pk == indicator.pk), None)
    values = selectors.indicator_values(indicator)
    if not workflow:
        values = [v for v in values if v.status in (ValueStatus.VALIDATED, ValueStatus.COMPUTED)]
    count = _periods(indicator)
    for value in values:
        value.label = period_label(value.school_year, value.sub_period, count)  # type: ignore[attr-defined]
    targets = sorted((row.targets if row else {}).items())
    context = {
        "indicator": indicator,
        "plan": plan,
        "action": action,
        "row": row,
        "values": values,
        "targets": [(period_label(year, 1, 1), target) for year, target in targets],
        "chart": _chart(values, row.targets if row else {}),
        "history": selectors.value_history(indicator) if workflow else [],
        "workflow": workflow,
        "can_enter": perms.can_enter_value(request.user, indicator, plan, action),
        "can_manage": perms.can_manage_indicators(request.user, plan),
        "source_unit": indicator.source_unit,
        "title": indicator.name,
        "breadcrumbs": _crumbs(plan, (indicator.name, "")),
    }
    return render(request, "indicators/detail.html", context)


def _place_of(request: HttpRequest) -> str:
    """``?action=<pk>`` or ``?axe=<number>``: the place the « add » link came from (the form offers only the
    plan's own axes and actions, so an unknown one preselects nothing)."""
    if request.GET.get("action", "").isdigit():
        return request.GET["action"]
    if request.GET.get("axe", "").isdigit():
        return f"axe-{int(request.GET['axe'])}"
    return ""


def _form_page(
    request: HttpRequest, form: Any, *, title: str, crumbs: list[tuple[str, str]], back: str
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": [*crumbs, (title, "")], "back": back}
    return render(request, "indicators/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_perms.get_plan_for_user(request, pk, manage=True)
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, plan=plan, initial={"place": _place_of(request)})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(plan=plan, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indicateur créé."))
            return redirect(_indicator_url(indicator))
    back = reverse("indicators:plan", args=[plan.pk])
    return _form_page(request, form, title=_("Nouvel indicateur"), crumbs=_crumbs(plan), back=back)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    indicator, plan, _action = perms.get_indicator_for_user(request, pk, manage=True)
    form = IndicatorForm(request.POST if request.method == "POST" else None, plan=plan, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(_indicator_url(indicator))
    crumbs = _crumbs(plan, (indicator.name, _indicator_url(indicator)))
    return _form_page(
        request, form, title=_("Modifier l'indicateur"), crumbs=crumbs, back=_indicator_url(indicator)
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete an indicator that has no value yet (one with values is refused, with the reason)."""
    indicator, plan, _action = perms.get_indicator_for_user(request, pk, manage=True)
    error = None
    if request.method == "POST":
        try:
            services.indicator_delete(indicator=indicator, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Indicateur « %(name)s » supprimé.") % {"name": indicator.name})
            return redirect("indicators:plan", plan.pk)
    title = _("Supprimer l'indicateur")
    context = {
        "indicator": indicator,
        "values": indicator.values.count(),
        "error": error,
        "title": title,
        "breadcrumbs": [*_crumbs(plan, (indicator.name, _indicator_url(indicator))), (title, "")],
        "back": _indicator_url(indicator),
    }
    return render(request, "indicators/delete.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def value_enter(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Enter (or propose again) the value of a period: proposed unless the programme lead enters it."""
    indicator, plan, _action = perms.get_indicator_for_user(request, pk, enter=True)
    initial = {}
    if request.GET.get("periode"):
        initial["period"] = request.GET["periode"]
    form = ValueForm(
        request.POST if request.method == "POST" else None, indicator=indicator, plan=plan, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            value = services.value_enter(
                indicator=indicator, plan=plan, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error.messages)
            else:
                form.add_error(None, error)
        else:
            done = (
                _("Valeur validée.")
                if value.status == ValueStatus.VALIDATED
                else _("Valeur proposée : le ou la pilote QVT la validera.")
            )
            messages.success(request, done)
            return redirect(_indicator_url(indicator) + "#valeurs")
    crumbs = _crumbs(plan, (indicator.name, _indicator_url(indicator)))
    return _form_page(
        request, form, title=_("Saisir une valeur"), crumbs=crumbs, back=_indicator_url(indicator)
    )


@login_if_anonymous
@require_GET
def awaiting(request: HttpRequest, pk: int) -> HttpResponse:
    """Values proposed by action leads and owners, waiting for the programme lead."""
    plan = plan_perms.get_plan_for_user(request, pk, manage=True)
    values = selectors.values_awaiting_review(plan)
    for value in values:
        value.label = period_label(value.school_year, value.sub_period, _periods(value.indicator))  # type: ignore[attr-defined]
    context = {
        "plan": plan,
        "values": values,
        "title": _("Valeurs à valider"),
        "breadcrumbs": _crumbs(plan, (_("Valeurs à valider"), "")),
    }
    return render(request, "indicators/awaiting.html", context)


def _back_to_review(value: Any, plan: Plan) -> str:
    return reverse("indicators:awaiting", args=[plan.pk])


@login_required
@require_POST
def value_validate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    value, plan = perms.get_value_for_user(request, pk)
    try:
        services.value_validate(value=value, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Valeur validée : « %(i)s ».") % {"i": value.indicator.name})
    return redirect(_back_to_review(value, plan))


@login_required
@require_http_methods(["GET", "POST"])
def value_return(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Send a proposed value back with a reason, which its author sees on the indicator's page."""
    value, plan = perms.get_value_for_user(request, pk)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_return(value=value, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Valeur renvoyée avec son motif."))
            return redirect(_back_to_review(value, plan))
    title = _("Renvoyer la valeur")
    context = {
        "form": form,
        "value": value,
        "label": period_label(value.school_year, value.sub_period, _periods(value.indicator)),
        "title": title,
        "breadcrumbs": _crumbs(plan, (_("Valeurs à valider"), _back_to_review(value, plan)), (title, "")),
        "back": _back_to_review(value, plan),
    }
    return render(request, "indicators/return.html", context)


@login_required
@require_POST
def recompute(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The « Recalculer » button: a background job with its progress bar."""
    plan = plan_perms.get_plan_for_user(request, pk, manage=True)
    job = services.recompute_for_plan(plan=plan, by=request.user)
    return redirect("core:job", job_id=job.pk)
