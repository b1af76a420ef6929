"""Writes of the network: stories and their moderation, peer profiles and first messages between peers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit
from core.models import Job, JobStatus
from practices import themes
from practices.models import (
    InvitationStatus,
    NetworkInvitation,
    NetworkMembership,
    PeerMessage,
    PeerProfile,
    Story,
    StoryStatus,
)

# --- Networks and memberships --------------------------------------------------------------------------------


@transaction.atomic
def network_create(*, name: str, host: Any, departement: str = "", by: Any) -> Any:
    """A platform administrator creates a network and names its host organisation (whose facilitators animate it)."""
    from organisations.models import Network

    network = Network(name=name.strip())
    network.full_clean()
    network.save()
    membership = NetworkMembership(network=network, organisation=host, is_host=True, departement=departement)
    membership.full_clean()
    membership.save()
    return network


@transaction.atomic
def network_invite(*, network: Any, organisation: Any, by: Any) -> NetworkInvitation:
    """A facilitator invites an organisation; it becomes a member only once its programme lead accepts."""
    if NetworkMembership.objects.filter(network=network, organisation=organisation).exists():
        raise ValidationError(_("Cette organisation est déjà membre du réseau."))
    if NetworkInvitation.objects.filter(
        network=network, organisation=organisation, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError(_("Cette organisation a déjà une invitation en attente."))
    invitation = NetworkInvitation.objects.create(network=network, organisation=organisation, invited_by=by)
    enqueue_on_commit("practices.tasks.notify_invitation", invitation_id=invitation.pk)
    return invitation


def invitation_notify(*, invitation_id: int) -> int:
    """Run by the worker: e-mail the invitation to those who answer it — the invited organisation's programme
    leads and administrators of the whole organisation (active accounts). Returns how many were written to;
    nothing once the invitation is answered."""
    from accounts.models import RoleGrant
    from accounts.perms import MANAGE_ROLES

    invitation = (
        NetworkInvitation.objects.select_related("network", "organisation", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return 0
    recipients = sorted(
        set(
            RoleGrant.objects.filter(
                organisation=invitation.organisation,
                unit__isnull=True,
                role__in=MANAGE_ROLES,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("practices:invitation_answer", args=[invitation.pk])
    subject = _("Invitation à rejoindre le réseau « %(network)s »") % {"network": invitation.network.name}
    body = _(
        "Bonjour,\n\nL'animation du réseau « %(network)s » invite %(organisation)s à en devenir membre : partager "
        "des récits d'actions, rejoindre l'annuaire des pairs, participer aux événements du réseau. Rien n'est "
        "partagé tant que vous n'avez pas accepté, et vous choisissez ce que vous partagez.\n\nPour accepter ou "
        "décliner :\n\n%(link)s"
    ) % {"network": invitation.network.name, "organisation": invitation.organisation.name, "link": link}
    for email in recipients:  # one message each: no one sees the others' addresses
        send_mail(subject, body, None, [email])
    return len(recipients)


@transaction.atomic
def invitation_withdraw(*, invitation: NetworkInvitation, by: Any) -> NetworkInvitation:
    """A facilitator withdraws a pending invitation (the organisation may be invited again later)."""
    invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
    _answer(invitation, InvitationStatus.WITHDRAWN, by)
    return invitation


def _answer(invitation: NetworkInvitation, status: str, by: Any) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Cette invitation a déjà reçu une réponse."))
    invitation.status, invitation.answered_at, invitation.answered_by = status, timezone.now(), by
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def invitation_accept(
    *, invitation: NetworkInvitation, membership: NetworkMembership, by: Any
) -> NetworkMembership:
    """The invited organisation's programme lead accepts, with what it shares (``membership``, not saved yet)."""
    _answer(invitation, InvitationStatus.ACCEPTED, by)
    membership.network, membership.organisation, membership.is_host = (
        invitation.network,
        invitation.organisation,
        False,
    )
    membership.joined_on = timezone.localdate()
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def invitation_decline(*, invitation: NetworkInvitation, by: Any) -> NetworkInvitation:
    _answer(invitation, InvitationStatus.DECLINED, by)
    return invitation


@transaction.atomic
def membership_end(*, membership: NetworkMembership, by: Any) -> None:
    """End a membership (the member leaves, or a facilitator ends it). The host's membership cannot end: its
    facilitators animate the network.

    What happens to what the organisation shared with this network: its published stories are no longer shown
    (to the members, to the public, on the map, in the API: ``Story.objects.published`` requires a membership);
    they stay with the organisation and show again if it rejoins. Its stories waiting for moderation go back to
    draft (out of the facilitators' queue). Its people's profiles in the network's peer directory are withdrawn.
    Its people no longer see the network's member-only stories, peers and events."""
    if membership.is_host:
        raise ValidationError(_("L'organisation animatrice ne peut pas quitter son propre réseau."))
    Story.objects.filter(
        network_id=membership.network_id,
        organisation_id=membership.organisation_id,
        status=StoryStatus.SUBMITTED,
    ).update(status=StoryStatus.DRAFT, submitted_at=None, updated_at=timezone.now())
    PeerProfile.objects.listed().filter(
        network_id=membership.network_id, organisation_id=membership.organisation_id
    ).update(revoked_at=timezone.now())
    membership.delete()


# --- Stories ----------------------------------------------------------------------------------------------------


def _membership(story: Story) -> NetworkMembership | None:
    return NetworkMembership.objects.filter(network=story.network, organisation=story.organisation).first()


@transaction.atomic
def story_save(*, story: Story, by: Any, contact_consent: bool) -> Story:
    """Create or edit a draft (or returned) story. The contact's consent is recorded with its date."""
    if not story.is_editable:
        raise ValidationError(_("Ce récit n'est plus modifiable : il est en modération ou publié."))
    if _membership(story) is None:
        raise ValidationError(_("Votre organisation n'est pas membre de ce réseau."))
    if story.author_id is None:
        story.author = by
    if story.contact_name and contact_consent and not story.contact_consent_at:
        story.contact_consent_at, story.contact_revoked_at = timezone.now(), None
    if story.contact_name and not contact_consent:
        story.contact_consent_at = None
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_from_action(*, action: Any, network: Any, organisation: Any, by: Any) -> Story:
    """A draft story prefilled in one step from a plan action (title, context, what was done, benefits)."""
    story = Story(
        network=network,
        organisation=organisation,
        author=by,
        source_action=action,
        title=action.title[:200],
        context=action.context[:5000],
        actions=action.concrete_actions[:5000],
        levers="",
        effects=action.indirect_benefits[:5000],
        lessons="",
    )
    if _membership(story) is None:
        raise ValidationError(_("Votre organisation n'est pas membre de ce réseau."))
    story.save()  # a draft: the required sections are checked when the author saves or submits it
    return story


def situation_is_closed(situation: Any) -> bool:
    """A situation-problem is closed once its action plan has steps and every one of them is done."""
    statuses = [step.status for step in situation.steps.all()]
    return bool(statuses) and all(status == "done" for status in statuses)


@transaction.atomic
def story_from_situation(*, situation: Any, network: Any, by: Any) -> Story:
    """A draft story prefilled in one step from a closed situation-problem (field app): what happened and the
    problem as context, the done steps as what was done, the ideas as what to keep, the causes' Gollac axes as
    themes."""
    if not situation_is_closed(situation):
        raise ValidationError(
            _("Seule une situation-problème dont toutes les étapes sont réalisées fait un récit.")
        )
    context = "\n\n".join(
        part for part in (situation.what_happened, situation.problem, situation.consequences) if part
    )
    done = "\n".join(f"- {step.solution} ({step.owner})" for step in situation.steps.all())
    axes = sorted({f"gollac:{cause.axis}" for cause in situation.causes.all()})
    story = Story(
        network=network,
        organisation=situation.organisation,
        author=by,
        title=situation.title[:200],
        context=context[:5000],
        actions=done[:5000],
        levers=situation.coping[:5000],
        effects="",
        lessons=situation.ideas[:5000],
        themes=themes.encode(axes),
    )
    if _membership(story) is None:
        raise ValidationError(_("Votre organisation n'est pas membre de ce réseau."))
    story.save()
    return story


@transaction.atomic
def story_submit(*, story: Story, by: Any) -> Story:
    if not story.is_editable:
        raise ValidationError(_("Ce récit a déjà été soumis."))
    story.full_clean()
    story.status, story.submitted_at, story.return_reason = StoryStatus.SUBMITTED, timezone.now(), ""
    story.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    return story


@transaction.atomic
def story_publish(*, story: Story, by: Any) -> Story:
    if story.status != StoryStatus.SUBMITTED:
        raise ValidationError(_("Seul un récit en attente de modération peut être publié."))
    story.status, story.published_at, story.moderated_by = StoryStatus.PUBLISHED, timezone.now(), by
    story.save(update_fields=["status", "published_at", "moderated_by", "updated_at"])
    enqueue_on_commit("practices.tasks.notify_story_author", story_id=story.pk)
    return story


@transaction.atomic
def story_return(*, story: Story, by: Any, reason: str) -> Story:
    if story.status != StoryStatus.SUBMITTED:
        raise ValidationError(_("Seul un récit en attente de modération peut être renvoyé."))
    story.status, story.return_reason, story.moderated_by = StoryStatus.RETURNED, reason, by
    story.full_clean()
    story.save(update_fields=["status", "return_reason", "moderated_by", "updated_at"])
    enqueue_on_commit("practices.tasks.notify_story_author", story_id=story.pk)
    return story


def story_author_notify(*, story_id: int) -> bool:
    """Run by the worker: tell the story's author it was published, or returned with the facilitator's reason."""
    story = Story.objects.select_related("author", "network").filter(pk=story_id).first()
    if story is None or story.author is None or not story.author.is_active:
        return False
    link = settings.SITE_URL + reverse("practices:story", args=[story.pk])
    if story.status == StoryStatus.PUBLISHED:
        subject = _("Votre récit « %(title)s » est publié") % {"title": story.title}
        body = _(
            "Bonjour,\n\nL'animation du réseau « %(network)s » a publié votre récit « %(title)s ». Il apparaît "
            "désormais dans la recherche et sur la carte du réseau.\n\n%(link)s"
        ) % {"network": story.network.name, "title": story.title, "link": link}
    elif story.status == StoryStatus.RETURNED:
        subject = _("Votre récit « %(title)s » vous est renvoyé") % {"title": story.title}
        body = _(
            "Bonjour,\n\nL'animation du réseau « %(network)s » vous renvoie votre récit « %(title)s » avec ce "
            "motif :\n\n%(reason)s\n\nComplétez-le puis soumettez-le de nouveau :\n\n%(link)s"
        ) % {"network": story.network.name, "title": story.title, "reason": story.return_reason, "link": link}
    else:
        return False
    send_mail(subject, body, None, [story.author.email])
    return True


@transaction.atomic
def story_set_remarkable(*, story: Story, by: Any, remarkable: bool) -> Story:
    if story.status != StoryStatus.PUBLISHED:
        raise ValidationError(_("Seul un récit publié peut être une pratique remarquable."))
    story.remarkable = remarkable
    story.remarkable_at, story.remarkable_by = (timezone.now(), by) if remarkable else (None, None)
    story.save(update_fields=["remarkable", "remarkable_at", "remarkable_by", "updated_at"])
    return story


@transaction.atomic
def story_contact_revoke(*, story: Story, by: Any) -> Story:
    """The contact withdrew their consent: their name and address are erased at once, the date kept."""
    story.contact_name = story.contact_role = story.contact_email = ""
    story.contact_consent_at, story.contact_revoked_at = None, timezone.now()
    story.save(
        update_fields=[
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_consent_at",
            "contact_revoked_at",
            "updated_at",
        ]
    )
    return story


@transaction.atomic
def peer_profile_save(*, profile: PeerProfile, by: Any) -> PeerProfile:
    """Save one's own profile; saving it is the consent to be listed, recorded with its date."""
    profile.user = by
    profile.consent_at, profile.revoked_at = timezone.now(), None
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def peer_profile_revoke(*, profile: PeerProfile) -> PeerProfile:
    profile.revoked_at = timezone.now()
    profile.save(update_fields=["revoked_at"])
    return profile


@transaction.atomic
def peer_message_send(*, profile: PeerProfile, sender: Any, subject: str, body: str) -> PeerMessage:
    """Queue the e-mail to the peer (a background job); neither address is shown to the other person."""
    job = Job.objects.create(
        organisation=profile.organisation,
        owner=sender,
        kind="peer_message",
        label=_("Envoi de votre message à %(peer)s") % {"peer": profile.user.get_full_name() or _("un pair")},
    )
    message = PeerMessage(profile=profile, sender=sender, subject=subject, body=body, job=job)
    message.full_clean()
    message.save()
    enqueue_on_commit("practices.tasks.deliver_peer_message", message_id=message.pk)
    return message


def peer_message_deliver(*, message_id: int) -> None:
    """Run by the worker: e-mail the peer the message and their reply link (the sender's address is not in it)."""
    message = PeerMessage.objects.select_related("profile__user", "sender", "job").get(pk=message_id)
    job = message.job
    if job is not None:
        job.start()
    link = settings.SITE_URL + reverse("practices:peer_reply", kwargs={"token": message.reply_token})
    body = _(
        "Bonjour,\n\n%(sender)s, membre du réseau, vous écrit par l'annuaire des pairs de Qualivie :\n\n"
        "Objet : %(subject)s\n\n%(body)s\n\n"
        "Pour lui répondre, ouvrez ce lien (connexion requise) : son adresse vous sera alors communiquée, à vous "
        "seul·e, et vous pourrez lui écrire directement.\n\n%(link)s\n\n"
        "Votre adresse ne lui a pas été communiquée. Pour ne plus figurer dans l'annuaire, retirez votre "
        "consentement depuis votre profil de pair."
    ) % {
        "sender": message.sender.get_full_name() or _("Un·e membre"),
        "subject": message.subject,
        "body": message.body,
        "link": link,
    }
    try:
        send_mail(
            _("Message d'un pair : %(subject)s") % {"subject": message.subject},
            body,
            None,
            [message.profile.user.email],
        )
    except OSError:
        if job is not None:
            job.finish(JobStatus.FAILED, _("L'envoi a échoué ; réessayez plus tard."))
        raise
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])
    if job is not None:
        job.finish(JobStatus.DONE, _("Votre message a été envoyé."))


@transaction.atomic
def peer_message_reveal(*, message: PeerMessage) -> PeerMessage:
    """The peer opened the reply link: from now on they see the sender's address (only they do)."""
    if message.revealed_at is None:
        message.revealed_at = timezone.now()
        message.save(update_fields=["revealed_at"])
    return message
