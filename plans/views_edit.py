"""Editing the plan: programme leads and administrators of the organisation (getters with ``manage=True``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import perms as account_perms
from core.http import AuthedHttpRequest
from organisations.tenancy import current_organisation
from plans import perms, services
from plans.forms import ActionForm, AxisForm, MilestoneForm, PlanForm, PlanStatusForm, PublishForm, ThemeForm
from plans.models import Axis, Milestone, Plan, Theme
from plans.views import plan_crumbs


def _form_page(
    request: AuthedHttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    back: str,
    success: str | Callable[[Any], str] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls ``save(cleaned_data)`` and goes to ``success`` or ``back``
    (``success`` may compute the address from the saved object)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(success(saved) if callable(success) else success or back)
    context = {"form": form, "title": title, "breadcrumbs": [*crumbs, (title, "")], "back": back}
    return render(request, "plans/form.html", context)


def _data(request: AuthedHttpRequest) -> tuple[Any, Any]:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _edit_url(plan: Plan) -> str:
    return reverse("plans:edit", args=[plan.pk])


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    form = PlanForm(*_data(request), instance=Plan(organisation=organisation))
    return _form_page(
        request,
        form,
        lambda data: services.plan_create(organisation=organisation, by=request.user, **data),
        title=_("Nouveau plan d'action"),
        crumbs=[(_("Plans d'action"), reverse("plans:index"))],
        back=reverse("plans:index"),
        success=_edit_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The plan's fields, then its structure (axes, themes, actions), publication, status and revision."""
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = PlanForm(*_data(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("Modifications enregistrées."))
        return redirect("plans:edit", pk=plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "publish_form": PublishForm(initial={"visibility": plan.visibility}),
        "status_form": PlanStatusForm(initial={"status": plan.status}),
        "axes": plan.axes.order_by("number").prefetch_related("actions__milestones"),
        "themes": plan.themes.all(),
        "revised": Plan.objects.filter(previous=plan).first(),
        "title": _("Modifier le plan"),
        "breadcrumbs": plan_crumbs(plan, (_("Modifier le plan"), "")),
    }
    return render(request, "plans/plan_edit.html", context)


@login_required
@require_POST
def plan_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = PublishForm(request.POST)
    if form.is_valid():
        services.plan_publish(plan=plan, visibility=form.cleaned_data["visibility"], by=request.user)
        messages.success(
            request, _("Publication mise à jour : %(v)s.") % {"v": plan.get_visibility_display()}
        )
    else:
        messages.error(request, _("Choisissez une publication."))
    return redirect("plans:edit", pk=plan.pk)


@login_required
@require_POST
def plan_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = PlanStatusForm(request.POST)
    if form.is_valid():
        services.plan_set_status(plan=plan, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("Statut mis à jour : %(s)s.") % {"s": plan.get_status_display()})
    else:
        messages.error(request, _("Choisissez un statut."))
    return redirect("plans:edit", pk=plan.pk)


@login_required
@require_POST
def plan_revise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    try:
        new_plan = services.plan_revise(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:edit", pk=plan.pk)
    messages.success(request, _("La version %(v)s a été créée, en révision.") % {"v": new_plan.version})
    return redirect("plans:edit", pk=new_plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def axis_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = AxisForm(*_data(request), instance=Axis(plan=plan))
    return _form_page(
        request,
        form,
        lambda data: services.axis_create(plan=plan, by=request.user, **data),
        title=_("Nouvel axe"),
        crumbs=plan_crumbs(plan, (_("Modifier le plan"), _edit_url(plan))),
        back=_edit_url(plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    axis = perms.get_axis_for_user(request, pk, manage=True)
    form = AxisForm(*_data(request), instance=axis)
    return _form_page(
        request,
        form,
        lambda data: services.axis_update(axis=axis, by=request.user, **data),
        title=_("Modifier l'axe %(n)s") % {"n": axis.number},
        crumbs=plan_crumbs(axis.plan, (_("Modifier le plan"), _edit_url(axis.plan))),
        back=_edit_url(axis.plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = ThemeForm(*_data(request), instance=Theme(plan=plan))
    return _form_page(
        request,
        form,
        lambda data: services.theme_create(plan=plan, by=request.user, **data),
        title=_("Nouvelle thématique transversale"),
        crumbs=plan_crumbs(plan, (_("Modifier le plan"), _edit_url(plan))),
        back=_edit_url(plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    theme = perms.get_theme_for_user(request, pk, manage=True)
    form = ThemeForm(*_data(request), instance=theme)
    return _form_page(
        request,
        form,
        lambda data: services.theme_update(theme=theme, by=request.user, **data),
        title=_("Modifier la thématique"),
        crumbs=plan_crumbs(theme.plan, (_("Modifier le plan"), _edit_url(theme.plan))),
        back=_edit_url(theme.plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    initial = {"axis": request.GET.get("axe")} if request.method == "GET" else None
    form = ActionForm(*_data(request), plan=plan, initial=initial)
    return _form_page(
        request,
        form,
        lambda data: services.action_create(plan=plan, by=request.user, **data),
        title=_("Nouvelle action"),
        crumbs=plan_crumbs(plan, (_("Modifier le plan"), _edit_url(plan))),
        back=_edit_url(plan),
        success=lambda new: reverse("plans:action_edit", args=[new.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Every field of the action sheet, and its milestones."""
    action = perms.get_action_for_user(request, pk, manage=True)
    form = ActionForm(*_data(request), instance=action, plan=action.plan)
    if request.method == "POST" and form.is_valid():
        services.action_update(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, _("Modifications enregistrées."))
        return redirect("plans:action_edit", pk=action.pk)
    title = _("Modifier l'action %(code)s") % {"code": action.code}
    context = {
        "action": action,
        "form": form,
        "milestones": action.milestones.all(),
        "title": title,
        "breadcrumbs": plan_crumbs(action.plan, (_("Modifier le plan"), _edit_url(action.plan)), (title, "")),
    }
    return render(request, "plans/action_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    action = perms.get_action_for_user(request, pk, manage=True)
    form = MilestoneForm(*_data(request), instance=Milestone(action=action))
    back = reverse("plans:action_edit", args=[action.pk])
    return _form_page(
        request,
        form,
        lambda data: services.milestone_create(
            action=action, by=request.user, title=data["title"], due_date=data["due_date"]
        ),
        title=_("Nouveau jalon de l'action %(code)s") % {"code": action.code},
        crumbs=plan_crumbs(action.plan, (_("Modifier l'action %(code)s") % {"code": action.code}, back)),
        back=back,
        success=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    milestone = perms.get_milestone_for_user(request, pk, manage=True)
    action = milestone.action
    form = MilestoneForm(*_data(request), instance=milestone)
    back = reverse("plans:action_edit", args=[action.pk])
    return _form_page(
        request,
        form,
        lambda data: services.milestone_update(milestone=milestone, by=request.user, **data),
        title=_("Modifier le jalon"),
        crumbs=plan_crumbs(action.plan, (_("Modifier l'action %(code)s") % {"code": action.code}, back)),
        back=back,
        success=back,
    )
