"""Pages of the field loop: discussion spaces, proposals and answers, situation-problems, photos, reviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import perms as account_perms
from analytics.selectors import last_published_results_for
from core.http import AuthedHttpRequest
from field import perms, selectors, services
from field.forms import (
    CONFIRM_NAMES,
    AnswerForm,
    CauseForm,
    LinksForm,
    PhotoForm,
    PromoteForm,
    ProposalForm,
    ReviewForm,
    SessionForm,
    SettingsForm,
    SituationForm,
    SpaceForm,
    StepForm,
    StepStatusForm,
    WithdrawForm,
)
from field.models import Photo, SituationProblem, Space, StepStatus
from organisations.models import Organisation, Unit
from organisations.tenancy import current_organisation
from plans.perms import can_view_plan, get_action_for_user
from prevention.perms import get_risk_for_user
from surveys.models import Dimension


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _data(form: Any, *exclude: str) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in {CONFIRM_NAMES, *exclude}}


def _organisation(request: AuthedHttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.is_member(request.user, organisation):
        raise PermissionDenied
    return organisation


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Terrain"), reverse("field:index")), *extra]


def _space_crumbs(space: Space, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs((space.name, reverse("field:space", args=[space.pk])), *extra)


def _situation_crumbs(situation: SituationProblem, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs((situation.title, reverse("field:situation", args=[situation.pk])), *extra)


def _form_page(
    request: AuthedHttpRequest, form: Any, title: str, crumbs: list[tuple[str, str]], back: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": crumbs, "back": back, **extra}
    return render(request, "field/form.html", context)


def _dimension_label(code: str) -> str:
    return str(dict(Dimension.choices).get(code, "")) if code else ""


def _situation_unit(situation: SituationProblem) -> Unit | None:
    """The unit a situation-problem's results are read at: its space's, else the first its work unit covers."""
    if situation.space is not None and situation.space.unit is not None:
        return situation.space.unit
    return situation.work_unit.units.order_by("path").first()


def _results_url(user: Any, organisation: Organisation, unit: Unit | None) -> str:
    """Where a barometer dimension's link goes: the unit's results for the organisation's last published campaign
    (as far as the reader may read them), else the results index."""
    found = last_published_results_for(user, organisation, unit)
    if found is None:
        return reverse("analytics:index")
    campaign_id, unit_id = found
    url = reverse("analytics:campaign", args=[campaign_id])
    return f"{url}?unite={unit_id}" if unit_id is not None else url


# --- Index and settings ---------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    user = request.user
    steering = perms.is_steering(user, organisation)
    context = {
        "spaces": selectors.spaces_visible_to(user, organisation),
        "situations": selectors.situations_visible_to(user, organisation),
        "reviews": selectors.reviews_of(organisation),
        "late": selectors.late_proposals(organisation) if steering else None,
        "awaiting": selectors.awaiting_answer(organisation) if steering else None,
        "can_create_space": perms.can_create_space(user, organisation),
        "can_create_situation": perms.can_create_situation(user, organisation),
        "can_write_review": perms.can_write_review(user, organisation),
        "can_configure": perms.can_configure(user, organisation),
        "answer_days": services.answer_days(organisation),
        "title": _("Terrain : espaces de discussion et situations de travail"),
        "breadcrumbs": [(_("Terrain"), "")],
    }
    return render(request, "field/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if not perms.can_configure(request.user, organisation):
        raise PermissionDenied
    found = services.settings_for(organisation)
    initial = {"answer_days": found.answer_days, "committee": list(found.committee.all())}
    form = SettingsForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Les réglages sont enregistrés."))
            return redirect("field:index")
    title = _("Réglages : comité de pilotage et délai de réponse")
    return _form_page(request, form, title, _crumbs((title, "")), reverse("field:index"))


# --- Spaces -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def space_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if not perms.can_create_space(request.user, organisation):
        raise PermissionDenied
    form = SpaceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.space_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("L'espace de discussion est créé."))
            return redirect("field:space", space.pk)
    title = _("Nouvel espace de discussion")
    return _form_page(request, form, title, _crumbs((title, "")), reverse("field:index"))


@login_required
@require_GET
def space_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    space = perms.get_space_for_user(request, pk)
    context = {
        "space": space,
        "facilitators": space.facilitators.order_by("last_name", "first_name"),
        "members": space.members.order_by("last_name", "first_name"),
        "sessions": space.sessions.all(),
        "proposals": space.proposals.select_related("answer_action", "answer_measure"),
        "photos": space.photos.shown(),
        "situations": space.situation_problems.all(),
        "can_run": perms.can_run_space(request.user, space),
        "title": space.name,
        "breadcrumbs": _crumbs((space.name, "")),
    }
    return render(request, "field/space_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def space_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    space = perms.get_space_for_user(request, pk, run=True)
    initial = {
        "name": space.name,
        "rules": space.rules,
        "facilitators": list(space.facilitators.all()),
        "members": list(space.members.all()),
    }
    form = SpaceForm(request.POST or None, initial=initial, organisation=space.organisation, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.space_update(space=space, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("L'espace est modifié."))
            return redirect("field:space", space.pk)
    title = _("Modifier l'espace")
    return _form_page(
        request, form, title, _space_crumbs(space, (title, "")), reverse("field:space", args=[pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    space = perms.get_space_for_user(request, pk, run=True)
    form = SessionForm(request.POST or None, organisation=space.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(space=space, by=request.user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La séance est enregistrée."))
            return redirect(reverse("field:space", args=[space.pk]) + "#seances")
    title = _("Nouvelle séance")
    return _form_page(
        request, form, title, _space_crumbs(space, (title, "")), reverse("field:space", args=[pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    space = perms.get_space_for_user(request, pk, run=True)
    form = ProposalForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(space=space, by=request.user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("La proposition est transmise au comité de pilotage, qui répondra d'ici le %(d)s.")
                % {"d": proposal.answer_due_on.strftime("%d/%m/%Y")},
            )
            return redirect("field:proposal", proposal.pk)
    title = _("Nouvelle proposition au comité de pilotage")
    return _form_page(
        request, form, title, _space_crumbs(space, (title, "")), reverse("field:space", args=[pk])
    )


@login_required
@require_GET
def proposal_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk)
    can_answer = perms.can_answer(request.user, proposal) and not proposal.is_final
    context = {
        "proposal": proposal,
        "space": proposal.space,
        "actions": proposal.actions.select_related("plan"),
        "dimension_label": _dimension_label(proposal.dimension),
        "results_url": _results_url(request.user, proposal.space.organisation, proposal.space.unit)
        if proposal.dimension
        else "",
        "can_answer": can_answer,
        "can_link": perms.can_run_space(request.user, proposal.space),
        "title": proposal.title,
        "breadcrumbs": _space_crumbs(proposal.space, (proposal.title, "")),
    }
    return render(request, "field/proposal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_links(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Facilitators and the committee link a proposal to a barometer dimension and to the plan's actions."""
    proposal = perms.get_proposal_for_user(request, pk)
    if not perms.can_run_space(request.user, proposal.space):
        raise PermissionDenied
    initial = {"dimension": proposal.dimension, "actions": list(proposal.actions.all())}
    form = LinksForm(request.POST or None, initial=initial, organisation=proposal.space.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_link(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Les liens de la proposition sont enregistrés."))
            return redirect("field:proposal", proposal.pk)
    title = _("Lier la proposition au baromètre et au plan")
    crumbs = _space_crumbs(
        proposal.space, (proposal.title, reverse("field:proposal", args=[pk])), (title, "")
    )
    return _form_page(request, form, title, crumbs, reverse("field:proposal", args=[pk]), proposal=proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = perms.get_proposal_for_user(request, pk, answer=True)
    organisation = proposal.space.organisation
    if proposal.is_final:
        messages.info(request, _("Cette proposition a déjà reçu une réponse définitive."))
        return redirect("field:proposal", proposal.pk)
    form = AnswerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_answer(proposal=proposal, by=request.user, **_data(form, "confirm"))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("La réponse est enregistrée ; les membres de l'espace la reçoivent par e-mail.")
            )
            return redirect("field:proposal", proposal.pk)
    title = _("Répondre à la proposition")
    crumbs = _space_crumbs(
        proposal.space, (proposal.title, reverse("field:proposal", args=[pk])), (title, "")
    )
    return _form_page(request, form, title, crumbs, reverse("field:proposal", args=[pk]), proposal=proposal)


# --- Situation-problems ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def situation_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    user = request.user
    if not perms.can_create_situation(user, organisation):
        raise PermissionDenied
    spaces = Space.objects.for_organisation(organisation.pk)
    if not perms.is_steering(user, organisation):
        spaces = spaces.filter(facilitators=user)
    form = SituationForm(request.POST or None, organisation=organisation, spaces=spaces)
    if request.method == "POST" and form.is_valid():
        try:
            situation = services.situation_create(organisation=organisation, by=user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("La situation-problème est enregistrée : analysez maintenant ses causes.")
            )
            return redirect("field:situation", situation.pk)
    title = _("Nouvelle situation-problème")
    return _form_page(request, form, title, _crumbs((title, "")), reverse("field:index"))


SITUATION_FIELDS = (
    "title",
    "occurred",
    "place",
    "roles",
    "what_happened",
    "problem",
    "consequences",
    "coping",
    "ideas",
    "dimension",
)


@login_required
@require_http_methods(["GET", "POST"])
def situation_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    situation = perms.get_situation_for_user(request, pk, edit=True)
    initial = {name: getattr(situation, name) for name in SITUATION_FIELDS}
    initial["actions"] = list(situation.actions.all())
    form = SituationForm(
        request.POST or None,
        initial=initial,
        organisation=situation.organisation,
        spaces=Space.objects.none(),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_update(situation=situation, by=request.user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La situation-problème est modifiée."))
            return redirect("field:situation", situation.pk)
    title = _("Modifier la situation-problème")
    crumbs = _situation_crumbs(situation, (title, ""))
    return _form_page(request, form, title, crumbs, reverse("field:situation", args=[pk]))


def _situation_page(request: AuthedHttpRequest, situation: SituationProblem, **forms: Any) -> HttpResponse:
    user = request.user
    can_edit = perms.can_edit_situation(user, situation)
    context = {
        "situation": situation,
        "causes": situation.causes.all(),
        "steps": situation.steps.all(),
        "photos": situation.photos.shown(),
        "actions": situation.actions.select_related("plan"),
        "risks": situation.risks.select_related("work_unit"),
        "measures": situation.measures.all(),
        "dimension_label": _dimension_label(situation.dimension),
        "results_url": _results_url(user, situation.organisation, _situation_unit(situation))
        if situation.dimension
        else "",
        "can_edit": can_edit,
        "can_promote": perms.can_promote(user, situation),
        "cause_form": forms.get("cause_form")
        or (CauseForm(organisation=situation.organisation) if can_edit else None),
        "statuses": StepStatus.choices,
        "step_form": forms.get("step_form")
        or (StepForm(organisation=situation.organisation) if can_edit else None),
        "title": situation.title,
        "breadcrumbs": _crumbs((situation.title, "")),
    }
    return render(request, "field/situation_detail.html", context)


@login_required
@require_GET
def situation_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _situation_page(request, perms.get_situation_for_user(request, pk))


@login_required
@require_POST
def cause_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    situation = perms.get_situation_for_user(request, pk, edit=True)
    form = CauseForm(request.POST, organisation=situation.organisation)
    if form.is_valid():
        axis, code = form.cleaned_data["factor"]
        try:
            services.cause_add(
                situation=situation,
                by=request.user,
                text=form.cleaned_data["text"],
                axis=axis,
                sub_factor=code,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La cause est ajoutée."))
            return redirect(reverse("field:situation", args=[pk]) + "#causes")
    return _situation_page(request, situation, cause_form=form)


@login_required
@require_POST
def step_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    situation = perms.get_situation_for_user(request, pk, edit=True)
    form = StepForm(request.POST, organisation=situation.organisation)
    if form.is_valid():
        try:
            services.step_add(situation=situation, by=request.user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La ligne du plan d'action est ajoutée."))
            return redirect(reverse("field:situation", args=[pk]) + "#plan")
    return _situation_page(request, situation, step_form=form)


@login_required
@require_POST
def step_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Move a line of the action plan to its new status (planned, in progress, done)."""
    situation = perms.get_situation_for_user(request, pk, edit=True)
    form = StepStatusForm(request.POST)
    step = situation.steps.filter(pk=form.data.get("step") or 0).first() if form.is_valid() else None
    if step is None:
        messages.error(request, _("Choisissez une ligne du plan d'action et son nouveau statut."))
    else:
        services.step_set_status(step=step, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("Le statut de la ligne est modifié."))
    return redirect(reverse("field:situation", args=[pk]) + "#plan")


@login_required
@require_http_methods(["GET", "POST"])
def situation_promote(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    situation = perms.get_situation_for_user(request, pk, promote=True)
    initial = {"measure_title": situation.title, "exposed_count": situation.work_unit.headcount}
    form = PromoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            risk, measure = services.situation_promote(
                situation=situation, by=request.user, **_data(form, "confirm")
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            done = [str(_("un risque du document unique"))] if risk else []
            done += [str(_("une mesure du programme de prévention"))] if measure else []
            messages.success(request, _("Créé : %(what)s.") % {"what": " et ".join(done)})
            return redirect("field:situation", situation.pk)
    title = _("Porter au document unique et au programme de prévention")
    crumbs = _situation_crumbs(situation, (title, ""))
    return _form_page(
        request, form, title, crumbs, reverse("field:situation", args=[pk]), situation=situation
    )


# --- Photos ---------------------------------------------------------------------------------------------------


def _photo_create(
    request: AuthedHttpRequest, *, space: Space | None, situation: SituationProblem | None
) -> HttpResponse:
    form = PhotoForm(request.POST or None, request.FILES or None)
    if space is not None:
        back = reverse("field:space", args=[space.pk])
    else:
        assert situation is not None  # a photo belongs to a space or to a situation-problem
        back = reverse("field:situation", args=[situation.pk])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("image")
        try:
            services.photo_add(by=request.user, upload=upload, space=space, situation=situation, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("La photo est ajoutée, sans ses données EXIF ni de localisation."))
            return redirect(back + "#photos")
    title = _("Ajouter une photo")
    crumbs = _space_crumbs(space, (title, "")) if space else _situation_crumbs(situation, (title, ""))  # type: ignore[arg-type]
    return _form_page(request, form, title, crumbs, back, multipart=True)


@login_required
@require_http_methods(["GET", "POST"])
def space_photo_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _photo_create(request, space=perms.get_space_for_user(request, pk, run=True), situation=None)


@login_required
@require_http_methods(["GET", "POST"])
def situation_photo_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _photo_create(request, space=None, situation=perms.get_situation_for_user(request, pk, edit=True))


@login_required
@require_GET
def photo_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Photos are never public media: streamed after the permission check, 404 once consent is withdrawn."""
    photo: Photo = perms.get_photo_for_user(request, pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def photo_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    photo = perms.get_photo_for_user(request, pk, withdraw=True)
    back = (
        reverse("field:space", args=[photo.space_id])
        if photo.space_id
        else reverse("field:situation", args=[photo.situation_id])
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") == "oui" and form.is_valid():
        services.photo_withdraw_consent(photo=photo, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Le consentement est retiré : la photo n'est plus visible et son fichier est effacé.")
        )
        return redirect(back + "#photos")
    title = _("Retirer le consentement")
    return render(
        request,
        "field/photo_withdraw.html",
        {"form": form, "photo": photo, "back": back, "title": title, "breadcrumbs": _crumbs((title, ""))},
    )


# --- After-action reviews -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if not perms.can_write_review(request.user, organisation):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(organisation=organisation, by=request.user, **_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Le retour d'expérience est enregistré."))
            return redirect("field:review", review.pk)
    title = _("Nouveau retour d'expérience")
    return _form_page(request, form, title, _crumbs((title, "")), reverse("field:index"))


@login_required
@require_GET
def review_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = perms.get_review_for_user(request, pk)
    context = {"review": review, "title": review.subject, "breadcrumbs": _crumbs((review.subject, ""))}
    return render(request, "field/review_detail.html", context)


# --- Where plan actions and risks come from (fragments loaded into the plans' and prevention's pages) -------


@require_GET
def action_origins(request: HttpRequest, pk: int) -> HttpResponse:
    """« D'où vient cette action » on the plan action's page: the space proposals and situation-problems it answers
    that the reader may see. ``plans`` does not import ``field``: htmx loads this fragment into the page (like the
    follow button); without JavaScript, the same URL is a page of its own."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    authed: AuthedHttpRequest = request  # type: ignore[assignment]
    action = get_action_for_user(request, pk)
    context = {
        "action": action,
        **selectors.visible_origins_of_action(authed.user, action),
        "back": reverse("plans:action", args=[action.pk]),
    }
    if authed.htmx:
        return render(request, "field/_action_origins.html", context)
    title = _("D'où vient l'action %(code)s") % {"code": action.code}
    return render(
        request,
        "field/origins.html",
        {**context, "fragment": "field/_action_origins.html", "title": title, "breadcrumbs": [(title, "")]},
    )


@login_required
@require_GET
def risk_origins(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """On the risk's page (``prevention`` does not import ``field``): the situation-problems it was promoted from
    and the plan actions linked to them, as far as the reader may see them; htmx fragment or page of its own."""
    risk = get_risk_for_user(request, pk)
    context = {
        "risk": risk,
        **selectors.visible_origins_of_risk(request.user, risk, can_view_plan),
        "back": reverse("prevention:risk_detail", args=[risk.pk]),
    }
    if request.htmx:
        return render(request, "field/_risk_origins.html", context)
    title = _("Situations et actions liées au risque « %(risk)s »") % {"risk": risk}
    return render(
        request,
        "field/origins.html",
        {**context, "fragment": "field/_risk_origins.html", "title": title, "breadcrumbs": [(title, "")]},
    )
