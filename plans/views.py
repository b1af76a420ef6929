"""Reading pages of the plan, and the progress updates posted by action leads (editing is in views_edit)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.perms import can_manage_organisation
from core.forms import HideForm
from core.http import AuthedHttpRequest
from organisations.tenancy import current_organisation
from plans import perms, selectors
from plans.forms import ActionUpdateForm, UpdateTextForm
from plans.history import plan_history
from plans.models import Action, ActionUpdate, Plan
from plans.services import action_update_edit, action_update_hide, action_update_post, action_update_withdraw


def login_if_anonymous(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous visitors refused by a getter are sent to the login page instead of a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise

    return wrapper


def plan_crumbs(plan: Plan, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Plans d'action"), reverse("plans:index")), (plan.title, plan_url(plan)), *more]


def plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The plans the visitor may read (latest version of each); straight to the plan when there is one."""
    plans = selectors.latest_visible_versions(request.user)
    if len(plans) == 1:
        return redirect("plans:detail", pk=plans[0].pk)
    organisation = current_organisation(request)
    context = {
        "plans": plans,
        "can_create": organisation is not None and can_manage_organisation(request.user, organisation),
        "title": _("Plans d'action"),
        "breadcrumbs": [(_("Plans d'action"), "")],
    }
    return render(request, "plans/index.html", context)


@login_if_anonymous
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan overview: header, themes, progress per axis and each axis's actions."""
    plan = perms.get_plan_for_user(request, pk)
    newer = Plan.objects.select_related("organisation").filter(previous=plan).first()
    context = {
        "plan": plan,
        "themes": list(plan.themes.all()),
        "axes": selectors.plan_axes_with_actions(plan),
        "newer": newer if newer and perms.can_view_plan(request.user, newer) else None,
        "can_manage": perms.can_manage_plan(request.user, plan),
        "can_view_history": perms.can_view_history(request.user, plan),
        "title": plan.title,
        "breadcrumbs": plan_crumbs(plan)[:-1] + [(plan.title, "")],
    }
    return render(request, "plans/plan_detail.html", context)


@login_if_anonymous
@require_GET
def axis(request: HttpRequest, pk: int) -> HttpResponse:
    axis = perms.get_axis_for_user(request, pk)
    actions = list(selectors.actions_for_display().filter(axis=axis))
    context = {
        "plan": axis.plan,
        "summary": selectors.axis_progress(axis, actions),
        "can_manage": perms.can_manage_plan(request.user, axis.plan),
        "title": str(axis),
        "breadcrumbs": plan_crumbs(axis.plan, (str(axis), "")),
    }
    return render(request, "plans/axis_detail.html", context)


def _action_context(request: HttpRequest, action: Action, form: ActionUpdateForm | None = None) -> dict:
    selectors.action_detail(action)
    can_post = perms.can_post_update(request.user, action)
    if can_post and form is None:
        form = ActionUpdateForm(action=action)
    timeline = list(selectors.action_timeline(action))
    for update in timeline:
        update.can_correct = perms.can_correct_update(request.user, update)  # type: ignore[attr-defined]
    return {
        "action": action,
        "plan": action.plan,
        "timeline": timeline,
        "form": form if can_post else None,
        "can_manage": perms.can_manage_plan(request.user, action.plan),
        "can_hide": perms.can_manage_plan(request.user, action.plan),
        "title": _("Action %(code)s") % {"code": action.code},
        "breadcrumbs": plan_crumbs(
            action.plan,
            (str(action.axis), reverse("plans:axis", args=[action.axis_id])),
            (_("Action %(code)s") % {"code": action.code}, ""),
        ),
    }


@login_if_anonymous
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """The action sheet and its timeline. Leads post updates here: htmx swaps the live block, a plain POST
    redirects back to the page."""
    posting = request.method == "POST"
    action = perms.get_action_for_user(request, pk, post_update=posting)
    if not posting:
        return render(request, "plans/action_detail.html", _action_context(request, action))
    form = ActionUpdateForm(request.POST, request.FILES, action=selectors.action_detail(action))
    if form.is_valid():
        try:
            action_update_post(action=action, by=request.user, **form.service_arguments())  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                fresh = perms.get_action_for_user(request, pk)
                context = {**_action_context(request, fresh), "notice": _("Point d'avancement publié.")}
                return render(request, "plans/_action_live_response.html", context)
            messages.success(request, _("Point d'avancement publié."))
            return redirect(reverse("plans:action", args=[pk]) + "#suivi")
    context = _action_context(request, action, form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "plans/_action_live_response.html", context)
    return render(request, "plans/action_detail.html", context)


def _update_crumbs(update: ActionUpdate, title: str) -> list[tuple[str, str]]:
    action = update.action
    code = _("Action %(code)s") % {"code": action.code}
    return plan_crumbs(action.plan, (code, reverse("plans:action", args=[action.pk])), (title, ""))


def _timeline_url(update: ActionUpdate) -> str:
    return reverse("plans:action", args=[update.action_id]) + "#action-timeline"


@login_if_anonymous
@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author corrects a progress update within the correction window."""
    update = perms.get_update_for_user(request, pk)
    form = UpdateTextForm(request.POST or None, initial={"text": update.text})
    if request.method == "POST" and form.is_valid():
        try:
            action_update_edit(update=update, by=request.user, text=form.cleaned_data["text"])  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, _("Point d'avancement corrigé."))
            return redirect(_timeline_url(update))
    return _update_page(request, update, form, _("Corriger le point d'avancement"))


def _update_page(request: HttpRequest, update: Any, form: Any, title: str) -> HttpResponse:
    """The correction and hiding forms of a progress update, with a way back to its action's timeline."""
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": _update_crumbs(update, title),
        "back": _timeline_url(update),
    }
    return render(request, "plans/form.html", context)


@login_if_anonymous
@require_POST
def update_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = perms.get_update_for_user(request, pk)
    action_update_withdraw(update=update, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Point d'avancement retiré."))
    return redirect(_timeline_url(update))


@login_if_anonymous
@require_http_methods(["GET", "POST"])
def update_hide(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme lead hides a progress update with a reason shown in its place."""
    update = perms.get_update_for_user(request, pk, hide=True)
    form = HideForm(request.POST or None, initial={"reason": update.hidden_reason})
    if request.method == "POST" and form.is_valid():
        action_update_hide(update=update, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(request, _("Point d'avancement masqué."))
        return redirect(_timeline_url(update))
    return _update_page(request, update, form, _("Masquer le point d'avancement"))


@login_required
@require_GET
def my_actions(request: AuthedHttpRequest) -> HttpResponse:
    """An action lead's actions: last update, next milestone and a button to post an update."""
    context = {
        "actions": selectors.actions_led_by(request.user),
        "title": _("Mes actions"),
        "breadcrumbs": [(_("Mes actions"), "")],
    }
    return render(request, "plans/my_actions.html", context)


@login_if_anonymous
@require_GET
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The deployment calendar as an accessible table: actions by axis × school-year terms."""
    plan = perms.get_plan_for_user(request, pk)
    terms, axes = selectors.plan_calendar(plan)
    years = [(terms[i].school_year_label, 3) for i in range(0, len(terms), 3)]
    context = {
        "plan": plan,
        "today": timezone.localdate(),
        "current_term": next((t for t in terms if t.is_current), None),
        "terms": terms,
        "years": years,
        "axes": axes,
        "column_count": len(terms) + 1,
        "title": _("Calendrier de déploiement"),
        "breadcrumbs": plan_crumbs(plan, (_("Calendrier de déploiement"), "")),
    }
    return render(request, "plans/calendar.html", context)


@login_required
@require_GET
def history(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Who changed what and when: programme leads, administrators and staff representatives."""
    plan = perms.get_plan_for_user(request, pk, history=True)
    context = {
        "plan": plan,
        "entries": plan_history(plan),
        "title": _("Historique des modifications"),
        "breadcrumbs": plan_crumbs(plan, (_("Historique des modifications"), "")),
    }
    return render(request, "plans/history.html", context)


@login_if_anonymous
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are never served as public media: only through this permission check."""
    item = perms.get_attachment_for_user(request, pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
