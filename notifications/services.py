"""Writes of the notifications app: follows, preferences, settings, and the e-mails the worker sends.

Receivers of other apps' signals call ``proposal_authors_follow`` and ``status_change_announce``; the latter
queues ``notifications.tasks.send_status_change`` by its path (services never import tasks). Every e-mail carries
a signed one-click unsubscribe link for its kind (``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers,
RFC 8058).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import perms as account_perms
from core.jobs import enqueue_on_commit
from core.models import Job, JobStatus
from notifications import perms, selectors
from notifications.models import DigestFrequency, DigestSent, Follow, Kind, Preference
from organisations.models import Organisation
from plans.models import Action, ActionStatus

if TYPE_CHECKING:
    from accounts.models import User
    from coconstruction.models import Proposal

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


# --- Follows ---


def follow_set(*, user: User, action: Action, following: bool, origin: str = Follow.Origin.CHOSEN) -> bool:
    """Follow (or stop following) an action, whatever its version; returns whether the person now follows it."""
    lineage = {"plan_lineage": action.plan.lineage, "action_lineage": action.lineage}
    with transaction.atomic():
        if not following:
            Follow.objects.filter(user=user, **lineage).delete()
            return False
        Follow.objects.get_or_create(
            user=user, **lineage, defaults={"organisation_id": action.plan.organisation_id, "origin": origin}
        )
    return True


def proposal_authors_follow(*, proposal: Proposal, action: Action) -> list[User]:
    """The authors of an adopted proposal follow the action it became (sent on commit by the adoption)."""
    authors = [proposal.author] if proposal.author_id and proposal.author else []
    for author in authors:
        follow_set(user=author, action=action, following=True, origin=Follow.Origin.PROPOSAL)
    return authors


# --- Preferences and unsubscribing ---


def preferences_set(*, user: User, digest: bool, follows: bool) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    preference.digest, preference.follows = digest, follows
    preference.save(update_fields=["digest", "follows", "updated_at"])
    return preference


def unsubscribe_token(*, user: Any, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: Any, kind: str) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=kind)})
    return f"{settings.SITE_URL}{path}"


def unsubscribe_read(token: str) -> tuple[User, str] | None:
    """The person and the kind a signed link is for; None for a tampered, truncated or stale link."""
    from accounts.models import User

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    return (user, data["k"]) if user is not None else None


def unsubscribe(*, user: User, kind: str) -> Preference:
    """Stop one kind of e-mail (the signed link's POST: no sign-in needed)."""
    if kind not in Kind.values:
        raise ValueError(kind)
    preference, _created = Preference.objects.get_or_create(user=user)
    setattr(preference, kind, False)
    preference.save(update_fields=[kind, "updated_at"])
    return preference


# --- E-mails ---


def _email(*, user: Any, kind: str, subject: str, template: str, context: dict[str, Any]) -> EmailMessage:
    unsubscribe = unsubscribe_url(user=user, kind=kind)
    body = render_to_string(
        template,
        {
            **context,
            "user": user,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe,
            "preferences_url": f"{settings.SITE_URL}{reverse('notifications:preferences')}",
        },
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(subject=subject, body=body, to=[user.email], headers=headers)


def _send(message: EmailMessage, connection: Any) -> bool:
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.warning("notification e-mail not sent", exc_info=True)
        connection.close()
        return False
    return True


def status_change_announce(*, action: Action, before: str, after: str, by: User | None) -> Job | None:
    """An action changed status: queue the followers' e-mails (a background job), if anyone follows it."""
    if not selectors.followers_of(action).exists():
        return None
    label = _("Notification du changement de statut de l'action %(code)s") % {"code": action.code}
    job = Job.objects.create(
        organisation_id=action.plan.organisation_id,
        owner=by,
        kind="notification_status",
        label=label[:200],
    )
    enqueue_on_commit(
        "notifications.tasks.send_status_change",
        job_id=str(job.pk),
        action_id=action.pk,
        before=before,
        after=after,
        by_id=by.pk if by else None,
    )
    return job


def status_change_send(*, job: Job, action: Action, before: str, after: str, by_id: int | None) -> int:
    """E-mail every follower who still may read the action and still wants these e-mails (not its author)."""
    job.start()
    follows = list(selectors.followers_of(action))
    job.advance(0, total=len(follows))
    context = {
        "action": action,
        "before": ActionStatus(before).label if before in ActionStatus.values else before,
        "after": ActionStatus(after).label if after in ActionStatus.values else after,
        "action_url": f"{settings.SITE_URL}{reverse('plans:action', args=[action.pk])}",
    }
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        sent = _send_to_followers(follows, action, context, by_id, connection, job)
    connection.close()
    job.finish(JobStatus.DONE, _("%(n)s e-mail(s) envoyé(s).") % {"n": sent})
    return sent


def _send_to_followers(
    follows: list[Follow],
    action: Action,
    context: dict[str, Any],
    by_id: int | None,
    connection: Any,
    job: Job,
) -> int:
    subject = _("Action %(code)s : %(status)s") % {"code": action.code, "status": context["after"]}
    sent = 0
    for done, follow in enumerate(follows, start=1):
        user = follow.user
        wanted = getattr(user, "notification_preference", None)
        if (
            user.is_active
            and user.email
            and user.pk != by_id
            and (wanted is None or wanted.follows)
            and perms.can_follow(user, action)
        ):
            message = _email(
                user=user,
                kind=Kind.FOLLOWS,
                subject=subject,
                template="notifications/emails/status_change.txt",
                context=context,
            )
            sent += _send(message, connection)
        job.advance(done)
    return sent


def _digest_message(digest: selectors.Digest, period: str) -> EmailMessage:
    context = {
        "digest": digest,
        "organisation": digest.organisation,
        "my_actions_url": f"{settings.SITE_URL}{reverse('plans:my_actions')}",
    }
    subject = _("Vos échéances QVT — %(org)s") % {
        "org": digest.organisation.short_name or digest.organisation
    }
    return _email(
        user=digest.user,
        kind=Kind.DIGEST,
        subject=subject,
        template="notifications/emails/digest.txt",
        context=context,
    )


def digests_send_due(*, today: datetime.date, job: Job) -> int:
    """The daily job: every organisation whose period has no digest yet sends one to each action lead who has
    something due and still wants it. At most one per person, organisation and period (``DigestSent``)."""
    job.start()
    organisations = list(Organisation.objects.order_by("pk"))
    job.advance(0, total=len(organisations))
    sent = 0
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for done, organisation in enumerate(organisations, start=1):
            sent += _organisation_digests(organisation, today, connection)
            job.advance(done)
    connection.close()
    job.finish(JobStatus.DONE, _("%(n)s récapitulatif(s) envoyé(s).") % {"n": sent})
    return sent


def _organisation_digests(organisation: Organisation, today: datetime.date, connection: Any) -> int:
    config = selectors.settings_for(organisation)
    period = selectors.digest_period(config.digest_frequency, today)
    if period is None or config.digest_frequency == DigestFrequency.NEVER:
        return 0
    already = set(
        DigestSent.objects.filter(organisation=organisation, period=period).values_list("user_id", flat=True)
    )
    digests = [
        d for d in selectors.digests_for(organisation, today, config.update_due_days) if not d.is_empty
    ]
    opted_out = set(
        Preference.objects.filter(digest=False, user__in=[d.user.pk for d in digests]).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for digest in digests:
        user = digest.user
        if not user.email or user.pk in already or user.pk in opted_out:
            continue
        if not account_perms.is_member(user, organisation):  # a lead who left the organisation
            continue
        try:
            with (
                transaction.atomic()
            ):  # remembered first: a second scheduler skips it, a failure sends nothing
                DigestSent.objects.create(user=user, organisation=organisation, period=period)
                if not _send(_digest_message(digest, period), connection):
                    raise _NotSent
        except (_NotSent, IntegrityError):
            continue
        sent += 1
    return sent


class _NotSent(Exception):
    """The SMTP server refused the digest: forget that it was sent, the next day's run tries again."""
