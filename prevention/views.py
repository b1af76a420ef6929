"""Pages of the register (DUERP), its versions, the RPS grid and the prevention programme (PAPRIPACT)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import perms as account_perms
from core.http import AuthedHttpRequest
from organisations.models import Organisation, Person
from organisations.tenancy import current_organisation
from prevention import exports, perms, selectors, services
from prevention.forms import (
    AssessmentForm,
    MeasureForm,
    OpinionForm,
    RiskForm,
    RpsGridForm,
    RpsQuestionForm,
    SubmitForm,
    WorkUnitForm,
)
from prevention.models import (
    Measure,
    MeasureStatus,
    Programme,
    ProgrammeStatus,
    PublicationStatus,
    RegisterVersion,
)

PAGE_SIZE = 50


def _organisation(request: AuthedHttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.is_member(request.user, organisation):
        raise Http404
    return organisation


def _keeper_organisation(request: AuthedHttpRequest) -> Organisation:
    organisation = _organisation(request)
    if not perms.can_keep(request.user, organisation):
        raise PermissionDenied
    return organisation


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Document unique"), reverse("prevention:register")), *extra]


def _form_page(request: AuthedHttpRequest, form: Any, title: str, cancel: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "cancel": cancel, "breadcrumbs": _crumbs((title, "")), **extra}
    return render(request, "prevention/form.html", context)


def _confirm_page(
    request: AuthedHttpRequest,
    title: str,
    facts: list[str],
    cancel: str,
    button: str,
    *,
    reversible: bool = False,
) -> HttpResponse:
    context = {
        "title": title,
        "facts": facts,
        "cancel": cancel,
        "button": button,
        "reversible": reversible,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "prevention/confirm.html", context)


def _confirmed(request: AuthedHttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "oui"


# --- Register -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def register(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    work_units = perms.visible_work_units(request.user, organisation)
    if work_units is None:
        raise PermissionDenied
    code = request.GET.get("unite", "")[:40].strip()
    if code:
        work_units = work_units.filter(code__iexact=code)
    risks = selectors.live_risks(organisation, work_units).order_by("work_unit__name", "danger_family", "pk")
    page = Paginator(risks, PAGE_SIZE).get_page(request.GET.get("page"))
    can_keep = perms.can_keep(request.user, organisation)
    for risk in page:
        risk.current = selectors.current_assessment(risk)  # type: ignore[attr-defined]
    context = {
        "organisation": organisation,
        "page": page,
        "last_version": selectors.last_version(organisation),
        "stale": selectors.register_is_stale(organisation),
        "can_keep": can_keep,
        "unite": code,
        "grids": organisation.rps_grids.select_related("work_unit")[:10] if can_keep else [],
        "pending_publication": organisation.register_publications.filter(
            status=PublicationStatus.PENDING
        ).first()
        if can_keep
        else None,
        "title": _("Document unique d'évaluation des risques"),
        "breadcrumbs": [(_("Document unique"), "")],
    }
    return render(request, "prevention/register.html", context)


@login_required
@require_GET
def work_units(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    visible = perms.visible_work_units(request.user, organisation)
    if visible is None:
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    found = visible.order_by("name")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(found.prefetch_related("units"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "can_keep": perms.can_keep(request.user, organisation),
        "title": _("Unités de travail"),
        "breadcrumbs": _crumbs((_("Unités de travail"), "")),
    }
    return render(request, "prevention/work_units.html", context)


@login_required
@require_GET
def work_unit_search(request: AuthedHttpRequest) -> HttpResponse:
    """Picker suggestions: ``<option>`` elements of the work units the user reads whose name or code matches."""
    organisation = _organisation(request)
    visible = perms.visible_work_units(request.user, organisation)
    if visible is None:
        raise PermissionDenied
    term = request.GET.get("q", "")[:100].strip()
    found = visible.filter(active=True).exclude(code="")
    if term:
        found = found.filter(Q(name__icontains=term) | Q(code__icontains=term))
    options = [(wu.code, f"{wu.name} ({wu.code})") for wu in found.order_by("name")[:30]]
    return render(request, "organisations/_picker_options.html", {"options": options})


@login_required
@require_POST
def work_units_default(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _keeper_organisation(request)
    created = services.work_units_default(organisation)
    messages.success(request, _("%(n)s unité(s) de travail créée(s).") % {"n": created})
    return redirect("prevention:work_units")


@login_required
@require_http_methods(["GET", "POST"])
def work_unit_edit(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    work_unit = perms.get_work_unit_for_user(request, pk, keep=True) if pk else None
    organisation = work_unit.organisation if work_unit else _keeper_organisation(request)
    initial = (
        {
            "name": work_unit.name,
            "code": work_unit.code,
            "units": list(work_unit.units.all()),
            "description": work_unit.description,
            "headcount": work_unit.headcount,
            "active": work_unit.active,
        }
        if work_unit
        else {"active": True}
    )
    form = WorkUnitForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if work_unit:
                services.work_unit_update(work_unit=work_unit, by=request.user, **data)
            else:
                data.pop("active")
                services.work_unit_create(organisation=organisation, by=request.user, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Unité de travail enregistrée."))
            return redirect("prevention:work_units")
    title = _("Modifier l'unité de travail") if work_unit else _("Nouvelle unité de travail")
    return _form_page(request, form, title, reverse("prevention:work_units"))


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    risk = perms.get_risk_for_user(request, pk, keep=True) if pk else None
    organisation = risk.organisation if risk else _keeper_organisation(request)
    fields = [
        "work_unit",
        "danger_family",
        "gollac_axis",
        "exposure_situation",
        "exposed_count",
        "existing_measures",
        "owner",
    ]
    initial = {name: getattr(risk, name) for name in fields} if risk else {}
    form = RiskForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "gollac_axis": form.cleaned_data["gollac_axis"] or ""}
        data["existing_measures"] = data["existing_measures"] or ""
        try:
            if risk:
                services.risk_update(risk=risk, by=request.user, **data)
            else:
                risk = services.risk_create(organisation=organisation, by=request.user, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ligne du document unique enregistrée."))
            return redirect("prevention:risk_detail", risk.pk)
    title = _("Modifier le risque") if risk else _("Nouveau risque")
    cancel = reverse("prevention:risk_detail", args=[risk.pk]) if risk else reverse("prevention:register")
    return _form_page(request, form, title, cancel)


@login_required
@require_GET
def risk_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    risk = perms.get_risk_for_user(request, pk)
    assessments = list(risk.assessments.select_related("evaluator"))
    context = {
        "risk": risk,
        "current": assessments[0] if assessments else None,
        "previous": assessments[1:],
        "measures": risk.measures.select_related("owner"),
        "pending": risk.reassessment_requests.filter(done_at__isnull=True).select_related("measure"),
        "can_keep": perms.can_keep(request.user, risk.organisation),
        "can_assess": perms.can_assess(request.user, risk),
        "title": str(risk),
        "breadcrumbs": _crumbs((str(risk), "")),
    }
    return render(request, "prevention/risk_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_assess(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    risk = perms.get_risk_for_user(request, pk, assess=True)
    form = AssessmentForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_assess(
                risk=risk,
                by=request.user,
                method=form.cleaned_data["method"],
                inputs=form.inputs(),
                evaluated_on=form.cleaned_data["evaluated_on"],
                comment=form.cleaned_data["comment"] or "",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Évaluation enregistrée : elle remplace la précédente, qui reste consultable.")
            )
            return redirect("prevention:risk_detail", risk.pk)
    return _form_page(
        request, form, _("Évaluer le risque"), reverse("prevention:risk_detail", args=[risk.pk]), subject=risk
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_archive(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    risk = perms.get_risk_for_user(request, pk, keep=True)
    if _confirmed(request):
        services.risk_archive(risk=risk, by=request.user)
        messages.success(
            request, _("Le risque est retiré du document unique (les versions publiées le gardent).")
        )
        return redirect("prevention:register")
    return _confirm_page(
        request,
        _("Retirer le risque « %(risk)s »") % {"risk": risk},
        [_("Il ne figurera plus dans la prochaine version publiée ; les versions déjà publiées le gardent.")],
        reverse("prevention:risk_detail", args=[risk.pk]),
        _("Confirmer le retrait"),
    )


# --- Versions -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def versions(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    readable = perms.readable_versions(request.user, organisation)
    context = {
        "versions": (readable or RegisterVersion.objects.none()).defer("document", "snapshot"),
        "stale": selectors.register_is_stale(organisation),
        "can_keep": perms.can_keep(request.user, organisation),
        "title": _("Versions publiées du document unique"),
        "breadcrumbs": _crumbs((_("Versions publiées"), "")),
    }
    return render(request, "prevention/versions.html", context)


@login_required
@require_GET
def my_versions(request: AuthedHttpRequest) -> HttpResponse:
    """The versions the signed-in person may read in every organisation they work or worked for."""
    org_ids = set(Person.objects.filter(user=request.user).values_list("organisation_id", flat=True))
    org_ids |= account_perms.member_organisation_ids(request.user)
    groups = []
    for organisation in Organisation.objects.filter(pk__in=org_ids).order_by("name"):
        readable = perms.readable_versions(request.user, organisation)
        if readable is not None:
            groups.append((organisation, list(readable.defer("document", "snapshot"))))
    context = {
        "groups": groups,
        "title": _("Mes documents uniques"),
        "breadcrumbs": [(_("Mes documents uniques"), "")],
    }
    return render(request, "prevention/my_versions.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthedHttpRequest) -> HttpResponse:
    """Confirm the publication: the register is frozen at once, as it is now; its version is built in the
    background and the keeper follows it on the publication's page."""
    organisation = _keeper_organisation(request)
    if _confirmed(request):
        try:
            publication = services.register_publication_start(organisation=organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            pending = organisation.register_publications.filter(status=PublicationStatus.PENDING).first()
            if pending is not None:
                return redirect("prevention:publication", pending.pk)
            return redirect("prevention:register")
        return redirect("prevention:publication", publication.pk)
    pending = organisation.register_publications.filter(status=PublicationStatus.PENDING).first()
    if pending is not None:
        messages.warning(
            request,
            _("Une publication est déjà en cours (version %(n)s) : attendez qu'elle se termine.")
            % {"n": pending.number},
        )
        return redirect("prevention:publication", pending.pk)
    count = selectors.live_risks(organisation).count()
    return _confirm_page(
        request,
        _("Publier le document unique"),
        [
            _(
                "Le document unique est figé tel qu'il est au moment où vous confirmez : ses %(n)s ligne(s), "
                "avec leur évaluation en cours, forment une nouvelle version numérotée."
            )
            % {"n": count},
            _(
                "Le document (ODT) et son empreinte SHA-256 sont produits en arrière-plan : une barre de "
                "progression s'affiche, vous pouvez quitter la page et y revenir."
            ),
            _(
                "La version en vigueur cesse de l'être ; une version publiée ne peut plus être modifiée : les "
                "modifications faites ensuite dans le document unique ouvrent un nouveau brouillon."
            ),
            _("Elle est conservée au moins 40 ans."),
        ],
        reverse("prevention:register"),
        _("Confirmer la publication"),
    )


@never_cache
@login_required
@require_GET
def publication(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A publication's progress, then its version; the htmx fragment polls itself until the job ends."""
    found = perms.get_publication_for_user(request, pk)
    template = "prevention/_publication_progress.html" if request.htmx else "prevention/publication.html"
    title = _("Publication du document unique — version %(n)s") % {"n": found.number}
    context = {
        "publication": found,
        "job": found.job,
        "lines": len(found.snapshot.get("lines", [])),
        "title": title,
        "breadcrumbs": _crumbs((_("Versions publiées"), reverse("prevention:versions")), (title, "")),
    }
    return render(request, template, context)


@login_required
@require_GET
def version_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for_user(request, pk)
    title = _("Document unique — version %(n)s") % {"n": version.number}
    context = {
        "version": version,
        "lines": version.snapshot["lines"],
        "title": title,
        "breadcrumbs": [(_("Mes documents uniques"), reverse("prevention:my_versions")), (title, "")],
    }
    return render(request, "prevention/version_detail.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def version_download(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The stored ODT as is (its SHA-256 is the version's); PDF, ODS and XLSX built from the frozen snapshot."""
    version = perms.get_version_for_user(request, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    render_fn, content_type = exports.FORMATS[fmt]
    if fmt == "odt":
        content = selectors.version_document(version)
    else:
        content = render_fn(exports.register_document(version.snapshot))
    name = f"duerp-{slugify(version.organisation.short_name or version.organisation.name)}-v{version.number}.{fmt}"
    return _download(content, content_type, name)


# --- RPS grid -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rps_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _keeper_organisation(request)
    questions = selectors.rps_questions(organisation)
    form = RpsGridForm(request.POST or None, organisation=organisation, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k]
            for k in ("work_unit", "held_on", "participant_count", "participant_roles")
        }
        try:
            grid = services.rps_grid_create(
                organisation=organisation, by=request.user, answers=form.answers(), **data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("prevention:rps_detail", grid.pk)
    return _form_page(request, form, _("Grille RPS d'une unité de travail"), reverse("prevention:register"))


@login_required
@require_http_methods(["GET", "POST"])
def rps_questions(request: AuthedHttpRequest) -> HttpResponse:
    """The organisation's grid: the default questions until it starts its own (a copy of them), which it then
    rewords, orders, deactivates and adds to."""
    organisation = _keeper_organisation(request)
    form = RpsQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rps_question_add(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Question ajoutée à la grille de l'organisation."))
            return redirect("prevention:rps_questions")
    questions = selectors.rps_questions_configured(organisation)
    context = {
        "form": form,
        "questions": questions,
        "active_count": sum(1 for q in questions if q.active),
        "own": selectors.has_own_rps_questions(organisation),
        "title": _("Questions de la grille RPS"),
        "breadcrumbs": _crumbs((_("Questions de la grille RPS"), "")),
    }
    return render(request, "prevention/rps_questions.html", context)


@login_required
@require_POST
def rps_questions_adopt(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _keeper_organisation(request)
    try:
        services.rps_questions_adopt_defaults(organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Votre organisation a maintenant sa propre grille, copiée de la grille par défaut : modifiez-la."
            ),
        )
    return redirect("prevention:rps_questions")


@login_required
@require_http_methods(["GET", "POST"])
def rps_question_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = perms.get_rps_question_for_user(request, pk)
    form = RpsQuestionForm(request.POST or None, initial={"family": question.family, "text": question.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.rps_question_update(question=question, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Question modifiée. Les grilles déjà remplies gardent la formulation avec laquelle elles l'ont été."
                ),
            )
            return redirect("prevention:rps_questions")
    return _form_page(
        request,
        form,
        _("Modifier une question de la grille RPS"),
        reverse("prevention:rps_questions"),
    )


@login_required
@require_POST
def rps_question_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = perms.get_rps_question_for_user(request, pk)
    direction = request.POST.get("sens")
    if direction not in ("haut", "bas"):
        return HttpResponse(_("Indiquez le sens du déplacement."), status=400)
    services.rps_question_move(question=question, by=request.user, up=direction == "haut")
    return redirect(reverse("prevention:rps_questions") + f"#question-{question.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def rps_question_deactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = perms.get_rps_question_for_user(request, pk)
    if _confirmed(request):
        try:
            services.rps_question_set_active(question=question, by=request.user, active=False)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Question désactivée : les nouvelles grilles ne la posent plus."))
        return redirect("prevention:rps_questions")
    return _confirm_page(
        request,
        _("Désactiver la question « %(text)s »") % {"text": question.text},
        [
            _("Les nouvelles grilles RPS ne poseront plus cette question."),
            _(
                "Les grilles déjà remplies la gardent, avec la formulation de l'époque : leurs réponses et leurs "
                "moyennes par famille ne changent pas."
            ),
            _("La question n'est pas supprimée : vous pourrez la réactiver à tout moment."),
        ],
        reverse("prevention:rps_questions"),
        _("Confirmer la désactivation"),
        reversible=True,
    )


@login_required
@require_POST
def rps_question_reactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = perms.get_rps_question_for_user(request, pk)
    services.rps_question_set_active(question=question, by=request.user, active=True)
    messages.success(request, _("Question réactivée : les nouvelles grilles la posent de nouveau."))
    return redirect(reverse("prevention:rps_questions") + f"#question-{question.pk}")


@login_required
@require_GET
def rps_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    grid = perms.get_rps_grid_for_user(request, pk)
    title = _("Grille RPS — %(unit)s") % {"unit": grid.work_unit}
    context = {
        "grid": grid,
        "rows": selectors.rps_aggregates(grid),
        "answers": selectors.rps_grid_questions(grid),
        "threshold": services.RPS_THRESHOLD,
        "title": title,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "prevention/rps_detail.html", context)


@login_required
@require_POST
def rps_convert(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    grid = perms.get_rps_grid_for_user(request, pk)
    try:
        created = services.rps_grid_to_risks(grid=grid, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("prevention:rps_detail", grid.pk)
    messages.success(
        request, _("%(n)s risque(s) psychosocial(aux) ajouté(s) au document unique.") % {"n": len(created)}
    )
    return redirect("prevention:register")


# --- Programme ---------------------------------------------------------------------------------------------------


def _programme_crumbs(programme: Programme | None = None, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    crumbs = [(_("Programme annuel de prévention"), reverse("prevention:programmes"))]
    if programme:
        crumbs.append((str(programme), reverse("prevention:programme_detail", args=[programme.pk])))
    return [*crumbs, *extra]


@login_required
@require_http_methods(["GET", "POST"])
def programmes(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    can_keep = perms.can_keep(request.user, organisation)
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        year = int(request.POST.get("year") or timezone.localdate().year)
        if not 2000 <= year <= 2100:
            raise Http404
        programme = services.programme_for_year(organisation=organisation, year=year, by=request.user)
        return redirect("prevention:programme_detail", programme.pk)
    found = Programme.objects.filter(organisation=organisation)
    if not perms.can_read_register(request.user, organisation):
        found = found.filter(status=ProgrammeStatus.ADOPTED)
    context = {
        "programmes": found,
        "can_keep": can_keep,
        "this_year": timezone.localdate().year,
        "title": _("Programme annuel de prévention (PAPRIPACT)"),
        "breadcrumbs": _programme_crumbs()[:1],
    }
    return render(request, "prevention/programmes.html", context)


@login_required
@require_GET
def programme_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk)
    organisation = programme.organisation
    context = {
        "programme": programme,
        "measures": selectors.programme_measures(programme),
        "report": selectors.programme_report(programme),
        "can_keep": perms.can_keep(request.user, organisation),
        "can_opinion": perms.can_record_opinion(request.user, organisation),
        "title": _("Programme annuel de prévention %(year)s") % {"year": programme.year},
        "breadcrumbs": _programme_crumbs()[:1] + [(str(programme), "")],
    }
    return render(request, "prevention/programme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk, action="keep")
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_submit(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("prevention:programme_detail", programme.pk)
    return _form_page(
        request,
        form,
        _("Soumettre le programme à la F3SCT"),
        reverse("prevention:programme_detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_opinion(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk, action="opinion")
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_record_opinion(
                programme=programme,
                by=request.user,
                text=data["opinion_text"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstain=data["votes_abstain"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("prevention:programme_detail", programme.pk)
    return _form_page(request, form, _("Avis de la F3SCT"), reverse("prevention:programme_detail", args=[pk]))


@login_required
@require_http_methods(["GET", "POST"])
def programme_adopt(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk, action="keep")
    if _confirmed(request):
        try:
            services.programme_adopt(programme=programme, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("prevention:programme_detail", programme.pk)
    return _confirm_page(
        request,
        _("Adopter le programme %(year)s") % {"year": programme.year},
        [
            _(
                "Le programme, avec l'avis de la F3SCT, est publié à tous les agents ; cette étape ne peut pas être annulée."
            )
        ],
        reverse("prevention:programme_detail", args=[pk]),
        _("Confirmer l'adoption"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_finalise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk, action="keep")
    if _confirmed(request):
        try:
            services.programme_report_finalise(programme=programme, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("prevention:programme_detail", programme.pk)
    return _confirm_page(
        request,
        _("Arrêter le bilan %(year)s") % {"year": programme.year},
        [_("Les mesures de l'année ne pourront plus être modifiées.")],
        reverse("prevention:programme_detail", args=[pk]),
        _("Confirmer l'arrêt du bilan"),
    )


def programme_document(programme: Programme) -> exports.Document:
    organisation = programme.organisation
    measures = list(selectors.programme_measures(programme))
    report = selectors.programme_report(programme)
    sections = []
    if programme.opinion_text:
        votes = _("Pour : %(f)s, contre : %(a)s, abstentions : %(n)s") % {
            "f": programme.votes_for,
            "a": programme.votes_against,
            "n": programme.votes_abstain,
        }
        sections.append((_("Avis de la F3SCT"), f"{programme.opinion_text}\n{votes}"))
    return exports.Document(
        title=f"PAPRIPACT – {organisation.name} – {datetime.date(programme.year, 1, 1):%d/%m/%Y} – "
        f"{datetime.date(programme.year, 12, 31):%d/%m/%Y}",
        meta=[
            (_("Statut"), str(programme.get_status_display())),
            (
                _("Séance de la F3SCT"),
                programme.meeting_date.strftime("%d/%m/%Y") if programme.meeting_date else "",
            ),
            (_("Taux de réalisation"), f"{report['rate']} %"),
            (_("Budget prévu / réalisé (€)"), f"{report['estimated']} / {report['actual']}"),
        ],
        sections=sections,
        header=[
            _("Mesure"),
            _("Risques traités"),
            _("Responsable"),
            _("Début"),
            _("Échéance"),
            _("Indicateur ou cible"),
            _("Coût estimé (€)"),
            _("Coût réel (€)"),
            _("Moyens"),
            _("Statut"),
            _("Motif de non-réalisation"),
        ],
        rows=[
            [
                m.title,
                " ; ".join(str(r) for r in m.risks.all()),
                (m.owner.get_full_name() or m.owner.email) if m.owner else "",
                m.start_date.isoformat() if m.start_date else "",
                m.due_date.isoformat() if m.due_date else "",
                m.indicator.name if m.indicator else m.target,
                float(m.estimated_cost) if m.estimated_cost is not None else "",
                float(m.actual_cost) if m.actual_cost is not None else "",
                m.resources,
                str(m.get_status_display()),
                m.not_done_reason,
            ]
            for m in measures
        ],
    )


@login_required
@require_GET
def programme_export(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    programme = perms.get_programme_for_user(request, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    if programme.status != ProgrammeStatus.ADOPTED:
        raise PermissionDenied
    render_fn, content_type = exports.FORMATS[fmt]
    name = f"papripact-{slugify(programme.organisation.short_name or programme.organisation.name)}-{programme.year}.{fmt}"
    return _download(render_fn(programme_document(programme)), content_type, name)


# --- Measures ---------------------------------------------------------------------------------------------------

MEASURE_FIELDS = [
    "title",
    "description",
    "owner",
    "contributors",
    "start_date",
    "due_date",
    "indicator",
    "target",
    "estimated_cost",
    "actual_cost",
    "resources",
    "status",
    "not_done_reason",
]


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    measure = perms.get_measure_for_user(request, pk, keep=True) if pk else None
    organisation = measure.organisation if measure else _keeper_organisation(request)
    initial: dict[str, Any] = {"status": MeasureStatus.PLANNED}
    if measure:
        initial = {name: getattr(measure, name) for name in MEASURE_FIELDS}
        initial["risks"] = list(measure.risks.all())
    elif request.GET.get("risque", "").isdigit():
        initial["risks"] = [perms.get_risk_for_user(request, int(request.GET["risque"]))]
    form = MeasureForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        risks = data.pop("risks")
        for text in ("description", "contributors", "target", "resources", "not_done_reason"):
            data[text] = data[text] or ""
        try:
            if measure is None:
                measure = services.measure_create(
                    organisation=organisation, by=request.user, title=data["title"], risks=risks
                )
            services.measure_update(measure=measure, by=request.user, risks=risks, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Mesure enregistrée."))
            return _to_programme(request, measure)
    title = _("Modifier la mesure") if measure else _("Nouvelle mesure de prévention")
    return _form_page(request, form, title, reverse("prevention:programmes"))


def _to_programme(request: AuthedHttpRequest, measure: Measure) -> HttpResponse:
    programme = services.programme_for_year(
        organisation=measure.organisation, year=measure.year, by=request.user
    )
    return redirect("prevention:programme_detail", programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def measure_complete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    measure = perms.get_measure_for_user(request, pk, keep=True)
    if _confirmed(request):
        try:
            services.measure_complete(measure=measure, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Mesure réalisée : les responsables des risques traités sont invités à les réévaluer."),
            )
        return _to_programme(request, measure)
    return _confirm_page(
        request,
        _("Marquer la mesure « %(title)s » comme réalisée") % {"title": measure.title},
        [
            _(
                "Le ou la responsable de chaque risque traité reçoit une demande de réévaluation, sur sa page et par e-mail."
            )
        ],
        reverse("prevention:programmes"),
        _("Confirmer la réalisation"),
    )


@login_required
@require_GET
def my_reassessments(request: AuthedHttpRequest) -> HttpResponse:
    context = {
        "requests": selectors.pending_reassessments(request.user),
        "title": _("Risques à réévaluer"),
        "breadcrumbs": [(_("Risques à réévaluer"), "")],
    }
    return render(request, "prevention/my_reassessments.html", context)
