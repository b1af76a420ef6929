"""Preparing and running surveys: questionnaires, campaigns, invitations, paper codes.

The participation page reads the results after close, so it lives in ``analytics.views`` (same URL)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthedHttpRequest
from organisations.models import Organisation
from organisations.tenancy import current_organisation
from surveys import crypto, perms, selectors, services
from surveys.answering import blocks_of
from surveys.forms import CampaignForm, CampaignStepForm, ItemForm, PaperCodesForm, QuestionnaireForm
from surveys.models import REPORTING_ATTRIBUTES, Campaign, CampaignStatus, Item, Questionnaire, Trustee
from surveys.trustees import MIN_TRUSTEES, box_status
from surveys.views_answer import preview_page

CAMPAIGN_FIELDS = ["title", "opens_on", "closes_on", "reporting_attributes", "attribute_filters"]
CAMPAIGN_FIELDS += [
    "min_respondents",
    "min_comments",
    "results_shared_with_staff",
    "invitation_subject",
    "invitation_message",
    "help_text",
]


def _organisation(request: HttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    return organisation


def _managed_organisation(request: HttpRequest) -> Organisation:
    organisation = _organisation(request)
    if not perms.can_manage_surveys(request.user, organisation):
        raise PermissionDenied
    return organisation


def _page(
    request: HttpRequest, template: str, title: str, crumbs: list[tuple[str, str]], **context: Any
) -> HttpResponse:
    return render(request, template, {"title": title, "breadcrumbs": crumbs, **context})


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Baromètre"), reverse("surveys:index")), *extra]


@never_cache
@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    manages = perms.can_manage_surveys(request.user, organisation)
    campaigns = (
        Campaign.objects.for_organisation(organisation).select_related("questionnaire") if manages else []
    )
    to_answer = selectors.open_campaigns_for_agent(request.user)
    trusteeships = Trustee.objects.filter(user=request.user).select_related("campaign").order_by("-pk")
    return _page(
        request,
        "surveys/index.html",
        _("Baromètre et enquêtes"),
        [(_("Baromètre"), "")],
        manages=manages,
        campaigns=campaigns,
        to_answer=to_answer,
        trusteeships=trusteeships,
    )


@never_cache
@login_required
@require_GET
def questionnaire_list(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    questionnaires = Questionnaire.objects.for_organisation(organisation).prefetch_related("items")
    return _page(
        request,
        "surveys/questionnaire_list.html",
        _("Questionnaires"),
        _crumbs((_("Questionnaires"), "")),
        questionnaires=questionnaires,
    )


@login_required
@require_POST
def questionnaire_install(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    installed = services.questionnaire_install_templates(organisation=organisation)
    messages.success(request, _("%(n)s modèle(s) de questionnaire installé(s).") % {"n": len(installed)})
    return redirect("surveys:questionnaire_list")


@never_cache
@login_required
@require_GET
def questionnaire_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = perms.get_questionnaire_for_user(request, pk)
    blocks = blocks_of(questionnaire.items.order_by("position"))
    crumbs = _crumbs((_("Questionnaires"), reverse("surveys:questionnaire_list")), (str(questionnaire), ""))
    return _page(
        request,
        "surveys/questionnaire_detail.html",
        str(questionnaire),
        crumbs,
        questionnaire=questionnaire,
        blocks=blocks,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = perms.get_questionnaire_for_user(request, pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh, unannotated row: services ask the database whether the questionnaire is in use.
            services.questionnaire_update(questionnaire=Questionnaire.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:questionnaire_detail", pk=pk)
    crumbs = _crumbs(
        (str(questionnaire), reverse("surveys:questionnaire_detail", args=[pk])), (_("Modifier"), "")
    )
    return _page(
        request,
        "surveys/form.html",
        _("Modifier le questionnaire"),
        crumbs,
        form=form,
        in_use=questionnaire.is_in_use,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = perms.get_item_for_user(request, pk, item_pk)
    questionnaire = item.questionnaire
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=Item.objects.get(pk=item.pk), **form.cleaned_data)  # fresh, as above
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:questionnaire_detail", pk=pk)
    crumbs = _crumbs((str(questionnaire), reverse("surveys:questionnaire_detail", args=[pk])), (item.key, ""))
    return _page(
        request,
        "surveys/form.html",
        _("Modifier la question"),
        crumbs,
        form=form,
        in_use=questionnaire.is_in_use,
    )


@login_required
@require_POST
def questionnaire_copy(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = perms.get_questionnaire_for_user(request, pk)
    copy = services.questionnaire_copy(questionnaire=questionnaire)
    messages.success(request, _("Nouvelle version créée : %(q)s.") % {"q": copy})
    return redirect("surveys:questionnaire_detail", pk=copy.pk)


def _campaign_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in CAMPAIGN_FIELDS if name in data and data[name] not in (None, "")}


def _default_texts() -> dict[str, str]:
    """Texts sent or shown to staff default to the site's language, whatever language the programme lead reads."""
    fields = {field.name: field for field in Campaign._meta.concrete_fields}
    with translation.override(settings.LANGUAGE_CODE):
        return {
            name: str(fields[name].get_default())
            for name in ("invitation_subject", "invitation_message", "help_text")
        }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = CampaignForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                organisation=organisation,
                questionnaire=data["questionnaire"],
                units=list(data["units"]),
                by=request.user,
                **{**_default_texts(), **_campaign_kwargs(data)},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    return _page(
        request, "surveys/form.html", _("Nouvelle campagne"), _crumbs((_("Nouvelle campagne"), "")), form=form
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = perms.get_campaign_for_user(request, pk)
    form = CampaignForm(
        request.POST or None,
        organisation=campaign.organisation,
        locked=campaign.is_locked,
        initial=CampaignForm.initial_from(campaign),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(
                campaign=campaign,
                units=list(data["units"]),
                questionnaire=data["questionnaire"],
                **_campaign_kwargs(data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:campaign_detail", pk=pk)
    crumbs = _crumbs((campaign.title, reverse("surveys:campaign_detail", args=[pk])), (_("Modifier"), ""))
    return _page(request, "surveys/form.html", _("Modifier la campagne"), crumbs, form=form)


@never_cache
@login_required
@require_GET
def campaign_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = perms.get_campaign_for_user(request, pk)
    counts = {
        "invited": campaign.invitations.count(),
        "failed": campaign.invitations.filter(email_status="failed").count(),
        "no_email": campaign.invitations.filter(email_status="no_email").count(),
    }
    waiting = campaign.status == CampaignStatus.OPEN and campaign.invitations_queued_on is None
    return _page(
        request,
        "surveys/campaign_detail.html",
        campaign.title,
        _crumbs((campaign.title, "")),
        campaign=campaign,
        counts=counts,
        can_publish=perms.can_publish(request.user, campaign),
        box=box_status(campaign),
        attributes=[str(REPORTING_ATTRIBUTES.get(a, a)) for a in campaign.reporting_attributes],
        invitations_waiting=waiting and campaign.invitations.filter(email_status="pending").exists(),
        results_built_on=services.results_built_on(campaign),
        pending_comments=services.pending_comments(campaign).count(),
    )


TRANSITIONS: dict[str, dict[str, Any]] = {
    "open": {"status": "draft", "title": gettext_lazy("Ouvrir la campagne")},
    "remind": {"status": "open", "title": gettext_lazy("Relancer les non-répondants")},
    "close": {"status": "open", "title": gettext_lazy("Clore la campagne")},
    "publish": {"status": "closed", "title": gettext_lazy("Publier les résultats")},
}


def _consequences(campaign: Campaign, action: str) -> tuple[list[str], int]:
    """What the step will do, in plain words for the confirmation page; and the pending comments (publish)."""
    today = timezone.localdate()
    facts: list[str] = []
    pending = 0
    if action == "open":
        emails = list(services.campaign_population(campaign).values_list("email", flat=True))
        with_address = sum(1 for email in emails if email)
        facts.append(
            _("%(n)s invitation(s) seront envoyées par e-mail aux personnes qui ont une adresse.")
            % {"n": with_address}
        )
        facts.append(
            _(
                "%(m)s personne(s) n'ont pas d'adresse e-mail : imprimez pour elles des codes papier "
                "(« Codes papier » sur la page de la campagne)."
            )
            % {"m": len(emails) - with_address}
        )
        if campaign.opens_on > today:
            facts.append(
                _(
                    "La date d'ouverture est le %(d)s : les invitations sont créées maintenant mais les e-mails "
                    "ne partiront que ce jour-là."
                )
                % {"d": campaign.opens_on.strftime("%d/%m/%Y")}
            )
        facts.append(
            _(
                "L'urne est scellée : la population, les attributs, la date d'ouverture et les seuils "
                "d'anonymat ne pourront plus être modifiés."
            )
        )
        box = box_status(campaign)
        if not box["ready_to_open"]:
            facts.append(
                _(
                    "Impossible pour l'instant : il faut au moins %(min)s dépositaires des clés, chacun·e avec sa "
                    "clé personnelle (%(ready)s clé(s) créée(s) sur %(n)s dépositaire(s))."
                )
                % {"min": MIN_TRUSTEES, "ready": box["keys_ready"], "n": len(box["trustees"])}
            )
        else:
            facts.append(
                _(
                    "Les réponses ne pourront être lues qu'après la clôture, quand %(q)s des %(n)s dépositaires "
                    "auront déposé leur clé ; si plus de %(lost)s clé(s) sont perdues, les réponses le sont aussi."
                )
                % {
                    "q": box["quorum"],
                    "n": len(box["trustees"]),
                    "lost": len(box["trustees"]) - box["quorum"],
                }
            )
    elif action == "remind":
        facts.append(
            _(
                "%(n)s non-répondant(s) recevront un e-mail de relance (sauf celles et ceux qui les ont refusées)."
            )
            % {"n": services.reminder_recipients(campaign).count()}
        )
    elif action == "close":
        invited = campaign.invitations.count()
        if campaign.closes_on > today:
            facts.append(
                _("La date de clôture prévue est le %(d)s : vous clôturez la campagne en avance.")
                % {"d": campaign.closes_on.strftime("%d/%m/%Y")}
            )
        facts.append(
            _(
                "Les %(n)s personnes invitées ne pourront plus répondre ; les réponses en cours non envoyées "
                "sont supprimées."
            )
            % {"n": invited}
        )
        facts.append(
            _(
                "L'urne attend ensuite que %(q)s dépositaires des clés sur %(t)s déposent leur clé pour le "
                "dépouillement."
            )
            % {"q": campaign.quorum, "t": campaign.trustees.count()}
        )
    elif action == "publish":
        built = services.results_built_on(campaign)
        if built:
            facts.append(_("Résultats calculés le %(d)s.") % {"d": built.strftime("%d/%m/%Y")})
        facts.append(
            _(
                "Les résultats deviennent visibles des encadrant·es (pour leurs unités) et des "
                "représentant·es du personnel (au niveau de l'organisation)."
            )
        )
        pending = services.pending_comments(campaign).count()
    return facts, pending


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def _transition(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: what the step will do; POST with ``confirm``: do it. Opening, reminding, closing and publishing
    cannot be undone, so none happens in one click."""
    campaign = perms.get_campaign_for_user(request, pk, need="publish" if action == "publish" else "manage")
    spec = TRANSITIONS[action]
    if campaign.status != spec["status"]:
        messages.error(request, _("Cette étape n'est pas possible dans l'état actuel de la campagne."))
        return redirect("surveys:campaign_detail", pk=pk)
    facts, pending = _consequences(campaign, action)
    form = CampaignStepForm(request.POST if request.method == "POST" else None, pending=pending)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "open":
                job = services.campaign_open(campaign=campaign, by=request.user)
                if job is not None:
                    return redirect("core:job", job_id=job.pk)
                messages.success(
                    request,
                    _("La campagne est ouverte. Les invitations partiront par e-mail le %(d)s.")
                    % {"d": campaign.opens_on.strftime("%d/%m/%Y")},
                )
            if action == "remind":
                job = services.campaign_remind(campaign=campaign, by=request.user)
                return redirect("core:job", job_id=job.pk)
            if action == "close":
                services.campaign_close(campaign=campaign, by=request.user)
                messages.success(request, _("La campagne est close."))
            if action == "publish":
                services.campaign_publish(
                    campaign=campaign,
                    by=request.user,
                    set_aside_pending=form.cleaned_data.get("set_aside", False),
                )
                messages.success(request, _("Les résultats sont publiés."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:campaign_detail", pk=pk)
    crumbs = _crumbs(
        (campaign.title, reverse("surveys:campaign_detail", args=[pk])), (str(spec["title"]), "")
    )
    return _page(
        request,
        "surveys/campaign_confirm.html",
        str(spec["title"]),
        crumbs,
        campaign=campaign,
        action=action,
        facts=facts,
        form=form,
    )


def campaign_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "open")


def campaign_remind(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "remind")


def campaign_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "close")


def campaign_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "publish")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_preview(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = perms.get_campaign_for_user(request, pk)
    if campaign.status != CampaignStatus.DRAFT:
        messages.error(request, _("Le mode test n'est proposé qu'avant l'ouverture de la campagne."))
        return redirect("surveys:campaign_detail", pk=pk)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return preview_page(request, campaign, number, list(campaign.questionnaire.items.order_by("position")))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def paper_codes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Printable sheet of single-use codes for one site. Codes are shown once: only hashes are stored."""
    campaign = perms.get_campaign_for_user(request, pk)
    form = PaperCodesForm(request.POST or None, organisation=campaign.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.paper_codes_create(
                campaign=campaign, unit=form.cleaned_data["unit"], count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            base = f"{settings.SITE_URL}/barometre/repondre/"
            sheets = [
                {
                    "code": crypto.format_token(c),
                    "qr": segno.make(f"{base}#{crypto.format_token(c)}", error="m").svg_data_uri(scale=3),
                }
                for c in codes
            ]
            return render(
                request,
                "surveys/paper_sheet.html",
                {
                    "campaign": campaign,
                    "unit": form.cleaned_data["unit"],
                    "sheets": sheets,
                    "url": base,
                    "title": _("Codes papier"),
                },
            )
    crumbs = _crumbs((campaign.title, reverse("surveys:campaign_detail", args=[pk])), (_("Codes papier"), ""))
    return _page(request, "surveys/paper_codes.html", _("Codes papier"), crumbs, form=form, campaign=campaign)
