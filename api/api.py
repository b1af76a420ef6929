"""The JSON API (django-ninja): plans for everyone who may read them, progress updates for action leads.

Visibility follows the web pages exactly (``plans.selectors.plans_visible_to``) but an object the caller may
not read always answers 404, never 403, so that its existence does not leak.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate

from api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI
from api.errors import french_errors
from api.reviews import router as reviews_router
from api.schemas import (
    MAX_ID,
    MAX_PAGE,
    ActionUpdateIn,
    ActionUpdateOut,
    ErrorOut,
    IndicatorOut,
    PlanDetailOut,
    PlanDiffOut,
    PlanOut,
    PlanVersionOut,
    ProgrammeDetailOut,
    ProgrammeOut,
    RegisterVersionDetailOut,
    RegisterVersionOut,
    StoryDetailOut,
    StoryOut,
    ValidationErrorOut,
)
from events import selectors as event_selectors
from indicators import perms as indicator_perms
from indicators import selectors as indicator_selectors
from plans import perms as plan_perms
from plans.selectors import (
    action_for_update,
    diff_as_dict,
    plan_differences,
    plan_versions,
    plan_with_tree_visible_to,
    plans_visible_to,
)
from plans.services import action_update_post
from practices.selectors import stories_visible_to
from prevention import selectors as prevention

api = NinjaAPI(
    title="Qualivie API",
    version="1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=AUTHENTICATED,
    urls_namespace="api",
    description=_(
        "Plans d'action QVT et points d'avancement. Authentification par jeton personnel "
        "(« Authorization: Bearer qv_… ») ou par la session du navigateur (avec l'en-tête X-CSRFToken)."
    ),
)


# Answers every operation may give: a credential that fails (401; endpoints open to visitors too, when one is
# sent) and input that does not match the schema (422: types, bounds).
COMMON: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut}

ID = Path(..., ge=1, le=MAX_ID, description="Identifiant.")


class Pagination(PageNumberPagination):
    """Django-ninja's page numbers, bounded: a page beyond ``MAX_PAGE`` is 422, never a database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Numéro de page, à partir de 1.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE, description="Taille de page (au plus 100, la valeur par défaut)."
        )


def _detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": french_errors(exc.errors)}, status=422)


@api.exception_handler(DjangoValidationError)
def on_refused_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": msg, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for msg in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": msg, "type": "value_error"} for msg in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _detail(request, _("Authentification requise : jeton invalide, révoqué ou absent."), 401)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, str(exc) or _("Vous n'avez pas le droit de faire cela."), 403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, _("Introuvable."), 404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        message = _("Vérification CSRF échouée : envoyez l'en-tête X-CSRFToken avec la session.")
    elif exc.status_code == 400 and message == "Cannot parse request body":
        message = _("Le corps de la requête n'est pas un JSON valide.")
    return _detail(request, message, exc.status_code)


api.add_router("/", reviews_router)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@api.get(
    "/plans/",
    response={200: list[PlanOut], **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["plans"],
    summary="Plans visibles",
)
@paginate(Pagination, page_size=settings.QUALIVIE_API_PAGE_SIZE)
def plan_list(request: HttpRequest) -> Any:
    """Public plans for everyone; staff plans for members of their organisation; drafts for its steering team."""
    return (
        plans_visible_to(_user(request))
        .select_related("organisation")
        .order_by("organisation__name", "-first_school_year", "-version", "pk")
    )


@api.get(
    "/plans/{id}/",
    response={200: PlanDetailOut, 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["plans"],
    summary="Un plan, ses axes, ses actions et ses thématiques",
)
def plan_detail(request: HttpRequest, id: int = ID) -> Any:
    plan = plan_with_tree_visible_to(_user(request), id)
    if plan is None:
        raise Http404
    return plan


def _visible_plan(request: HttpRequest, pk: int) -> Any:
    plan = plans_visible_to(_user(request)).select_related("organisation").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


@api.get(
    "/plans/{id}/versions/",
    response={200: list[PlanVersionOut], 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["plans"],
    summary="Les versions d'un plan",
)
def plan_version_list(request: HttpRequest, id: int = ID) -> Any:
    """Every version of the plan the caller may read, oldest first (a version « en révision » is private)."""
    return plan_versions(_user(request), _visible_plan(request, id))


@api.get(
    "/plans/{id}/differences/",
    response={200: PlanDiffOut, 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["plans"],
    summary="Différences entre deux versions d'un plan",
)
def plan_difference(
    request: HttpRequest,
    id: int = ID,
    other: int | None = Query(
        None, ge=1, le=MAX_ID, description="L'autre version (par défaut, la précédente ou la suivante)."
    ),
) -> Any:
    """Actions added, removed, merged, split and changed (word-level differences of their texts), with the reasons
    of the revision's changes. The caller must be able to read both versions; 404 otherwise."""
    plan = _visible_plan(request, id)
    if other is not None:
        second = _visible_plan(request, other)
        if second.lineage != plan.lineage or second.organisation_id != plan.organisation_id:
            raise Http404
    else:
        candidates = [p for p in plan_versions(_user(request), plan) if p.pk != plan.pk]
        second = next((p for p in candidates if p.pk == plan.previous_id), None) or next(
            (p for p in candidates if p.previous_id == plan.pk), None
        )
        if second is None:
            raise Http404
    return diff_as_dict(plan_differences(plan, second))


@api.get(
    "/plans/{id}/indicators/",
    response={200: list[IndicatorOut], 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["indicators"],
    summary="Indicateurs d'un plan, avec leurs valeurs et leurs cibles",
)
def plan_indicators(request: HttpRequest, id: int = ID) -> Any:
    """Validated and computed values only, oldest first; a figure the barometer does not show is
    ``"value": null`` with ``"suppressed": true``."""
    plan = plan_with_tree_visible_to(_user(request), id)
    if plan is None:
        raise Http404
    return indicator_selectors.plan_indicator_rows(plan)


@api.get(
    "/indicators/{id}/",
    response={200: IndicatorOut, 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["indicators"],
    summary="Un indicateur, ses valeurs et ses cibles",
)
def indicator_detail(request: HttpRequest, id: int = ID) -> Any:
    found = indicator_perms.indicator_visible_to(_user(request), id)
    if found is None:
        raise Http404
    indicator, plan, action = found
    if action is not None:
        rows = indicator_selectors.plan_indicator_rows(plan, action=action)
    else:
        rows = indicator_selectors.plan_indicator_rows(plan, axis_number=indicator.axis_number)
    return next(row for row in rows if row.indicator.pk == indicator.pk)


@api.post(
    "/actions/{id}/updates/",
    response={201: ActionUpdateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    tags=["actions"],
    summary="Publier un point d'avancement",
)
def action_update_create(request: HttpRequest, payload: ActionUpdateIn, id: int = ID) -> Any:
    """For the action's leads and the programme lead. « Réalisée » without a figure sets the progress to 100 %."""
    user = _user(request)
    action = action_for_update(id)
    if action is None or not plan_perms.can_view_plan(user, action.plan):
        raise Http404
    if not plan_perms.can_post_update(user, action):
        raise PermissionDenied(
            _("Seuls les chef·fes de projet de l'action et le·la pilote QVT publient son avancement.")
        )
    milestone = None
    if payload.milestone_id is not None:
        milestone = action.milestones.filter(pk=payload.milestone_id).first()
        if milestone is None:
            raise DjangoValidationError({"milestone_id": _("Ce jalon n'appartient pas à cette action.")})
    update = action_update_post(
        action=action,
        by=user,
        text=payload.text,
        status=payload.status.value if payload.status else None,
        progress=payload.progress,
        milestone=milestone,
    )
    return 201, update


@api.get(
    "/campaigns/{id}/results/",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut, **COMMON},
    tags=["results"],
    summary="Résultats d'une campagne pour une unité (au plus un filtre)",
)
def campaign_results(
    request: HttpRequest,
    id: int = ID,
    unit: int | None = Query(None, ge=1, le=MAX_ID, description="Unité (par défaut, la plus haute visible)."),
) -> Any:
    """``?unit=<id>&<attribute>=<value>``: the same figures as the results pages (``analytics.selectors.result_for``).
    A suppressed group is ``{"suppressed": true}`` with no number at all; 404 when the caller may not see it."""
    from analytics import selectors as results

    # the caller's access and the units are kept a few seconds per process (analytics.selectors._ACCESS)
    result_set, scope, preview = results.get_result_access_for_user(_user(request), id)
    target = results.get_unit_for_api(result_set, scope, unit)
    filters = [(key, value) for key, values in request.GET.lists() if key != "unit" for value in values]
    if len(filters) > 1:
        return 400, {"detail": _("Un seul filtre à la fois : combiner deux caractéristiques est refusé.")}
    attribute, value = filters[0] if filters else (None, None)
    try:
        encoded = results.result_json_for(
            result_set=result_set,
            unit=target,
            attribute=attribute,
            value=value,
            include_unpublished=preview,
        )
    except results.FilterError as error:
        return 400, {"detail": str(error)}
    # the figures are encoded once per process and result set (analytics.selectors): no re-validation here
    return HttpResponse(encoded, content_type="application/json; charset=utf-8")


# --- Events (issue 10): public ones for everyone, the others for their audience; the online link never ---


class EventOut(Schema):
    id: int
    kind: str = Field(description="webinar, workshop, annual ou qvt_week.")
    title: str
    description: str
    starts_at: datetime.datetime = Field(description="Début (ISO 8601 avec décalage).")
    ends_at: datetime.datetime
    place: str
    capacity: int
    registration_deadline: datetime.datetime
    audience: str = Field(description="organisation, network ou public.")
    organiser: str
    network: str | None
    registered: int = Field(description="Places confirmées.")
    waiting: int = Field(description="Personnes en liste d'attente.")

    @staticmethod
    def resolve_organiser(obj: Any) -> str:
        return str(obj.organiser.name)

    @staticmethod
    def resolve_network(obj: Any) -> str | None:
        return str(obj.network.name) if obj.network_id else None

    @staticmethod
    def resolve_registered(obj: Any) -> int:
        return int(event_selectors.event_figures(obj)["registered"])

    @staticmethod
    def resolve_waiting(obj: Any) -> int:
        return int(event_selectors.event_figures(obj)["waiting"])


@api.get(
    "/events/",
    response={200: list[EventOut], **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["events"],
    summary="Événements à venir visibles",
)
@paginate(Pagination, page_size=settings.QUALIVIE_API_PAGE_SIZE)
def event_list(request: HttpRequest) -> Any:
    """Public events for everyone, without authentication; organisation and network events for their audience."""
    return event_selectors.events_visible_to(_user(request)).upcoming().order_by("starts_at", "pk")


@api.get(
    "/events/{id}/",
    response={200: EventOut, 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["events"],
    summary="Un événement",
)
def event_detail(request: HttpRequest, id: int = ID) -> Any:
    event = event_selectors.event_visible_to(_user(request), id)
    if event is None:
        raise Http404
    return event


@api.get(
    "/prevention/register-versions/",
    response={200: list[RegisterVersionOut], **COMMON},
    tags=["prevention"],
    summary="Versions publiées du document unique (DUERP)",
)
@paginate(Pagination, page_size=settings.QUALIVIE_API_PAGE_SIZE)
def register_version_list(request: HttpRequest) -> Any:
    """Versions in force while the caller worked for each organisation (former staff included)."""
    return prevention.versions_readable_by(_user(request))


@api.get(
    "/prevention/register-versions/{id}/",
    response={200: RegisterVersionDetailOut, 404: ErrorOut, **COMMON},
    tags=["prevention"],
    summary="Une version publiée du document unique et ses lignes",
)
def register_version_detail(request: HttpRequest, id: int = ID) -> Any:
    version = prevention.version_readable_by(_user(request), id)
    if version is None:
        raise Http404
    return version


@api.get(
    "/prevention/programmes/",
    response={200: list[ProgrammeOut], **COMMON},
    tags=["prevention"],
    summary="Programmes annuels de prévention (PAPRIPACT) adoptés",
)
@paginate(Pagination, page_size=settings.QUALIVIE_API_PAGE_SIZE)
def programme_list(request: HttpRequest) -> Any:
    return prevention.programmes_adopted_for(_user(request))


@api.get(
    "/prevention/programmes/{id}/",
    response={200: ProgrammeDetailOut, 404: ErrorOut, **COMMON},
    tags=["prevention"],
    summary="Un programme adopté, l'avis de la F3SCT et ses mesures",
)
def programme_detail(request: HttpRequest, id: int = ID) -> Any:
    programme = prevention.programme_adopted_for(_user(request), id)
    if programme is None:
        raise Http404
    report = prevention.programme_report(programme)
    programme.measures = list(prevention.programme_measures(programme))  # type: ignore[attr-defined]
    programme.completion_rate = report["rate"]  # type: ignore[attr-defined]
    return programme


@api.get(
    "/stories/",
    response={200: list[StoryOut], **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["practices"],
    summary="Récits d'action publiés",
)
@paginate(Pagination, page_size=settings.QUALIVIE_API_PAGE_SIZE)
def story_list(request: HttpRequest) -> Any:
    """Public stories for everyone, without authentication; network stories for the network's members."""
    return stories_visible_to(_user(request)).order_by("-published_at", "pk")


@api.get(
    "/stories/{id}/",
    response={200: StoryDetailOut, 404: ErrorOut, **COMMON},
    auth=OPTIONAL,
    openapi_extra=OPTIONAL_OPENAPI,
    tags=["practices"],
    summary="Un récit d'action publié",
)
def story_detail(request: HttpRequest, id: int = ID) -> Any:
    story = stories_visible_to(_user(request)).filter(pk=id).first()
    if story is None:
        raise Http404
    return story
