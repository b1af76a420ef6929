"""Answering a survey. The personal code never travels in a URL, and never reaches the server-side session.

The e-mailed link is ``/barometre/repondre/#<code>``: the fragment stays in the browser; answer.js moves it
into the code form, clears it from the address bar and posts it. The code then lives only in the respondent's
browser, in a cookie scoped to the answering pages of one random key (``/barometre/repondre/s/<key>/``):
HttpOnly, SameSite=Strict, Secure over HTTPS, gone when the browser closes, deleted at submission
(docs/anonymity.md, « Sessions, cookies et journaux »). These views never write the session (no
``messages``), so a signed-in person's session row does not change when they answer. Every page is
``Cache-Control: no-store``.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from surveys import crypto, services
from surveys.answering import Block, blocks_of, check_answers, raw_from_post
from surveys.csrf import no_referrer, survey_csrf_protect
from surveys.forms import CodeForm
from surveys.models import NOT_CONCERNED, Campaign, CampaignStatus, Item, ItemKind

CODE_COOKIE = "qv_code"


def _code_path(key: str) -> str:
    return reverse("surveys:answer_intro", args=[key])


def _remember(request: HttpRequest, response: HttpResponse, key: str, token: str) -> HttpResponse:
    """The code goes back to the browser only, for the pages of this key (never into the session)."""
    response.set_cookie(
        CODE_COOKIE,
        crypto.cookie_cipher().encrypt_at_time(token.encode(), current_time=0).decode(),
        path=_code_path(key),
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _token(request: HttpRequest) -> str | None:
    blob = request.COOKIES.get(CODE_COOKIE)
    if not blob:
        return None
    try:
        return crypto.cookie_cipher().decrypt(blob.encode()).decode()
    except (crypto.InvalidToken, UnicodeError):
        return None


def _forget(response: HttpResponse, key: str) -> HttpResponse:
    response.delete_cookie(CODE_COOKIE, path=_code_path(key), samesite="Strict")
    return response


def questions_of(block: Block, raw: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    """What the page template needs for each item: options with their checked state, value, error."""
    rows = []
    for item in block.items:
        value = raw.get(item.key, [] if item.kind == ItemKind.MULTIPLE else "")
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        options = [(v, label, v in chosen, v == str(NOT_CONCERNED)) for v, label in item.options]
        rows.append({"item": item, "value": value, "error": errors.get(item.key), "options": options})
    return rows


# One-shot notices carried across a redirect in a tiny cookie of their own (a fixed word, never a code):
# django.contrib.messages may fall back to the session, which these pages must never write.
NOTICE_COOKIE = "qv_notice"
NOTICE_PATH = "/barometre/"


def _with_notice(request: HttpRequest, response: HttpResponse, notice: str) -> HttpResponse:
    response.set_cookie(
        NOTICE_COOKIE,
        notice,
        max_age=60,
        path=NOTICE_PATH,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _notice(request: HttpRequest, wanted: str) -> bool:
    return request.COOKIES.get(NOTICE_COOKIE) == wanted


def _shown(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if NOTICE_COOKIE in request.COOKIES:
        response.delete_cookie(NOTICE_COOKIE, path=NOTICE_PATH, samesite="Lax")
    return response


def _landing(
    request: HttpRequest,
    form: CodeForm,
    error: str | None = None,
    status: int = 200,
    notice: str | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "notice": notice,
        "title": _("Répondre à une enquête"),
        "breadcrumbs": [(_("Répondre"), "")],
    }
    return render(request, "surveys/answer_landing.html", context, status=status)


@never_cache
@no_referrer
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    notice = None
    if _notice(request, "expired"):
        notice = _(
            "Votre session a expiré. Rouvrez le lien reçu par e-mail ou saisissez à nouveau votre code."
        )
    return _shown(request, _landing(request, CodeForm(), notice=notice))


@survey_csrf_protect
@never_cache
@no_referrer
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _landing(request, form, status=400)
    token = crypto.normalise_token(form.cleaned_data["code"])
    try:
        services.answer_start(token=token)
    except services.SubmissionRefused as refusal:
        return _landing(request, form, refusal.message, status=403)
    key = secrets.token_urlsafe(12)
    return _remember(request, redirect("surveys:answer_intro", key=key), key, token)


def _session_lost(request: HttpRequest) -> HttpResponse:
    return _with_notice(request, redirect("surveys:answer"), "expired")


@never_cache
@no_referrer
@require_GET
def intro(request: HttpRequest, key: str) -> HttpResponse:
    token = _token(request)
    if token is None:
        return _session_lost(request)
    try:
        campaign = services.answer_start(token=token)
    except services.SubmissionRefused as refusal:
        return _landing(request, CodeForm(), refusal.message, status=403)
    has_draft = bool(services.draft_load(token=token))
    context = {"campaign": campaign, "key": key, "has_draft": has_draft, "title": campaign.title}
    return render(request, "surveys/answer_intro.html", context)


def _render_page(
    request: HttpRequest,
    *,
    campaign: Campaign,
    blocks: list[Block],
    number: int,
    raw: dict[str, Any],
    errors: dict[str, str],
    key: str | None,
    preview: bool = False,
    saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    block = blocks[number - 1]
    context = {
        "campaign": campaign,
        "current_block": block,
        "blocks": blocks,
        "number": number,
        "last": number == len(blocks),
        "questions": questions_of(block, raw, errors),
        "errors": errors,
        "key": key,
        "preview": preview,
        "saved": saved,
        "title": f"{campaign.title} — {block.title}",
    }
    return render(request, "surveys/answer_page.html", context, status=status)


@survey_csrf_protect
@never_cache
@no_referrer
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, key: str, number: int) -> HttpResponse:
    token = _token(request)
    if token is None:
        return _session_lost(request)
    try:
        campaign = services.answer_start(token=token)
    except services.SubmissionRefused as refusal:
        return _landing(request, CodeForm(), refusal.message, status=403)
    blocks = blocks_of(services.questionnaire_items(campaign.questionnaire_id))
    number = max(1, min(number, len(blocks)))
    raw = services.draft_load(token=token)
    if request.method == "GET":
        return _render_page(
            request, campaign=campaign, blocks=blocks, number=number, raw=raw, errors={}, key=key
        )
    block = blocks[number - 1]
    raw.update(raw_from_post(block.items, request.POST))
    services.draft_save(campaign=campaign, token=token, raw=raw)
    action = request.POST.get("action", "next")
    if action == "save":
        return _render_page(
            request, campaign=campaign, blocks=blocks, number=number, raw=raw, errors={}, key=key, saved=True
        )
    if action == "previous":
        return redirect("surveys:answer_page", key=key, number=max(1, number - 1))
    _clean, errors = check_answers(block.items, raw)
    if errors:
        return _render_page(
            request,
            campaign=campaign,
            blocks=blocks,
            number=number,
            raw=raw,
            errors=errors,
            key=key,
            status=400,
        )
    if number < len(blocks):
        return redirect("surveys:answer_page", key=key, number=number + 1)
    return _submit(request, campaign=campaign, blocks=blocks, raw=raw, key=key, token=token)


def _submit(
    request: HttpRequest,
    *,
    campaign: Campaign,
    blocks: list[Block],
    raw: dict[str, Any],
    key: str,
    token: str,
) -> HttpResponse:
    try:
        services.response_submit(token=token, raw=raw)
    except services.AnswerErrors as invalid:
        first = next(b for b in blocks if any(i.key in invalid.errors for i in b.items))
        return _render_page(
            request,
            campaign=campaign,
            blocks=blocks,
            number=first.number,
            raw=raw,
            errors=invalid.errors,
            key=key,
            status=400,
        )
    except services.SubmissionRefused as refusal:
        return _landing(request, CodeForm(), refusal.message, status=403)
    return _forget(redirect("surveys:answer_done", campaign_id=campaign.pk), key)


@never_cache
@no_referrer
@require_GET
def done(request: HttpRequest, campaign_id: int) -> HttpResponse:
    # Drafts are nobody's business: only a campaign that has been opened has a thank-you page.
    campaign = get_object_or_404(Campaign.objects.exclude(status=CampaignStatus.DRAFT), pk=campaign_id)
    return render(
        request,
        "surveys/answer_done.html",
        {"campaign": campaign, "title": _("Merci de votre participation")},
    )


@survey_csrf_protect
@never_cache
@no_referrer
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest) -> HttpResponse:
    """« Ne plus recevoir de relance »: same answer whether or not the code exists."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_opt_out(token=form.cleaned_data["code"])
        return _with_notice(request, redirect("surveys:opt_out"), "opted_out")
    notice = None
    if _notice(request, "opted_out"):
        notice = _("C'est noté : vous ne recevrez plus de relance pour cette enquête.")
    context = {"form": form, "notice": notice, "title": _("Ne plus recevoir de relance")}
    return _shown(request, render(request, "surveys/opt_out.html", context))


@csrf_exempt
@never_cache
@no_referrer
@require_POST
def api_submit(request: HttpRequest) -> JsonResponse:
    """JSON submission for scripts and the load benchmark: ``{"token": …, "answers": {item_key: value}}``."""
    try:
        body = json.loads(request.body or b"{}")
        token, answers = str(body["token"]), dict(body.get("answers") or {})
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": _("Requête illisible : JSON attendu avec « token » et « answers ».")}, status=400
        )
    try:
        services.response_submit(token=token, raw=answers)
    except services.AnswerErrors as invalid:
        return JsonResponse({"error": str(invalid), "errors": invalid.errors}, status=400)
    except services.SubmissionRefused as refusal:
        return JsonResponse({"error": refusal.message}, status=409)
    return JsonResponse({"status": "ok"}, status=201)


def preview_page(request: HttpRequest, campaign: Campaign, number: int, items: list[Item]) -> HttpResponse:
    """Test mode: the questionnaire as a respondent sees it; checks answers, stores nothing anywhere."""
    blocks = blocks_of(items)
    number = max(1, min(number, len(blocks)))
    if request.method == "GET":
        return _render_page(
            request,
            campaign=campaign,
            blocks=blocks,
            number=number,
            raw={},
            errors={},
            key=None,
            preview=True,
        )
    block = blocks[number - 1]
    raw = raw_from_post(block.items, request.POST)
    _clean, errors = check_answers(block.items, raw)
    if errors:
        return _render_page(
            request,
            campaign=campaign,
            blocks=blocks,
            number=number,
            raw=raw,
            errors=errors,
            key=None,
            preview=True,
            status=400,
        )
    if number < len(blocks):
        return redirect(reverse("surveys:campaign_preview", args=[campaign.pk]) + f"?page={number + 1}")
    messages.info(request, _("Mode test : fin du questionnaire. Aucune réponse n'a été enregistrée."))
    return redirect("surveys:campaign_detail", pk=campaign.pk)
