"""Writes of the events app: events, registrations with a first-come waiting list, attendance, e-mails, calendar
files, reminders and the purge of registrants' personal data.

Registering and cancelling lock the event's row (``select_for_update``) inside one transaction, so that two
registrations or two cancellations at once never give more confirmed places than the capacity. E-mails are sent
by background jobs queued on commit by their task path (services never import tasks). Every e-mail carries the
registration's signed cancel link, which works without signing in.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import random
import secrets
import smtplib
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import segno
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit
from core.models import Job, JobStatus
from events.models import Event, Registration, RegistrationStatus, SatisfactionAnswer, SatisfactionToken

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
CANCEL_SALT = "events.cancel"
CHECKIN_SALT = "events.checkin"
REMINDER_BEFORE = datetime.timedelta(days=2)
EMAIL_KINDS = ("confirmed", "waiting", "promoted", "reminder")


# --- Events ---


def event_save(*, event: Event, by: Any) -> Event:
    """Create or edit an event (the form has checked the fields; the model's checks run again here)."""
    if event.pk is None:
        event.created_by = by
    if event.audience != "network":
        event.network = None
    event.full_clean()
    event.save()
    return event


# --- Registrations ---


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def registration_open(event: Event, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.purged_at is None and now < event.registration_deadline and now < event.starts_at


def register(*, event: Event, user: Any, now: datetime.datetime | None = None) -> Registration:
    """Register a signed-in person: a confirmed place while there is one, else the end of the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(event)
        if not registration_open(event, now):
            raise ValidationError(_("Les inscriptions à cet événement sont closes."))
        existing = event.registrations.filter(email__iexact=user.email).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
        status = (
            RegistrationStatus.CONFIRMED
            if _confirmed_count(event) < event.capacity
            else RegistrationStatus.WAITING
        )
        registration = existing or Registration(event=event, email=user.email)
        registration.user = user
        registration.name = user.get_full_name() or user.email
        registration.status, registration.queued_at = status, now
        registration.cancelled_at = registration.promoted_at = None
        registration.save()
        _queue_email(registration, "confirmed" if status == RegistrationStatus.CONFIRMED else "waiting")
    return registration


def registration_cancel(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration | None:
    """Cancel a registration; a freed place goes to the first person of the waiting list, who is e-mailed.

    Returns the promoted registration, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        return _promote(event, now)


def _promote(event: Event, now: datetime.datetime) -> Registration | None:
    """Fill free places from the waiting list, first come first served (the event's row is locked)."""
    promoted = None
    if now >= event.starts_at:
        return None
    free = event.capacity - _confirmed_count(event)
    waiting = list(
        event.registrations.filter(status=RegistrationStatus.WAITING).order_by("queued_at", "pk")[
            : max(free, 0)
        ]
    )
    for registration in waiting:
        registration.status, registration.promoted_at = RegistrationStatus.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at"])
        _queue_email(registration, "promoted")
        promoted = promoted or registration
    return promoted


def capacity_changed(*, event: Event) -> None:
    """After an edit that raised the capacity: promote from the waiting list."""
    with transaction.atomic():
        _promote(_locked(event), timezone.now())


def attendance_set(*, event: Event, present_ids: set[int]) -> int:
    """The organiser's list: exactly the checked confirmed registrations are marked present."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    with transaction.atomic():
        confirmed.filter(pk__in=present_ids).update(attended=True)
        confirmed.exclude(pk__in=present_ids).update(attended=False)
    return confirmed.filter(attended=True).count()


def checkin(*, registration: Registration) -> Registration:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Cette inscription n'est pas confirmée : la personne n'a pas de place."))
    registration.attended = True
    registration.save(update_fields=["attended"])
    return registration


# --- Signed links ---


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def checkin_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CHECKIN_SALT)


def _read(token: str, salt: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event__organiser").filter(pk=pk).first()


def registration_from_cancel_token(token: str) -> Registration | None:
    return _read(token, CANCEL_SALT)


def registration_from_checkin_token(token: str) -> Registration | None:
    return _read(token, CHECKIN_SALT)


def cancel_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("events:cancel", kwargs={"token": cancel_token(registration)})


def checkin_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("events:checkin", kwargs={"token": checkin_token(registration)})


def ticket_svg(registration: Registration, title: str) -> str:
    """The registrant's QR code (SVG, no inline style): it opens the organisers' check-in page."""
    return str(segno.make(checkin_url(registration), error="m").svg_inline(scale=4, title=title))


# --- E-mails (run by the worker) ---


def _queue_email(registration: Registration, kind: str) -> None:
    enqueue_on_commit("events.tasks.send_registration_email", registration_id=registration.pk, kind=kind)


SUBJECTS = {
    "confirmed": "Inscription confirmée : %(title)s",
    "waiting": "Liste d'attente : %(title)s",
    "promoted": "Une place s'est libérée : vous êtes inscrit·e à %(title)s",
    "reminder": "Rappel : %(title)s dans deux jours",
}


def _message(registration: Registration, kind: str) -> EmailMessage:
    event = registration.event
    subject = _(SUBJECTS[kind]) % {"title": event.title}
    context = {
        "kind": kind,
        "event": event,
        "registration": registration,
        "starts": timezone.localtime(event.starts_at, PARIS),
        "ends": timezone.localtime(event.ends_at, PARIS),
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "ics_url": settings.SITE_URL + reverse("events:ics", args=[event.pk]),
        "cancel_url": cancel_url(registration),
    }
    body = render_to_string("events/emails/registration.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    if kind in {"confirmed", "promoted", "reminder"} and registration.status == RegistrationStatus.CONFIRMED:
        message.attach(
            "billet-qr.svg", ticket_svg(registration, _("Code QR de votre billet")), "image/svg+xml"
        )
    return message


def registration_email_send(*, registration_id: int, kind: str) -> bool:
    """One e-mail about one registration; nothing when it was cancelled or purged since it was queued."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return False
    if kind in {"promoted", "confirmed", "reminder"} and registration.status != RegistrationStatus.CONFIRMED:
        return False
    _message(registration, kind).send()
    return True


def reminders_queue_due(*, now: datetime.datetime | None = None) -> list[Job]:
    """Daily: events starting within two days whose reminder has not gone yet get one job each (sent once)."""
    now = now or timezone.now()
    jobs = []
    due = Event.objects.filter(
        reminder_sent_at__isnull=True,
        purged_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    )
    for event in due:
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            job = Job.objects.create(
                organisation=event.organiser,
                kind="event_reminder",
                label=_("Rappel : %(t)s") % {"t": event.title},
            )
            enqueue_on_commit("events.tasks.send_reminders", job_id=str(job.pk), event_id=event.pk)
            jobs.append(job)
    return jobs


def reminders_send(*, job: Job, event: Event) -> int:
    job.start()
    recipients = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("event"))
    sent = 0
    connection = get_connection()
    for done, registration in enumerate(recipients, start=1):
        message = _message(registration, "reminder")
        message.connection = connection
        try:
            message.send()
            sent += 1
        except (smtplib.SMTPException, OSError):
            logger.warning("event reminder not sent", exc_info=True)
        job.advance(done, total=len(recipients))
    job.finish(JobStatus.DONE, _("%(n)s rappels envoyés.") % {"n": sent})
    return sent


# --- Satisfaction questionnaire (docs/anonymity.md, « Event satisfaction ») ---
#
# Unlinkable single-use links: each attendee gets a random token by e-mail; the database keeps only the token's
# SHA-256, with no person and no registration, and answering deletes it. Nothing marks who has answered.


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def satisfaction_can_send(event: Event, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.satisfaction_sent_at is None and event.purged_at is None and now >= event.ends_at


def satisfaction_send_queue(*, event: Event, now: datetime.datetime | None = None) -> Job:
    """The organiser sends the questionnaire once, after the event: one background job e-mails the attendees."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Event.objects.filter(
            pk=event.pk, satisfaction_sent_at__isnull=True, purged_at__isnull=True, ends_at__lte=now
        ).update(satisfaction_sent_at=now)
        if not claimed:
            raise ValidationError(
                _("Le questionnaire ne peut être envoyé qu'une fois, après la fin de l'événement.")
            )
        job = Job.objects.create(
            organisation=event.organiser,
            kind="event_satisfaction",
            label=_("Questionnaire de satisfaction : %(t)s") % {"t": event.title},
        )
        enqueue_on_commit("events.tasks.send_satisfaction", job_id=str(job.pk), event_id=event.pk)
    return job


def satisfaction_url(event: Event, token: str) -> str:
    return settings.SITE_URL + reverse("events:satisfaction_answer", kwargs={"pk": event.pk, "token": token})


def satisfaction_tokens_issue(*, event: Event, count: int) -> list[str]:
    """``count`` random tokens; only their hashes are stored, in one bulk insert in a random order."""
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    rows = [SatisfactionToken(event=event, token_hash=_token_hash(token)) for token in tokens]
    random.SystemRandom().shuffle(rows)
    SatisfactionToken.objects.bulk_create(rows)
    return tokens


def satisfaction_send(*, job: Job, event: Event) -> int:
    """E-mail each attendee (confirmed and marked present) one link; the pairing lives only in this loop."""
    job.start()
    emails = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, attended=True).values_list(
            "email", flat=True
        )
    )
    tokens = satisfaction_tokens_issue(event=event, count=len(emails))
    sent = 0
    connection = get_connection()
    for done, (email, token) in enumerate(zip(emails, tokens, strict=True), start=1):
        body = render_to_string(
            "events/emails/satisfaction.txt", {"event": event, "url": satisfaction_url(event, token)}
        )
        subject = _("Votre avis sur : %(title)s") % {"title": event.title}
        message = EmailMessage(subject=subject, body=body, to=[email], connection=connection)
        try:
            message.send()
            sent += 1
        except (smtplib.SMTPException, OSError):
            logger.warning("event satisfaction e-mail not sent", exc_info=True)
        job.advance(done, total=len(emails))
    Event.objects.filter(pk=event.pk).update(satisfaction_sent=sent)
    job.finish(JobStatus.DONE, _("%(n)s questionnaires envoyés.") % {"n": sent})
    return sent


def satisfaction_token_valid(*, event: Event, token: str) -> bool:
    return SatisfactionToken.objects.filter(event=event, token_hash=_token_hash(token)).exists()


def satisfaction_answer(*, event: Event, token: str, answers: dict[str, str]) -> bool:
    """Store one answer and spend its token, in one transaction; False for a used or unknown token."""
    with transaction.atomic():
        row = (
            SatisfactionToken.objects.select_for_update()
            .filter(event=event, token_hash=_token_hash(token))
            .first()
        )
        if row is None:
            return False
        row.delete()
        SatisfactionAnswer.objects.create(event=event, answers=answers)
    return True


# --- Personal data ---


def purge_due(*, now: datetime.datetime | None = None) -> int:
    """Daily: delete the registrations of events ended more than the retention ago, keeping the counts."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.QUALIVIE_EVENTS_RETENTION_DAYS)
    purged = 0
    for event in Event.objects.filter(purged_at__isnull=True, ends_at__lt=limit):
        with transaction.atomic():
            event = _locked(event)
            counts = event.registrations.aggregate(
                registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
                attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
            )
            event.kept_registered, event.kept_waiting = counts["registered"], counts["waiting"]
            event.kept_attended, event.purged_at = counts["attended"], now
            event.save(update_fields=["kept_registered", "kept_waiting", "kept_attended", "purged_at"])
            event.registrations.all().delete()
            purged += 1
    return purged


# --- Calendars (RFC 5545, built with icalendar) ---


def _vevent(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    item.add("dtstamp", stamp)
    item.add("dtstart", timezone.localtime(event.starts_at, PARIS))
    item.add("dtend", timezone.localtime(event.ends_at, PARIS))
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    if event.place:
        item.add("location", event.place)  # the online link is for confirmed registrants only: never here
    item.add("url", settings.SITE_URL + reverse("events:detail", args=[event.pk]))
    item.add(
        "organizer",
        f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}",
        parameters={"cn": event.organiser.name},
    )
    return item


def calendar_ics(events: list[Event], name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Qualivie//Événements//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Paris"))
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()
