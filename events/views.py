"""Event pages: list, detail with registration, organiser's form and attendance list, calendars, signed links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthedHttpRequest
from events import perms, selectors, services
from events.forms import AttendanceForm, ConfirmForm, EventForm, SatisfactionForm
from events.models import Audience, Event, RegistrationStatus
from organisations.models import Network, Organisation
from organisations.tenancy import current_organisation

ICS = "text/calendar; charset=utf-8"


def _event_or_login(request: HttpRequest, pk: int, need: perms.Need = "view") -> Event | HttpResponse:
    """The permission-checked event; a signed-out visitor is sent to sign in rather than told it does not exist."""
    try:
        return perms.get_event_for_user(request, pk, need=need)
    except Http404:
        if request.user.is_authenticated:
            raise
        return redirect_to_login(request.get_full_path())


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    events = selectors.events_visible_to(request.user).upcoming()
    organisation = current_organisation(request)
    creatable = organisation if organisation and perms.can_create_in(request.user, organisation) else None
    context = {
        "events": events,
        "creatable": creatable,
        "title": _("Événements et webinaires"),
        "breadcrumbs": [(_("Événements"), "")],
    }
    return render(request, "events/index.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_login(request, pk)
    if isinstance(event, HttpResponse):
        return event
    registration = selectors.registration_of(request.user, event)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    context = {
        "event": event,
        "registration": registration,
        "confirmed": confirmed,
        "position": selectors.waiting_position(registration) if registration and not confirmed else None,
        "cancel_url": reverse("events:cancel", args=[services.cancel_token(registration)])
        if registration
        else "",
        "ticket": services.ticket_svg(registration, _("Code QR de votre billet"))
        if confirmed and registration
        else "",
        "open": services.registration_open(event),
        "organiser": perms.can_manage_event(request.user, event),
        "figures": selectors.event_figures(event),
        "satisfaction": selectors.satisfaction_results(event),
        "can_send_satisfaction": services.satisfaction_can_send(event),
        "title": event.title,
        "breadcrumbs": [(_("Événements"), reverse("events:index")), (event.title, "")],
    }
    return render(request, "events/detail.html", context)


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("events:detail", args=[pk]))
    event = perms.get_event_for_user(request, pk)
    try:
        registration = services.register(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:detail", pk)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("Votre inscription est confirmée. Un e-mail vous a été envoyé."))
    else:
        messages.info(
            request,
            _("L'événement est complet : vous êtes sur la liste d'attente. Un e-mail vous a été envoyé."),
        )
    return redirect("events:detail", pk)


def _audiences(request: HttpRequest, organisation: Organisation, networks: list[Network]) -> list[str]:
    from accounts import perms as account_perms

    audiences: list[str] = []
    if account_perms.can_manage_organisation(request.user, organisation):
        audiences += [Audience.ORGANISATION, Audience.PUBLIC]
    if networks:
        audiences.append(Audience.NETWORK)
    return audiences


def _edit(request: HttpRequest, event: Event, organisation: Organisation, title: str) -> HttpResponse:
    creating = event.pk is None
    old_capacity = event.capacity if not creating else 0
    networks = perms.networks_for_organiser(request.user, organisation)
    if event.network is not None and event.network not in networks:
        networks.append(event.network)  # its organisers keep the network it was published for
    form = EventForm(
        request.POST or None,
        instance=event,
        audiences=_audiences(request, organisation, networks),
        networks=networks,
    )
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.organiser = organisation
        event.network = form.cleaned_data.get("network") if event.audience == Audience.NETWORK else None
        try:
            services.event_save(event=event, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not creating and event.capacity > old_capacity:
                services.capacity_changed(event=event)
            messages.success(request, _("Événement enregistré."))
            return redirect("events:detail", event.pk)
    context = {
        "form": form,
        "organisation": organisation,
        "title": title,
        "breadcrumbs": [(_("Événements"), reverse("events:index")), (title, "")],
    }
    return render(request, "events/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    organisation = perms.get_organisation_for_organiser(request, slug)
    return _edit(request, Event(organiser=organisation), organisation, _("Nouvel événement"))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for_user(request, pk, need="manage")
    return _edit(request, event, event.organiser, _("Modifier l'événement"))


@login_required
@require_http_methods(["GET", "POST"])
def registrations(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser's list: confirmed registrants with a checkbox each (attendance), then the waiting list."""
    event = perms.get_event_for_user(request, pk, need="manage")
    confirmed = list(selectors.confirmed(event))
    form = AttendanceForm(
        request.POST or None,
        initial={"present": [r.pk for r in confirmed if r.attended]},
        choices=[(r.pk, f"{r.name} ({r.email})") for r in confirmed],
    )
    if request.method == "POST" and form.is_valid():
        count = services.attendance_set(event=event, present_ids=set(form.cleaned_data["present"]))
        messages.success(request, _("Présences enregistrées : %(n)s personnes présentes.") % {"n": count})
        return redirect("events:registrations", pk)
    context = {
        "event": event,
        "form": form,
        "waiting": selectors.waiting_list(event),
        "figures": selectors.event_figures(event),
        "title": _("Inscriptions et présences"),
        "breadcrumbs": [
            (_("Événements"), reverse("events:index")),
            (event.title, reverse("events:detail", args=[pk])),
            (_("Inscriptions et présences"), ""),
        ],
    }
    return render(request, "events/registrations.html", context, status=400 if form.errors else 200)


@require_GET
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_login(request, pk)
    if isinstance(event, HttpResponse):
        return event
    return _ics(services.calendar_ics([event], event.title), f"evenement-{event.pk}.ics")


@require_GET
def network_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """A network's calendar: the network's events the reader may see (public ones for a calendar app)."""
    network = perms.get_network_for_user(request, pk)
    events = list(selectors.network_events(request.user, network))
    return _ics(services.calendar_ics(events, network.name), f"reseau-{network.pk}.ics")


@require_GET
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    events = list(selectors.organisation_events(request.user, organisation))
    return _ics(services.calendar_ics(events, organisation.name), f"{organisation.slug}.ics")


# The signed link is the credential: it works without signing in. A GET only shows the confirmation (mail
# scanners follow links); the POST cancels.
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_cancel_token(token)
    if registration is None:
        return render(request, "events/link_invalid.html", {"title": _("Lien non valide")}, status=400)
    context = {
        "registration": registration,
        "event": registration.event,
        "title": _("Annuler mon inscription"),
    }
    if registration.status == RegistrationStatus.CANCELLED:
        return render(request, "events/cancel_done.html", context)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.registration_cancel(registration=registration)
        return render(request, "events/cancel_done.html", context)
    return render(request, "events/cancel.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The door: the organiser scans the registrant's QR code, sees the name and marks the person present."""
    registration = services.registration_from_checkin_token(token)
    if registration is None:
        return render(request, "events/link_invalid.html", {"title": _("Lien non valide")}, status=400)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    perms.get_registration_for_checkin(request, registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "title": _("Accueil des participants"),
    }
    if request.method == "POST":
        try:
            services.checkin(registration=registration)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "events/checkin.html", context, status=400)
        messages.success(request, _("%(name)s est marqué·e présent·e.") % {"name": registration.name})
        return redirect("events:registrations", registration.event_id)
    return render(request, "events/checkin.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def satisfaction_send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser sends the satisfaction questionnaire to the attendees: after the event, once, confirmed."""
    event = perms.get_event_for_user(request, pk, need="manage")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.satisfaction_send_queue(event=event)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Le questionnaire part par e-mail aux personnes présentes."))
        return redirect("events:detail", pk)
    context = {
        "event": event,
        "form": form,
        "attended": selectors.event_figures(event)["attended"],
        "title": _("Envoyer le questionnaire de satisfaction"),
        "breadcrumbs": [
            (_("Événements"), reverse("events:index")),
            (event.title, reverse("events:detail", args=[pk])),
            (_("Questionnaire de satisfaction"), ""),
        ],
    }
    return render(request, "events/satisfaction_send.html", context, status=400 if form.errors else 200)


# The single-use link is the credential: no sign-in, and nothing about the person is read or stored.
@require_http_methods(["GET", "POST"])
def satisfaction_answer(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    event = Event.objects.filter(pk=pk).first()
    invalid = {"title": _("Lien non valide")}
    if event is None or not services.satisfaction_token_valid(event=event, token=token):
        return render(request, "events/satisfaction_invalid.html", invalid, status=400)
    form = SatisfactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.satisfaction_answer(event=event, token=token, answers=form.cleaned_data):
            return render(request, "events/satisfaction_invalid.html", invalid, status=400)
        return render(request, "events/satisfaction_done.html", {"title": _("Merci pour vos réponses")})
    context = {"event": event, "form": form, "title": _("Votre avis sur l'événement")}
    return render(request, "events/satisfaction_answer.html", context, status=400 if form.errors else 200)
