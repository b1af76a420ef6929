"""Campaigns: creation, edits, and the irreversible open, remind, close and publish."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.models import Job
from organisations import tree
from organisations.models import Organisation, Person, Unit
from surveys import ballotbox, signals
from surveys.anonymity import coarsen_attributes, reporting_units
from surveys.models import (
    NOT_DISCLOSED,
    REPORTING_ATTRIBUTES,
    Campaign,
    CampaignStatus,
    Comment,
    CommentStatus,
    Draft,
    EmailStatus,
    Invitation,
    InvitationKey,
    ItemKind,
    Questionnaire,
    Trustee,
)
from surveys.purge import destroy_campaign_rows
from surveys.services.base import (
    LOCKED_FIELDS,
    MIN_COMMENTS_FLOOR,
    MIN_N_FLOOR,
)
from surveys.services.emails import _reminder_targets
from surveys.trustees import MIN_TRUSTEES


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
        invitations = Invitation.objects.bulk_create(
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
        ids = [invitation.pk for invitation in invitations]
        if None in ids:  # a database that returns no ids from a bulk insert: a draft has no invitation before
            ids = list(Invitation.objects.filter(campaign=campaign).values_list("pk", flat=True))
        InvitationKey.objects.bulk_create(
            (InvitationKey(invitation_id=pk, campaign_id=campaign.pk) for pk in ids), batch_size=5000
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
        jobs.enqueue_on_commit(
            "surveys.tasks.send_campaign_emails", job_id=str(job.pk), campaign_id=campaign.pk, mode="invite"
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
    return campaign.invitations.filter(key__used=False, opted_out=False).exclude(
        email_status=EmailStatus.NO_EMAIL
    )


def campaign_remind(*, campaign: Campaign, by: Any) -> Job:
    """Queue a reminder to invitees who have not answered and did not ask to stop."""
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
        jobs.enqueue_on_commit(
            "surveys.tasks.send_campaign_emails", job_id=str(job.pk), campaign_id=campaign.pk, mode="remind"
        )
    return job


def campaign_close(*, campaign: Campaign, by: Any) -> Campaign:
    """Close: answering ends, drafts are deleted, and the list of who answered is erased.

    The campaign's ``InvitationKey`` rows (``used`` flags and personal-code hashes) are deleted in one step — the
    whole table truncated on PostgreSQL when no other campaign has keys (``surveys.purge``) — without touching
    the invitations, which stay for the participation denominators: a late link then gets the generic refusal
    (« n'est plus valable »). Paper codes are linked to no one; they go when the box is opened. The sealed
    ballots wait for a quorum of trustees (``surveys.trustees``).
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise ValidationError(_("Seule une campagne ouverte peut être close."))
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
        Draft.objects.filter(campaign=campaign).delete()
        destroy_campaign_rows(InvitationKey, campaign.pk)
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
    transaction.on_commit(lambda: signals.campaign_published.send(sender=Campaign, campaign=campaign, by=by))
    return campaign
