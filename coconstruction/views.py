"""Pages of co-construction: working groups, their composition, and proposals on the fixed template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import perms as account_perms
from coconstruction import perms, services
from coconstruction.forms import (
    AdoptForm,
    CommentForm,
    CriteriaForm,
    DeclineForm,
    ProposalForm,
    WorkingGroupForm,
)
from coconstruction.models import Proposal, ProposalComment, ProposalStatus, WorkingGroup
from coconstruction.selectors import RECOMMENDED_SIZE, composition_of, group_people
from core.forms import HideForm
from core.http import AuthedHttpRequest
from organisations.tenancy import current_organisation


def _comments(request: AuthedHttpRequest, proposal: Proposal) -> list[ProposalComment]:
    comments = list(proposal.comments.select_related("author"))
    for comment in comments:
        comment.proposal = proposal
        comment.can_correct = perms.can_correct_comment(request.user, comment)  # type: ignore[attr-defined]
    return comments


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _group_crumbs(group: WorkingGroup, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Co-construction"), reverse("coconstruction:index")),
        (group.name, reverse("coconstruction:group", args=[group.pk])),
        *extra,
    ]


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.is_member(request.user, organisation):
        raise PermissionDenied
    groups = (
        WorkingGroup.objects.for_organisation(organisation.pk)
        .select_related("plan", "axis")
        .annotate(
            member_count=Count("members", distinct=True),
            lead_count=Count("leads", distinct=True),
            proposal_count=Count(
                "proposals", filter=~Q(proposals__status=ProposalStatus.DRAFT), distinct=True
            ),
        )
        .order_by("plan__first_school_year", "plan__version", "axis__number", "name")
    )
    context = {
        "groups": groups,
        "can_manage": account_perms.can_manage_organisation(request.user, organisation),
        "title": _("Co-construction"),
        "breadcrumbs": [(_("Co-construction"), "")],
    }
    return render(request, "coconstruction/index.html", context)


@login_required
@require_GET
def group_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = perms.get_group_for_user(request, pk)
    leads, members = group_people(group)
    can_propose = perms.can_propose(request.user, group)
    proposals = group.proposals.select_related("author", "adopted_action__axis")
    if not can_propose:
        proposals = proposals.visible_to_group_outsiders() | proposals.filter(author=request.user)
    context = {
        "group": group,
        "leads": leads,
        "members": members,
        "composition": composition_of([*leads, *members]),
        "recommended_size": RECOMMENDED_SIZE,
        "proposals": proposals,
        "can_propose": can_propose,
        "can_manage": perms.can_manage_groups(request.user, group.plan),
        "title": group.name,
        "breadcrumbs": _group_crumbs(group)[:1] + [(group.name, "")],
    }
    return render(request, "coconstruction/group_detail.html", context)


def _group_form_page(
    request: AuthedHttpRequest, form: WorkingGroupForm, group: WorkingGroup | None
) -> HttpResponse:
    title = _("Modifier le groupe de travail") if group else _("Nouveau groupe de travail")
    crumbs = (
        _group_crumbs(group, (title, ""))
        if group
        else [(_("Co-construction"), reverse("coconstruction:index")), (title, "")]
    )
    return render(
        request,
        "coconstruction/group_form.html",
        {"form": form, "group": group, "title": title, "breadcrumbs": crumbs},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    form = WorkingGroupForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.working_group_create(
                by=request.user,
                **{k: form.cleaned_data[k] for k in ("plan", "name", "axis", "leads", "members")},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Le groupe de travail a été créé."))
            return redirect("coconstruction:group", group.pk)
    return _group_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = perms.get_group_for_user(request, pk)
    if not perms.can_manage_groups(request.user, group.plan):
        raise PermissionDenied
    leads, members = group_people(group)
    initial = {"name": group.name, "axis": group.axis_id, "leads": leads, "members": members}
    form = WorkingGroupForm(
        request.POST or None, initial=initial, organisation=group.plan.organisation, group=group
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.working_group_update(
                group=group,
                by=request.user,
                **{k: form.cleaned_data[k] for k in ("name", "axis", "leads", "members")},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Le groupe de travail a été modifié."))
            return redirect("coconstruction:group", group.pk)
    return _group_form_page(request, form, group)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = perms.get_group_for_user(request, pk)
    if not perms.can_propose(request.user, group):
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_create(group=group, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Votre proposition est enregistrée comme brouillon. Soumettez-la quand elle est prête."),
        )
        return redirect("coconstruction:proposal", proposal.pk)
    title = _("Nouvelle proposition d'action")
    context = {"form": form, "group": group, "title": title, "breadcrumbs": _group_crumbs(group, (title, ""))}
    return render(request, "coconstruction/proposal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        services.proposal_update(proposal=proposal, by=request.user, **form.cleaned_data)
        messages.success(request, _("La proposition a été modifiée."))
        return redirect("coconstruction:proposal", proposal.pk)
    title = _("Modifier la proposition")
    crumbs = _group_crumbs(
        proposal.group, (proposal.title, reverse("coconstruction:proposal", args=[pk])), (title, "")
    )
    context = {
        "form": form,
        "group": proposal.group,
        "proposal": proposal,
        "title": title,
        "breadcrumbs": crumbs,
    }
    return render(request, "coconstruction/proposal_form.html", context)


def _proposal_page(request: AuthedHttpRequest, proposal: Proposal, **forms: Any) -> HttpResponse:
    user = request.user
    can_decide = perms.can_decide(user, proposal)
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "comments": _comments(request, proposal),
        "can_hide": perms.can_manage_groups(user, proposal.group.plan),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "can_comment": perms.can_comment(user, proposal),
        "can_edit": perms.can_edit_proposal(user, proposal),
        "can_check": perms.can_check_criteria(user, proposal),
        "can_decide": can_decide,
        "criteria_form": forms.get("criteria_form") or CriteriaForm.for_proposal(proposal),
        "adopt_form": forms.get("adopt_form") or (AdoptForm(proposal=proposal) if can_decide else None),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "title": proposal.title,
        "breadcrumbs": _group_crumbs(proposal.group, (proposal.title, "")),
    }
    return render(request, "coconstruction/proposal_detail.html", context)


@login_required
@require_GET
def proposal_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, perms.get_proposal_for_user(request, pk))


@login_required
@require_POST
def proposal_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La proposition est soumise au·à la pilote QVT."))
    return redirect("coconstruction:proposal", proposal.pk)


@login_required
@require_POST
def proposal_criteria(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_check_criteria(request.user, proposal):
        raise PermissionDenied
    form = CriteriaForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, proposal, criteria_form=form)
    services.proposal_check_criteria(proposal=proposal, by=request.user, **form.cleaned_data)
    messages.success(request, _("Les critères ont été enregistrés."))
    return redirect("coconstruction:proposal", proposal.pk)


@login_required
@require_POST
def proposal_comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a comment. With htmx, answers the comments section only; without, redirects to the proposal."""
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_comment(request.user, proposal):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.proposal_comment(proposal=proposal, by=request.user, text=form.cleaned_data["text"])
        form = CommentForm()
        if not request.htmx:
            messages.success(request, _("Votre commentaire a été publié."))
            return redirect(reverse("coconstruction:proposal", args=[proposal.pk]) + "#commentaires")
    if request.htmx:
        context = {
            "proposal": proposal,
            "comments": _comments(request, proposal),
            "can_hide": perms.can_manage_groups(request.user, proposal.group.plan),
            "comment_form": form,
            "can_comment": True,
        }
        return render(request, "coconstruction/_comments.html", context)
    return _proposal_page(request, proposal, comment_form=form)


def _comment_page(
    request: AuthedHttpRequest, comment: ProposalComment, form: Any, title: str
) -> HttpResponse:
    proposal = comment.proposal
    back = reverse("coconstruction:proposal", args=[proposal.pk]) + "#commentaires"
    crumbs = _group_crumbs(
        proposal.group, (proposal.title, reverse("coconstruction:proposal", args=[proposal.pk])), (title, "")
    )
    return render(
        request, "plans/form.html", {"form": form, "title": title, "breadcrumbs": crumbs, "back": back}
    )


def _comments_url(comment: ProposalComment) -> str:
    return reverse("coconstruction:proposal", args=[comment.proposal_id]) + "#commentaires"


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Its author corrects a comment within the correction window."""
    comment = perms.get_comment_for_user(request, pk)
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Votre commentaire a été corrigé."))
            return redirect(_comments_url(comment))
    return _comment_page(request, comment, form, _("Corriger le commentaire"))


@login_required
@require_POST
def comment_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    comment = perms.get_comment_for_user(request, pk)
    services.comment_withdraw(comment=comment, by=request.user)
    messages.success(request, _("Votre commentaire a été retiré."))
    return redirect(_comments_url(comment))


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The programme lead hides a comment with a reason shown in its place."""
    comment = perms.get_comment_for_user(request, pk, hide=True)
    form = HideForm(request.POST or None, initial={"reason": comment.hidden_reason})
    if request.method == "POST" and form.is_valid():
        services.comment_hide(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Le commentaire a été masqué."))
        return redirect(_comments_url(comment))
    return _comment_page(request, comment, form, _("Masquer le commentaire"))


@login_required
@require_POST
def proposal_adopt(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_manage_groups(request.user, proposal.group.plan):
        raise PermissionDenied
    form = AdoptForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            action = services.proposal_adopt(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Proposition adoptée : elle devient l'action %(code)s du plan.") % {"code": action.code},
            )
            return redirect("coconstruction:proposal", proposal.pk)
    return _proposal_page(request, proposal, adopt_form=form)


@login_required
@require_POST
def proposal_decline(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_manage_groups(request.user, proposal.group.plan):
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decline(proposal=proposal, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La proposition est déclarée non retenue."))
            return redirect("coconstruction:proposal", proposal.pk)
    return _proposal_page(request, proposal, decline_form=form)
