"""The site shell: home page, legal pages, background job pages, health check (URL names core:…)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import perms
from accounts.models import Role
from core.http import AuthedHttpRequest
from core.models import Job
from organisations.models import Organisation
from organisations.tenancy import current_organisation
from plans.selectors import current_plan_of, plans_visible_to
from prevention.selectors import keeper_home, pending_reassessments

STEERING_HOME_ROLES = {Role.PROGRAMME_LEAD, Role.ADMIN}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everyone's home; a programme lead (or administrator) sees the dashboard of the current plan first."""
    organisation = current_organisation(request)
    plans = plans_visible_to(request.user).select_related("organisation")[:10]
    roles = perms.roles_in(request.user, organisation) if organisation else set()
    steering_plan = current_plan_of(organisation) if organisation and roles & STEERING_HOME_ROLES else None
    context = {
        "plans": plans,
        "roles": roles,
        "steering_plan": steering_plan,
        "reassessments": pending_reassessments(request.user)[:10],
        "prevention": keeper_home(request.user, organisation),
        "title": _("Accueil"),
    }
    return render(request, "portal/home.html", context)


def _legal_page(request: HttpRequest, slug: str, template: str, title: str, crumb: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request, template, {"organisation": organisation, "title": title, "breadcrumbs": [(crumb, "")]}
    )


@require_GET
def legal_notice(request: HttpRequest, slug: str) -> HttpResponse:
    return _legal_page(
        request, slug, "portal/legal_notice.html", _("Mentions légales"), _("Mentions légales")
    )


@require_GET
def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    title = _("Données personnelles")
    return _legal_page(request, slug, "portal/privacy_notice.html", title, title)


@require_GET
def accessibility_statement(request: HttpRequest, slug: str) -> HttpResponse:
    return _legal_page(
        request, slug, "portal/accessibility.html", _("Déclaration d'accessibilité"), _("Accessibilité")
    )


def get_job_for_user(request: HttpRequest, job_id: UUID) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not (
        job.organisation and perms.can_manage_organisation(request.user, job.organisation)
    ):
        raise Http404
    return job


@login_required
@require_GET
def job_progress(request: AuthedHttpRequest, job_id: UUID) -> HttpResponse:
    """A background job's progress: full page, or the htmx fragment that polls itself until the job ends."""
    job = get_job_for_user(request, job_id)
    template = "core/_job_progress.html" if request.htmx else "portal/job.html"
    return render(request, template, {"job": job, "title": job.label, "breadcrumbs": [(job.label, "")]})


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
