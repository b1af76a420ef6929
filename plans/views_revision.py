"""A plan's revision: the programme lead changes the actions of a version « en révision », each change with its
reason; anyone who may read two versions of a plan sees their differences side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.http import AuthedHttpRequest
from plans import perms, selectors
from plans import revision as plan_revision
from plans.models import Action, ChangeKind, Plan, PlanChange
from plans.revision_forms import AddActionForm, EndForm, MergeForm, RewordForm, SplitForm
from plans.views import login_if_anonymous, plan_crumbs


def _revision_url(plan: Plan) -> str:
    return reverse("plans:revision", args=[plan.pk])


def _data(request: HttpRequest) -> tuple[Any, ...]:
    return (request.POST,) if request.method == "POST" else (None,)


@login_required
@require_GET
def revision(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The revision's workspace: every action with the changes it may get, and the changes made so far."""
    plan = perms.get_plan_for_user(request, pk, manage=True)
    title = _("Révision du plan (version %(v)s)") % {"v": plan.version}
    context = {
        "plan": plan,
        "open": plan_revision.is_under_revision(plan),
        "axes": selectors.plan_axes_with_actions(plan),
        "changes": PlanChange.objects.filter(plan=plan)
        .select_related("author")
        .order_by("-created_at", "-id"),
        "title": title,
        "breadcrumbs": plan_crumbs(plan, (title, "")),
    }
    return render(request, "plans/revision.html", context)


def _page(
    request: AuthedHttpRequest,
    *,
    plan: Plan,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    intro: str,
    action: Action | None = None,
    done: str,
) -> HttpResponse:
    """GET shows the form; a valid POST calls the service and goes back to the revision's workspace."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(_revision_url(plan))
    context = {
        "plan": plan,
        "action": action,
        "open": plan_revision.is_under_revision(plan),
        "form": form,
        "intro": intro,
        "title": title,
        "back": _revision_url(plan),
        "breadcrumbs": plan_crumbs(plan, (_("Révision"), _revision_url(plan)), (title, "")),
    }
    return render(request, "plans/revision_form.html", context)


def _reason(data: dict[str, Any]) -> dict[str, str]:
    return {"reason": data["reason"], "decision_note": data.get("decision_note", "")}


@login_required
@require_http_methods(["GET", "POST"])
def revision_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request, pk, manage=True)
    form = AddActionForm(*_data(request), plan=plan, instance=Action(plan=plan))

    def save(data: dict[str, Any]) -> Action:
        return plan_revision.action_add(
            plan=plan,
            axis=data["axis"],
            title=data["title"],
            by=request.user,
            reason=data["reason"],
            decision_note=data["decision_note"],
            context=data["context"],
            concrete_actions=data["concrete_actions"],
            lead_roles=data["lead_roles"],
        )

    return _page(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ajouter une action"),
        intro=_("La nouvelle action prend le numéro suivant de son axe ; complétez ensuite sa fiche."),
        done=_("Action ajoutée."),
    )


# kind in the URL → (change kind, page title, confirmation message)
KINDS: dict[str, tuple[str, Any, Any]] = {
    "reformuler": (
        ChangeKind.REWORD,
        gettext_lazy("Reformuler l'action %(code)s"),
        gettext_lazy("Action reformulée."),
    ),
    "fusionner": (
        ChangeKind.MERGE,
        gettext_lazy("Fusionner d'autres actions dans l'action %(code)s"),
        gettext_lazy("Actions fusionnées."),
    ),
    "scinder": (ChangeKind.SPLIT, gettext_lazy("Scinder l'action %(code)s"), gettext_lazy("Action scindée.")),
    "cloturer": (
        ChangeKind.CLOSE,
        gettext_lazy("Clôturer l'action %(code)s"),
        gettext_lazy("Action clôturée."),
    ),
    "abandonner": (
        ChangeKind.ABANDON,
        gettext_lazy("Abandonner l'action %(code)s"),
        gettext_lazy("Action abandonnée."),
    ),
}


def _intro(kind: str) -> str:
    intros: dict[str, str] = {
        ChangeKind.REWORD: _(
            "L'action garde son identité : ses indicateurs et ses points d'avancement la suivent."
        ),
        ChangeKind.MERGE: _(
            "Les actions choisies sont retirées de cette version et fusionnées dans celle-ci, qui garde son "
            "identité et ses indicateurs ; leurs jalons et leurs points d'avancement la rejoignent. "
            "La version précédente reste consultable."
        ),
        ChangeKind.SPLIT: _(
            "Cette action devient la première partie ; chaque ligne crée une nouvelle action du même axe, "
            "qui affiche aussi les points d'avancement de celle-ci."
        ),
        ChangeKind.CLOSE: _(
            "L'action est terminée dans cette version : « Réalisée », 100 %. Elle reste au plan."
        ),
        ChangeKind.ABANDON: _(
            "L'action reste dans cette version, « Abandonnée », avec son motif ; son historique reste consultable."
        ),
    }
    return intros[kind]


@login_required
@require_http_methods(["GET", "POST"])
def revision_action(request: AuthedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Reword, merge, split, close or abandon one action of the version under revision."""
    if kind not in KINDS:
        raise Http404
    action = perms.get_action_for_user(request, pk, manage=True)
    change, title, done = KINDS[kind]
    form: BaseForm
    save: Callable[[dict[str, Any]], Any]
    if change == ChangeKind.REWORD:
        form = RewordForm(*_data(request), instance=action)

        def save(data: dict[str, Any]) -> Any:
            fields = {name: data[name] for name in plan_revision.REWORD_FIELDS}
            return plan_revision.action_reword(action=action, by=request.user, **_reason(data), **fields)

    elif change == ChangeKind.MERGE:
        form = MergeForm(*_data(request), action=action)

        def save(data: dict[str, Any]) -> Any:
            return plan_revision.action_merge(
                action=action, others=data["others"], title=data["title"], by=request.user, **_reason(data)
            )

    elif change == ChangeKind.SPLIT:
        form = SplitForm(*_data(request))

        def save(data: dict[str, Any]) -> Any:
            return plan_revision.action_split(
                action=action, titles=data["titles"], title=data["title"], by=request.user, **_reason(data)
            )

    else:
        form = EndForm(*_data(request))
        end = plan_revision.action_close if change == ChangeKind.CLOSE else plan_revision.action_abandon

        def save(data: dict[str, Any]) -> Any:
            return end(action=action, by=request.user, **_reason(data))

    return _page(
        request,
        plan=action.plan,
        action=action,
        form=form,
        save=save,
        title=str(title) % {"code": action.code},
        intro=_intro(change),
        done=str(done),
    )


@login_if_anonymous
@require_GET
def differences(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side (``?avec=<pk>``; by default the previous version, or else the next one)."""
    plan = perms.get_plan_for_user(request, pk)
    other_pk = request.GET.get("avec", "")
    if other_pk:
        if not other_pk.isdigit() or len(other_pk) > 12:
            raise Http404
        other: Plan | None = perms.get_plan_for_user(request, int(other_pk))
        if other is None or other.lineage != plan.lineage or other.organisation_id != plan.organisation_id:
            raise Http404
    else:
        other = plan.previous or Plan.objects.filter(previous=plan).first()
        if other is not None and not perms.can_view_plan(request.user, other):
            other = None
    versions = selectors.plan_versions(request.user, plan)
    diff = selectors.plan_differences(plan, other) if other is not None and other.pk != plan.pk else None
    title = _("Différences entre deux versions du plan")
    context = {
        "plan": plan,
        "other": other,
        "versions": [v for v in versions if v.pk != plan.pk],
        "diff": diff,
        "title": title,
        "breadcrumbs": plan_crumbs(plan, (title, "")),
    }
    return render(request, "plans/revision_differences.html", context)
