"""Pages of the annual review: list, cycle (group, meetings, snapshot, consultation, decisions, documents), the
meetings' ICS files, the generated documents and the closing confirmation. Getter → form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.perms import can_manage_organisation
from core.http import AuthedHttpRequest
from organisations.tenancy import current_organisation
from reviews import perms, selectors, services
from reviews.forms import (
    CommentEditForm,
    CommentForm,
    ConfirmForm,
    DecisionChangesForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    ReviewEditForm,
    ReviewForm,
    VoteForm,
)
from reviews.ics import meeting_ics
from reviews.models import ReviewCycle


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Bilans annuels"), reverse("reviews:index")), *more]


def _review_crumbs(review: ReviewCycle, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs((review.title, reverse("reviews:detail", args=[review.pk])), *more)


def _form_page(
    request: AuthedHttpRequest, review: ReviewCycle, form: Any, title: str, button: str
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "button": button,
        "back": reverse("reviews:detail", args=[review.pk]),
        "breadcrumbs": _review_crumbs(review, (title, "")),
    }
    return render(request, "reviews/form.html", context)


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    rows = selectors.reviews_for(request.user, organisation) if organisation else []
    context = {
        "rows": rows,
        "can_create": organisation is not None and can_manage_organisation(request.user, organisation),
        "title": _("Bilans annuels"),
        "breadcrumbs": [(_("Bilans annuels"), "")],
    }
    return render(request, "reviews/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None or not can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le cycle de bilan est ouvert."))
            return redirect("reviews:detail", pk=review.pk)
    title = _("Ouvrir un cycle de bilan annuel")
    context = {
        "form": form,
        "title": title,
        "button": _("Ouvrir le cycle"),
        "back": reverse("reviews:index"),
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "reviews/form.html", context)


def _detail_context(request: AuthedHttpRequest, review: ReviewCycle, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_manage = perms.can_manage_review(user, review) and not review.is_closed
    can_comment = perms.can_comment(user, review)
    comments = list(review.comments.select_related("author"))
    for comment in comments:
        comment.can_edit = comment.author_id == user.pk and can_comment  # type: ignore[attr-defined]
    snapshot = review.snapshot or {}
    return {
        "review": review,
        "snapshot": snapshot,
        "chart": selectors.status_counts(snapshot),
        "members": list(review.members.select_related("user")),
        "meetings": list(review.meetings.all()),
        "comments": comments,
        "votes": list(review.votes.all()),
        "decisions": list(review.decisions.prefetch_related("actions__axis", "plan_changes__plan")),
        "documents": list(review.documents.all()),
        "job": review.generation_job,
        "can_manage": can_manage,
        "can_link_decisions": perms.can_manage_review(
            user, review
        ),  # also once closed: a revision comes after
        "can_comment": can_comment,
        "can_vote": bool(perms.vote_unions(user, review)),
        "comment_form": forms.get("comment_form") or (CommentForm(plan=review.plan) if can_comment else None),
        "title": review.title,
        "breadcrumbs": _crumbs((review.title, "")),
    }


@never_cache
@login_required
@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk)
    return render(request, "reviews/detail.html", _detail_context(request, review))


@never_cache
@login_required
@require_GET
def summary(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """What every member of the organisation reads once the review is closed (readers: at any time)."""
    review = perms.get_review_for_user(request, pk, summary=True)
    context = _detail_context(request, review)
    context.update(
        title=_("Synthèse — %(t)s") % {"t": review.title},
        breadcrumbs=_crumbs((review.title, ""), (_("Synthèse"), "")),
    )
    return render(request, "reviews/summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    initial = {
        "title": review.title,
        "consultation_opens_on": review.consultation_opens_on,
        "consultation_closes_on": review.consultation_closes_on,
    }
    form = ReviewEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le bilan est modifié."))
            return redirect("reviews:detail", pk=pk)
    return _form_page(request, review, form, _("Modifier le bilan"), _("Enregistrer"))


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    form = MemberForm(request.POST or None, organisation=review.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Membre ajouté au groupe de travail."))
            return redirect(reverse("reviews:detail", args=[pk]) + "#groupe")
    return _form_page(request, review, form, _("Ajouter un membre du groupe de travail"), _("Ajouter"))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_create(
                review=review,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Réunion ajoutée au calendrier."))
            return redirect(reverse("reviews:detail", args=[pk]) + "#calendrier")
    return _form_page(request, review, form, _("Ajouter une réunion"), _("Ajouter"))


@login_required
@require_GET
def meeting_ics_download(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = perms.get_meeting_for_user(request, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def snapshot(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    try:
        services.review_snapshot(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'état du plan est figé à ce jour."))
    return redirect(reverse("reviews:detail", args=[pk]) + "#etat")


@login_required
@require_POST
def comment_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk)
    if not perms.can_comment(request.user, review):
        raise PermissionDenied
    form = CommentForm(request.POST, plan=review.plan)
    if form.is_valid():
        try:
            services.comment_post(
                review=review,
                by=request.user,
                text=form.cleaned_data["text"],
                action=form.cleaned_data["action"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre commentaire est enregistré."))
            return redirect(reverse("reviews:detail", args=[pk]) + "#consultation")
    return render(request, "reviews/detail.html", _detail_context(request, review, comment_form=form))


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    comment = perms.get_comment_for_user(request, pk)
    form = CommentEditForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre commentaire est modifié."))
            return redirect(reverse("reviews:detail", args=[comment.review_id]) + "#consultation")
    return _form_page(request, comment.review, form, _("Modifier mon commentaire"), _("Enregistrer"))


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk)
    unions = perms.vote_unions(request.user, review)
    if not unions:
        raise PermissionDenied
    existing = review.votes.filter(union=unions[0]).first()
    initial = {"union": unions[0]}
    if existing is not None:
        initial.update(choice=existing.choice, statement=existing.statement)
    form = VoteForm(request.POST or None, unions=unions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_record(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'avis de votre organisation syndicale est enregistré."))
            return redirect(reverse("reviews:detail", args=[pk]) + "#avis")
    return _form_page(
        request, review, form, _("Enregistrer l'avis d'une organisation syndicale"), _("Enregistrer l'avis")
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_changes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Tie a decision to the changes of a later plan version that implement it (also once the review is closed)."""
    decision = perms.get_decision_for_user(request, pk)
    review = decision.review
    changes = selectors.implementing_changes(review)
    form = DecisionChangesForm(
        request.POST or None, changes=changes, initial={"changes": list(decision.plan_changes.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_link_changes(
                decision=decision, by=request.user, changes=list(form.cleaned_data["changes"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Les modifications du plan qui mettent en œuvre la décision sont enregistrées.")
            )
            return redirect(reverse("reviews:detail", args=[review.pk]) + "#decisions")
    title = _("Mettre en œuvre une décision dans la révision du plan")
    if not changes.exists():
        messages.info(
            request,
            _(
                "Aucune modification n'est encore enregistrée dans une version ultérieure du plan : ouvrez une "
                "révision du plan, enregistrez-y les modifications avec leurs motifs, puis revenez ici."
            ),
        )
    return _form_page(request, review, form, title, _("Enregistrer"))


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    form = DecisionForm(request.POST or None, plan=review.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                review=review,
                by=request.user,
                text=form.cleaned_data["text"],
                actions=list(form.cleaned_data["actions"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Décision enregistrée."))
            return redirect(reverse("reviews:detail", args=[pk]) + "#decisions")
    return _form_page(
        request,
        review,
        form,
        _("Enregistrer une décision du groupe de travail"),
        _("Enregistrer la décision"),
    )


@login_required
@require_POST
def generate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk, manage=True, writable=True)
    try:
        job = services.generation_start(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("reviews:detail", args=[pk]) + "#documents")
    return redirect("core:job", job_id=job.pk)


@never_cache
@login_required
@require_GET
def document_download(request: AuthedHttpRequest, pk: Any) -> FileResponse:
    document = perms.get_document_for_user(request, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: what closing does; POST with ``confirm=oui``: close. It cannot be undone."""
    review = perms.get_review_for_user(request, pk, manage=True)
    if review.is_closed:
        messages.error(request, _("Ce bilan est déjà clos."))
        return redirect("reviews:detail", pk=pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm") == "oui":
        try:
            services.review_close(review=review, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le bilan est clos : ses documents ne changeront plus."))
            return redirect("reviews:detail", pk=pk)
    title = _("Clore le bilan")
    context = {
        "review": review,
        "form": form,
        "title": title,
        "documents": list(review.documents.all()),
        "breadcrumbs": _review_crumbs(review, (title, "")),
    }
    return render(request, "reviews/close_confirm.html", context)
