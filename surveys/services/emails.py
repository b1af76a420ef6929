"""E-mails of a campaign, sent by the worker (see ``surveys.tasks``), and the opt-out."""

from __future__ import annotations

import smtplib
import time
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.models import Job, JobStatus
from organisations.models import Person
from surveys import crypto
from surveys.models import (
    Campaign,
    EmailStatus,
    Invitation,
    InvitationKey,
)


def _reminder_targets(campaign: Campaign) -> QuerySet[Invitation]:
    return campaign.invitations.filter(
        key__used=False, opted_out=False, reminders_sent__lt=campaign.reminder_rounds
    ).exclude(email_status=EmailStatus.NO_EMAIL)


def _email_for(campaign: Campaign, person: Person, token: str, reminder: bool) -> EmailMessage:
    shown = crypto.format_token(token)
    base = settings.SITE_URL
    subject = campaign.invitation_subject
    if reminder:
        subject = _("Relance : %(s)s") % {"s": subject}
    body = "\n".join(
        [
            campaign.invitation_message.strip(),
            "",
            _("Pour répondre (lien personnel, à ne pas transférer) :"),
            f"{base}/barometre/repondre/#{shown}",
            "",
            _("Si le lien ne s'ouvre pas, allez sur %(url)s et saisissez ce code :")
            % {"url": f"{base}/barometre/repondre/"},
            shown,
            "",
            _("Réponses possibles jusqu'au %(d)s.") % {"d": campaign.closes_on.strftime("%d/%m/%Y")},
            "",
            _("Ne plus recevoir de relance pour cette enquête :"),
            f"{base}/barometre/relances/#{shown}",
        ]
    )
    return EmailMessage(subject=subject, body=body, to=[person.email])


def invitations_send(*, campaign: Campaign, job: Job, reminder: bool) -> None:
    """Send invitations (or a reminder round). Each e-mail carries a fresh token; only its hash is stored.

    SMTP failures are retried ``SURVEYS_SMTP_ATTEMPTS`` times with exponential backoff, then counted.
    Resumable: a restarted job skips what was already sent.
    """
    attempts = getattr(settings, "SURVEYS_SMTP_ATTEMPTS", 3)
    backoff = getattr(settings, "SURVEYS_SMTP_BACKOFF", 1.0)
    if reminder:
        targets = _reminder_targets(campaign)
    else:
        targets = campaign.invitations.filter(email_status=EmailStatus.PENDING)
    job.start()
    connection = get_connection()
    sent = failed = 0
    for invitation in targets.select_related("person").iterator(chunk_size=500):
        token = crypto.new_token()
        field = "reminder_token_hash" if reminder else "token_hash"
        InvitationKey.objects.filter(pk=invitation.pk).update(**{field: crypto.token_hash(token)})
        message = _email_for(campaign, invitation.person, token, reminder)
        message.connection = connection
        ok = False
        for attempt in range(attempts):
            try:
                message.send()
                ok = True
                break
            except (smtplib.SMTPException, OSError):
                connection.close()
                if attempt + 1 < attempts:
                    time.sleep(backoff * (2**attempt))
        updates: dict[str, Any] = {"email_attempts": invitation.email_attempts + 1}
        if reminder:
            updates["reminders_sent"] = campaign.reminder_rounds
            if ok:
                updates["email_status"] = EmailStatus.SENT
        else:
            updates["email_status"] = EmailStatus.SENT if ok else EmailStatus.FAILED
        Invitation.objects.filter(pk=invitation.pk).update(**updates)
        sent, failed = sent + ok, failed + (not ok)
        if (sent + failed) % 20 == 0:
            job.advance(sent + failed)
    connection.close()
    message_text = _("%(s)s e-mail(s) envoyé(s).") % {"s": sent}
    if failed:
        message_text += " " + _(
            "%(f)s échec(s) après %(a)s tentatives (adresse ou serveur de messagerie)."
        ) % {
            "f": failed,
            "a": attempts,
        }
    job.advance(sent + failed, total=max(job.total, sent + failed))
    job.finish(JobStatus.DONE, message_text)


@transaction.atomic
def invitation_opt_out(*, token: str) -> None:
    """« Ne plus recevoir de relance ». Says nothing about whether the token exists."""
    digest = crypto.token_hash(token)
    keys = InvitationKey.objects.filter(Q(token_hash=digest) | Q(reminder_token_hash=digest))
    Invitation.objects.filter(pk__in=keys.values("pk")).update(opted_out=True)  # one statement
