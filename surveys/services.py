"""Writes of the surveys app: questionnaires, campaigns, invitations and sealed submissions (ballots).

Trustees and the opening of the ballot box are in ``surveys.trustees``.

Nothing here logs, records history of, or queues anything that could tie an answer to a person: queued tasks
receive a Job id, a campaign id and a mode; error messages never quote a token.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Job, JobStatus
from organisations import tree
from organisations.models import Organisation, Person, Unit
from surveys import ballotbox, crypto
from surveys.anonymity import coarsen_attributes, reporting_units
from surveys.answering import check_answers
from surveys.catalogue import TEMPLATES
from surveys.models import (
    NOT_DISCLOSED,
    REPORTING_ATTRIBUTES,
    Ballot,
    Campaign,
    CampaignStatus,
    Comment,
    CommentStatus,
    Draft,
    EmailStatus,
    Invitation,
    Item,
    ItemKind,
    PaperCode,
    Questionnaire,
    Trustee,
)

logger = logging.getLogger(__name__)

MIN_N_FLOOR = 5
MIN_TRUSTEES = 3
MIN_COMMENTS_FLOOR = 10
LOCKED_FIELDS = {"questionnaire", "units", "attribute_filters", "reporting_attributes"}
LOCKED_FIELDS |= {"min_respondents", "min_comments", "opens_on", "results_shared_with_staff"}
GENERIC_REFUSAL = gettext_lazy(
    "Ce lien ou ce code ne permet pas de répondre : il est incorrect, a déjà servi ou n'est plus valable. "
    "Vérifiez votre saisie ; si le problème persiste, adressez-vous au pilote QVT."
)


class SubmissionRefused(Exception):
    """A French message for the respondent; never says whether a person was invited or has answered."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswerErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Certaines réponses sont à corriger."))
        self.errors = errors


# --- Questionnaires ---------------------------------------------------------------------------------


def _refuse_if_in_use(questionnaire: Questionnaire) -> None:
    if questionnaire.is_in_use:
        raise ValidationError(
            _(
                "Ce questionnaire est utilisé par une campagne ouverte : il ne peut plus être modifié, pour que "
                "les résultats restent comparables. Créez une nouvelle version avec « Copier »."
            )
        )


@transaction.atomic
def questionnaire_install_templates(*, organisation: Organisation) -> list[Questionnaire]:
    """Install the shipped templates (barometer, annual event, newcomers) missing from the organisation."""
    installed = []
    for template in TEMPLATES:
        if Questionnaire.objects.filter(organisation=organisation, family=template["family"]).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            organisation=organisation,
            family=template["family"],
            kind=template["kind"],
            title=template["title"],
            description=template["description"],
            expected_minutes=template["expected_minutes"],
        )
        Item.objects.bulk_create(
            Item(
                questionnaire=questionnaire,
                position=position,
                block=block,
                key=key,
                kind=kind,
                dimension=dimension,
                axis=axis,
                text=text,
                choices=options.get("choices", []),
                reverse=options.get("reverse", False),
                required=options.get("required", False),
                allow_not_concerned=options.get("allow_not_concerned", True),
            )
            for position, (block, key, kind, dimension, axis, text, options) in enumerate(template["items"])
        )
        installed.append(questionnaire)
    return installed


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    _refuse_if_in_use(questionnaire)
    for name in ("title", "description", "expected_minutes"):
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.save()
    return questionnaire


@transaction.atomic
def item_update(*, item: Item, **fields: Any) -> Item:
    _refuse_if_in_use(item.questionnaire)
    for name in ("text", "help_text", "block", "required", "allow_not_concerned"):
        if name in fields:
            setattr(item, name, fields[name])
    item.save()
    return item


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new version of the same family: same items, same keys (so trends still compare like with like)."""
    last = (
        Questionnaire.objects.filter(organisation=questionnaire.organisation, family=questionnaire.family)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    items = list(questionnaire.items.all())
    copy = Questionnaire.objects.create(
        organisation=questionnaire.organisation,
        family=questionnaire.family,
        version=(last or 0) + 1,
        kind=questionnaire.kind,
        title=questionnaire.title,
        description=questionnaire.description,
        expected_minutes=questionnaire.expected_minutes,
        based_on=questionnaire,
    )
    for item in items:
        item.pk = None
        item.questionnaire = copy
    Item.objects.bulk_create(items)
    return copy


# --- Campaigns --------------------------------------------------------------------------------------


def _check_campaign(campaign: Campaign, units: Sequence[Unit] | None) -> None:
    errors: dict[str, str] = {}
    if campaign.min_respondents < MIN_N_FLOOR:
        errors["min_respondents"] = _("Le seuil ne peut pas être inférieur à %(n)s répondants.") % {
            "n": MIN_N_FLOOR
        }
    if campaign.min_comments < MIN_COMMENTS_FLOOR:
        errors["min_comments"] = _("Le seuil ne peut pas être inférieur à %(n)s commentaires.") % {
            "n": MIN_COMMENTS_FLOOR
        }
    if campaign.closes_on < campaign.opens_on:
        errors["closes_on"] = _("La date de clôture doit suivre la date d'ouverture.")
    unknown = set(campaign.reporting_attributes) - set(REPORTING_ATTRIBUTES)
    if unknown:
        errors["reporting_attributes"] = _("Attribut inconnu : %(a)s.") % {"a": ", ".join(sorted(unknown))}
    if campaign.questionnaire.organisation_id != campaign.organisation_id:
        errors["questionnaire"] = _("Ce questionnaire appartient à une autre organisation.")
    if units is not None:
        if not units:
            errors["units"] = _("Choisissez au moins une unité.")
        elif any(u.organisation_id != campaign.organisation_id for u in units):
            errors["units"] = _("Ces unités appartiennent à une autre organisation.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    questionnaire: Questionnaire,
    title: str,
    units: Sequence[Unit],
    opens_on: datetime.date,
    closes_on: datetime.date,
    by: Any,
    reporting_attributes: Sequence[str] = (),
    attribute_filters: Mapping[str, list[str]] | None = None,
    min_respondents: int = MIN_N_FLOOR,
    min_comments: int = MIN_COMMENTS_FLOOR,
    results_shared_with_staff: bool = True,
    **texts: str,
) -> Campaign:
    campaign = Campaign(
        organisation=organisation,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        reporting_attributes=list(reporting_attributes),
        attribute_filters=dict(attribute_filters or {}),
        min_respondents=min_respondents,
        min_comments=min_comments,
        results_shared_with_staff=results_shared_with_staff,
        created_by=by if getattr(by, "pk", None) else None,
    )
    for name in ("invitation_subject", "invitation_message", "help_text"):
        if texts.get(name):
            setattr(campaign, name, texts[name])
    _check_campaign(campaign, units)
    campaign.save()
    campaign.units.set(units)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, units: Sequence[Unit] | None = None, **fields: Any) -> Campaign:
    """Change a campaign. Once opened, population, attributes and thresholds are locked (attack 9)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_locked:
        changed = {name for name, value in fields.items() if getattr(campaign, name) != value}
        if units is not None and {u.pk for u in units} != set(campaign.units.values_list("pk", flat=True)):
            changed.add("units")
        if changed & LOCKED_FIELDS:
            raise ValidationError(
                _(
                    "La campagne est ouverte : la population, les attributs de restitution, la date "
                    "d'ouverture et les seuils d'anonymat ne peuvent plus être modifiés."
                )
            )
        if campaign.status != CampaignStatus.OPEN and changed:
            raise ValidationError(_("La campagne est close : elle ne peut plus être modifiée."))
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check_campaign(campaign, units)
    campaign.save()
    if units is not None and not campaign.is_locked:
        campaign.units.set(units)
    return campaign


def campaign_population(campaign: Campaign) -> QuerySet[Person]:
    """Active people of the chosen unit subtrees, narrowed by the attribute filters."""
    paths = list(campaign.units.values_list("path", flat=True))
    in_units = (
        tree.in_subtrees(paths, "unit__path") if paths else Q()
    )  # no unit chosen: the whole organisation
    people = Person.objects.active().for_organisation(campaign.organisation).filter(in_units)
    for attribute, values in (campaign.attribute_filters or {}).items():
        if attribute in REPORTING_ATTRIBUTES and values:
            people = people.filter(**{f"{attribute}__in": values})
    return people


def _frozen_attributes(
    campaign: Campaign, people: list[dict[str, Any]]
) -> tuple[dict[int, int], dict[int, dict[str, str]]]:
    """Reporting unit per unit, and coarse attributes per person (see surveys/anonymity.py)."""
    min_n = campaign.min_respondents
    tree = Unit.objects.filter(organisation=campaign.organisation).values_list("pk", "parent_id", "depth")
    parent = {pk: parent_id for pk, parent_id, _d in tree}
    depth = {pk: d for pk, _p, d in tree}
    rep = reporting_units(Counter(p["unit_id"] for p in people), parent, depth, min_n)
    attrs = list(campaign.reporting_attributes)
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        groups[rep[person["unit_id"]]].append(person)
    frozen: dict[int, dict[str, str]] = {}
    for members in groups.values():
        rows = [[str(m[a] or NOT_DISCLOSED) for a in attrs] for m in members]
        for member, coarse in zip(members, coarsen_attributes(rows, min_n), strict=True):
            frozen[member["pk"]] = dict(zip(attrs, coarse, strict=True))
    return rep, frozen


def _seal_box(campaign: Campaign) -> None:
    """Make the campaign's ballot box and seal each trustee's share to their own key (nothing kept in clear)."""
    trustees = list(campaign.trustees.order_by("pk"))
    if len(trustees) < MIN_TRUSTEES:
        raise ValidationError(
            _("Nommez au moins %(n)s dépositaires des clés avant d'ouvrir la campagne.") % {"n": MIN_TRUSTEES}
        )
    missing = [t for t in trustees if not t.public_key]
    if missing:
        raise ValidationError(
            _(
                "%(n)s dépositaire(s) n'ont pas encore créé leur clé personnelle : la campagne ne peut pas "
                "s'ouvrir avant."
            )
            % {"n": len(missing)}
        )
    if not 2 <= campaign.quorum <= len(trustees):
        raise ValidationError(_("Le quorum doit être compris entre 2 et le nombre de dépositaires."))
    keys = ballotbox.box_create([bytes(t.public_key or b"") for t in trustees], campaign.quorum)
    for number, (trustee, sealed) in enumerate(zip(trustees, keys.sealed_shares, strict=True), start=1):
        trustee.number, trustee.sealed_share = number, sealed
    Trustee.objects.bulk_update(trustees, ["number", "sealed_share"])
    texts = sum(1 for item in campaign.questionnaire.items.all() if item.kind == ItemKind.TEXT)
    campaign.box_public_key = keys.public_key
    campaign.box_sealed_key = keys.sealed_private_key
    campaign.ballot_size = ballotbox.ballot_size(texts)


def campaign_open(
    *, campaign: Campaign, by: Any, send_emails: bool = True, today: datetime.date | None = None
) -> Job | None:
    """Open: the ballot box sealed, one invitation per active person of the population, coarse attributes
    frozen, e-mails queued. Needs at least three trustees, each with their personal key.

    Opened before its opening date, the campaign sends nothing yet and returns no job: the invitations wait
    for the daily job ``surveys.tasks.send_due_invitations`` (``invitations_send_due``) on that date.
    ``send_emails=False`` queues nothing (demo data): the invitations stay pending until someone sends them.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise ValidationError(_("Cette campagne a déjà été ouverte."))
        _check_campaign(campaign, list(campaign.units.all()))
        people = list(
            campaign_population(campaign).values("pk", "unit_id", "email", *campaign.reporting_attributes)
        )
        if not people:
            raise ValidationError(_("La population choisie ne compte aucun agent actif."))
        _seal_box(campaign)
        rep, frozen = _frozen_attributes(campaign, people)
        Invitation.objects.bulk_create(
            (
                Invitation(
                    campaign=campaign,
                    person_id=p["pk"],
                    unit_id=p["unit_id"],
                    reporting_unit_id=rep[p["unit_id"]],
                    attributes=frozen[p["pk"]],
                    email_status=EmailStatus.PENDING if p["email"] else EmailStatus.NO_EMAIL,
                )
                for p in people
            ),
            batch_size=2000,
        )
        campaign.status = CampaignStatus.OPEN
        campaign.opened_at = timezone.now()
        campaign.save(
            update_fields=["status", "opened_at", "box_public_key", "box_sealed_key", "ballot_size"]
        )
        if campaign.opens_on > today:
            return None
        return _queue_invitations(campaign, by, send_emails=send_emails, today=today)


def _queue_invitations(campaign: Campaign, by: Any, *, send_emails: bool, today: datetime.date) -> Job:
    """In the caller's transaction (campaign row locked): the progress Job, and the sending queued at commit."""
    from surveys.tasks import send_campaign_emails

    job = Job.objects.create(
        organisation=campaign.organisation,
        owner=by if getattr(by, "pk", None) else None,
        kind="survey_invitations",
        label=_("Envoi des invitations — %(t)s") % {"t": campaign.title},
        total=campaign.invitations.filter(email_status=EmailStatus.PENDING).count(),
    )
    campaign.invitations_queued_on = today
    campaign.save(update_fields=["invitations_queued_on"])
    if send_emails:
        transaction.on_commit(
            lambda: send_campaign_emails.enqueue(job_id=str(job.pk), campaign_id=campaign.pk, mode="invite")
        )
    return job


def invitations_send_due(*, today: datetime.date | None = None) -> list[Job]:
    """Daily: queue the invitations of open campaigns whose opening date has come and whose invitations still
    wait (opened early). Each campaign is queued once (``invitations_queued_on``), whoever runs the job."""
    today = today or timezone.localdate()
    jobs = []
    due = Campaign.objects.open().filter(opens_on__lte=today, invitations_queued_on__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=pk)
            if campaign.status != CampaignStatus.OPEN or campaign.invitations_queued_on is not None:
                continue
            if not campaign.invitations.filter(email_status=EmailStatus.PENDING).exists():
                continue
            jobs.append(_queue_invitations(campaign, campaign.created_by, send_emails=True, today=today))
    return jobs


def reminder_recipients(campaign: Campaign) -> QuerySet[Invitation]:
    """Who the next reminder round would reach: invitees with an address who have not answered nor opted out."""
    return campaign.invitations.filter(used=False, opted_out=False).exclude(email_status=EmailStatus.NO_EMAIL)


def campaign_remind(*, campaign: Campaign, by: Any) -> Job:
    """Queue a reminder to invitees who have not answered and did not ask to stop."""
    from surveys.tasks import send_campaign_emails

    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise ValidationError(_("Seule une campagne ouverte peut faire l'objet d'une relance."))
        if campaign.invitations_queued_on is None:
            raise ValidationError(
                _("Les invitations ne sont pas encore parties : elles partiront le %(d)s.")
                % {"d": campaign.opens_on.strftime("%d/%m/%Y")}
            )
        campaign.reminder_rounds += 1
        campaign.save(update_fields=["reminder_rounds"])
        job = Job.objects.create(
            organisation=campaign.organisation,
            owner=by if getattr(by, "pk", None) else None,
            kind="survey_reminders",
            label=_("Relance — %(t)s") % {"t": campaign.title},
            total=_reminder_targets(campaign).count(),
        )
        transaction.on_commit(
            lambda: send_campaign_emails.enqueue(job_id=str(job.pk), campaign_id=campaign.pk, mode="remind")
        )
    return job


def campaign_close(*, campaign: Campaign, by: Any) -> Campaign:
    """Close: answering ends, drafts are deleted, and the list of who answered is erased.

    Every invitation's ``used`` flag and personal-code hashes are cleared in one statement (one rewrite of the
    invitations, not two): a late link then gets the generic refusal (« n'est plus valable »). Paper codes are
    linked to no one; they go when the box is opened. The sealed ballots wait for a quorum of trustees
    (``surveys.trustees``).
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise ValidationError(_("Seule une campagne ouverte peut être close."))
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
        Draft.objects.filter(campaign=campaign).delete()
        Invitation.objects.filter(campaign=campaign).update(
            used=False, token_hash=None, reminder_token_hash=None
        )
    return campaign


def results_built_on(campaign: Campaign) -> datetime.date | None:
    """The day the results were built (``analytics.ResultSet``, read through the reverse relation so that
    surveys needs no import of analytics), or None."""
    try:
        return campaign.result_set.built_on  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return None


def pending_comments(campaign: Campaign) -> QuerySet[Comment]:
    return Comment.objects.filter(campaign=campaign, status=CommentStatus.PENDING)


@transaction.atomic
def campaign_publish(*, campaign: Campaign, by: Any, set_aside_pending: bool = False) -> Campaign:
    """Publish the results to managers and staff representatives. Refused until the results are built and every
    comment is moderated, unless the lead sets the remaining comments aside (``set_aside_pending``)."""
    from surveys.perms import can_publish

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if by is not None and not can_publish(by, campaign):
        raise PermissionDenied(_("Seul·e un·e pilote QVT de toute l'organisation publie les résultats."))
    if campaign.status != CampaignStatus.CLOSED:
        raise ValidationError(_("Les résultats ne peuvent être publiés qu'après la clôture de la campagne."))
    if results_built_on(campaign) is None:
        raise ValidationError(
            _(
                "Les résultats ne sont pas encore calculés : faites ouvrir l'urne par le quorum des "
                "dépositaires, puis lancez le calcul des résultats."
            )
        )
    pending = pending_comments(campaign)
    if pending.exists():
        if not set_aside_pending:
            raise ValidationError(
                _(
                    "%(n)s commentaire(s) ne sont pas encore modérés : modérez-les, ou écartez-les "
                    "explicitement, avant de publier."
                )
                % {"n": pending.count()}
            )
        pending.update(status=CommentStatus.REJECTED)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["status", "published_at"])
    return campaign


# --- E-mails (run by the worker, see tasks.py) ------------------------------------------------------


def _reminder_targets(campaign: Campaign) -> QuerySet[Invitation]:
    return campaign.invitations.filter(
        used=False, opted_out=False, reminders_sent__lt=campaign.reminder_rounds
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
        Invitation.objects.filter(pk=invitation.pk).update(**{field: crypto.token_hash(token)})
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
    Invitation.objects.filter(Q(token_hash=digest) | Q(reminder_token_hash=digest)).update(opted_out=True)


# --- Paper codes ------------------------------------------------------------------------------------


@transaction.atomic
def paper_codes_create(*, campaign: Campaign, unit: Unit, count: int) -> list[str]:
    """Single-use codes for one site, handed out in person. Returns the codes: only their hashes are kept.

    Responses by paper code carry « non communiqué » attributes and the nearest unit (the site or an
    ancestor) under which at least ``min_respondents`` codes have been issued.
    """
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Les codes papier s'impriment pendant que la campagne est ouverte."))
    if unit.organisation_id != campaign.organisation_id:
        raise ValidationError(_("Cette unité appartient à une autre organisation."))
    if not 1 <= count <= 2000:
        raise ValidationError(_("Choisissez entre 1 et 2000 codes."))
    chain = list(Unit.objects.filter(pk__in=tree.ancestor_ids(unit.path)).order_by("-depth"))
    reporting = chain[-1]
    for ancestor in chain:
        issued = PaperCode.objects.filter(campaign=campaign, unit__path__startswith=ancestor.path).count()
        if issued + count >= campaign.min_respondents:
            reporting = ancestor
            break
    codes = [crypto.new_token() for _ in range(count)]
    PaperCode.objects.bulk_create(
        PaperCode(campaign=campaign, unit=unit, reporting_unit=reporting, code_hash=crypto.token_hash(c))
        for c in codes
    )
    return codes


# --- Answering --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credential:
    """What a token opens: a campaign, the person's own unit (or the code's site) and frozen attributes.

    Both go into the sealed ballot; the unit is generalised only when the box is opened (``surveys.trustees``).
    """

    campaign: Campaign
    kind: str  # "invitation" | "paper"
    pk: Any
    unit_id: int
    attributes: dict[str, str]


def _credential(token: str, *, light: bool = False) -> Credential | None:
    """One query: the unused invitation (or paper code) behind a token, with its campaign.

    ``light`` (submissions): plain SQL and a campaign holding only what a submission needs (compiling the ORM
    query was a sixth of a submission's CPU); other campaign fields load on access, one query each.
    """
    digest = crypto.token_hash(token)
    if light:
        found = _invitation_light(digest)
    else:
        invitations = Invitation.objects.select_related("campaign").filter(
            Q(token_hash=digest) | Q(reminder_token_hash=digest)
        )
        invitation = next(iter(invitations[:1]), None)
        found = None if invitation is None else (invitation, invitation.campaign)
    if found is not None:
        invitation, campaign = found
        if invitation.used:
            return None
        return Credential(campaign, "invitation", invitation.pk, invitation.unit_id, invitation.attributes)
    code = next(iter(PaperCode.objects.select_related("campaign").filter(code_hash=digest)[:1]), None)
    if code is None or code.used:
        return None
    attributes = dict.fromkeys(code.campaign.reporting_attributes, NOT_DISCLOSED)
    return Credential(code.campaign, "paper", code.pk, code.unit_id, attributes)


@dataclass(frozen=True)
class _LightQuery:
    sql: str
    # Invitation fields, then campaign fields from ``split`` on, each in model order (as ``Model.from_db`` wants).
    fields: list[Any]
    converters: list[list[Any]]
    split: int


_LIGHT_FIELDS = (
    ("id", "unit", "used", "attributes"),
    (
        "id",
        "status",
        "opens_on",
        "closes_on",
        "questionnaire",
        "reporting_attributes",
        "box_public_key",
        "ballot_size",
    ),
)
_LIGHT_QUERIES: dict[str, _LightQuery] = {}
_LIGHT_SQL = "SELECT {columns} FROM {invitation} i JOIN {campaign} c ON c.id = i.campaign_id "
_LIGHT_SQL += "WHERE i.token_hash = %s OR i.reminder_token_hash = %s"


def _light_query() -> _LightQuery:
    """Built once per database vendor: the SQL, the fields and their database converters (as the ORM's)."""
    query = _LIGHT_QUERIES.get(connection.vendor)
    if query is None:
        fields = [f for f in Invitation._meta.concrete_fields if f.name in _LIGHT_FIELDS[0]]
        split = len(fields)
        fields += [f for f in Campaign._meta.concrete_fields if f.name in _LIGHT_FIELDS[1]]
        quote = connection.ops.quote_name
        columns = ", ".join(("i." if n < split else "c.") + quote(f.column) for n, f in enumerate(fields))
        tables = {"invitation": quote(Invitation._meta.db_table), "campaign": quote(Campaign._meta.db_table)}
        sql = _LIGHT_SQL.format(columns=columns, **tables)
        converters = []
        for field in fields:
            column = field.get_col(field.model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            converters.append([(convert, column) for convert in found])
        query = _LIGHT_QUERIES[connection.vendor] = _LightQuery(sql, fields, converters, split)
    return query


def _invitation_light(digest: str) -> tuple[Invitation, Campaign] | None:
    """The invitation with this token hash and its campaign, as the ORM would build them with ``only()``."""
    query = _light_query()
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [digest, digest])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, converters in zip(row, query.converters, strict=True):
        for convert, column in converters:
            value = convert(value, column, connection)
        values.append(value)
    names = [f.attname for f in query.fields]
    split = query.split
    invitation = Invitation.from_db(connection.alias, names[:split], values[:split])
    campaign = Campaign.from_db(connection.alias, names[split:], values[split:])
    return invitation, campaign


def _check_open(campaign: Campaign) -> None:
    today = timezone.localdate()
    if campaign.status == CampaignStatus.DRAFT or today < campaign.opens_on:
        raise SubmissionRefused(
            _(
                "Cette enquête n'est pas encore ouverte : elle ouvrira le %(d)s. Gardez votre lien ou votre code."
            )
            % {"d": campaign.opens_on.strftime("%d/%m/%Y")}
        )
    if campaign.status != CampaignStatus.OPEN or today > campaign.closes_on:
        raise SubmissionRefused(
            _("Cette enquête est close : il n'est plus possible d'y répondre. Merci de votre intérêt.")
        )


def answer_start(*, token: str) -> Campaign:
    """The campaign a token opens, or a refusal that does not say whether the token ever existed."""
    credential = _credential(token)
    if credential is None:
        raise SubmissionRefused(str(GENERIC_REFUSAL))
    campaign = credential.campaign
    _check_open(campaign)
    return campaign


_ITEMS_CACHE: dict[int, list[Item]] = {}


def questionnaire_items(questionnaire_id: int) -> list[Item]:
    """Items of a questionnaire in use (frozen, so cached per process)."""
    items = _ITEMS_CACHE.get(questionnaire_id)
    if items is None:
        items = list(Item.objects.filter(questionnaire_id=questionnaire_id).order_by("position"))
        if (
            Campaign.objects.filter(questionnaire_id=questionnaire_id)
            .exclude(status=CampaignStatus.DRAFT)
            .exists()
        ):
            _ITEMS_CACHE[questionnaire_id] = items
    return items


def draft_save(*, campaign: Campaign, token: str, raw: Mapping[str, Any]) -> None:
    """Save what was typed so far, readable only with the respondent's own token."""
    payload = crypto.encrypt(crypto.draft_cipher(token), {"raw": dict(raw)})
    Draft.objects.update_or_create(
        lookup=crypto.draft_lookup(token), defaults={"campaign": campaign, "payload": payload}
    )


def draft_load(*, token: str) -> dict[str, Any]:
    draft = Draft.objects.filter(lookup=crypto.draft_lookup(token)).values_list("payload", flat=True).first()
    if draft is None:
        return {}
    try:
        return dict(crypto.decrypt(crypto.draft_cipher(token), draft).get("raw", {}))
    except crypto.InvalidToken:
        return {}


def response_submit(*, token: str, raw: Mapping[str, Any]) -> None:
    """Check one submission, seal it and put it in the ballot box; the token's invitation (or code) is used up.

    Raises ``SubmissionRefused`` (unknown, used, closed) or ``AnswerErrors`` (answers to correct).
    The ballot is sealed with the box's public key before anything is written; concurrent replays of one token
    store exactly one ballot: the conditional UPDATE … WHERE used = false is the lock.
    """
    credential = _credential(token, light=True)
    if credential is None:
        raise SubmissionRefused(str(GENERIC_REFUSAL))
    campaign = credential.campaign
    _check_open(campaign)
    items = questionnaire_items(campaign.questionnaire_id)
    clean, errors = check_answers(items, raw)
    if errors:
        raise AnswerErrors(errors)
    texts = {item.key for item in items if item.kind == ItemKind.TEXT}
    payload = {
        "u": credential.unit_id,
        "a": credential.attributes,
        "x": {k: v for k, v in clean.items() if k not in texts},
        "c": [[k, v] for k, v in clean.items() if k in texts],
    }
    try:
        sealed = ballotbox.seal(bytes(campaign.box_public_key or b""), payload, campaign.ballot_size)
    except ballotbox.BallotTooLarge as error:
        message = _(
            "Vos commentaires sont trop longs pour tenir dans le bulletin scellé : raccourcissez-les un peu."
        )
        raise AnswerErrors(dict.fromkeys(sorted(texts & set(clean)), message)) from error
    model = Invitation if credential.kind == "invitation" else PaperCode
    if not _ballot_insert(model, credential.pk, campaign.pk, sealed, crypto.draft_lookup(token)):
        raise SubmissionRefused(str(GENERIC_REFUSAL))


# One statement, hence one transaction, on PostgreSQL: use the credential up (only if still unused), put the
# sealed ballot in the box and drop the draft. Same effect as the portable ORM version below.
_BALLOT_INSERT_SQL = """
WITH used AS (UPDATE {table} SET used = true WHERE id = %s AND NOT used RETURNING 1),
sealed AS (INSERT INTO surveys_ballot (id, campaign_id, sealed) SELECT %s, %s, %s FROM used RETURNING 1),
dropped AS (DELETE FROM surveys_draft WHERE lookup = %s AND EXISTS (SELECT 1 FROM used))
SELECT count(*) FROM sealed
"""


def _ballot_insert(model: Any, pk: Any, campaign_id: int, sealed: bytes, lookup: str) -> bool:
    """True if the ballot was stored; False when the invitation (or code) had already been used."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        sql = _BALLOT_INSERT_SQL.format(table=model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk, uuid.uuid4(), campaign_id, sealed, lookup])
            (inserted,) = cursor.fetchone()
        return bool(inserted)
    with transaction.atomic():
        if model.objects.filter(pk=pk, used=False).update(used=True) != 1:
            return False
        Ballot.objects.create(campaign_id=campaign_id, sealed=sealed)
        Draft.objects.filter(lookup=lookup).delete()
        return True
