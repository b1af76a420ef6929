"""The network's shared side: memberships of organisations, action stories and the peer directory.

A network (``organisations.Network``) hosts its facilitators: a facilitator of network N is a user holding
``Role.NETWORK_FACILITATOR`` on the organisation whose membership of N is ``is_host`` (the regional health agency,
the Aract, the academy's network office). Facilitators curate what members chose to share, never their private data.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import NOTE_TEXT, REASON_TEXT, max_length
from practices import geography, themes

STORY_TEXT = 5_000  # each section of a story
PEER_MESSAGE_TEXT = 3_000


class NetworkMembership(models.Model):
    """An organisation's membership of a network, with what it agrees to share."""

    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("réseau"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    shares_stories = models.BooleanField(
        _("partager nos récits d'action avec le réseau"),
        default=True,
        help_text=_(
            "Décoché : vos récits, même publiés, n'apparaissent plus dans la recherche ni sur la carte."
        ),
    )
    shows_on_map = models.BooleanField(
        _("figurer sur la carte des membres"),
        default=True,
        help_text=_("Votre organisation est comptée dans son département sur la carte du réseau."),
    )
    is_host = models.BooleanField(
        _("organisation animatrice"),
        default=False,
        help_text=_("Ses animateur·rices réseau animent ce réseau (modération, pratiques remarquables)."),
    )
    departement = models.CharField(
        _("département (code INSEE)"),
        max_length=3,
        blank=True,
        validators=[geography.validate_departement],
    )
    joined_on = models.DateField(_("membre depuis"), default=timezone.localdate)

    class Meta:
        verbose_name = _("adhésion à un réseau")
        verbose_name_plural = _("adhésions à un réseau")
        ordering = ["network__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="unique_network_membership")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.network}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    WITHDRAWN = "withdrawn", _("Retirée")


class NetworkInvitation(models.Model):
    """A facilitator's invitation to an organisation to join their network.

    While it is pending it gives access to nothing: only a ``NetworkMembership``, created when the organisation's
    programme lead accepts (choosing what it shares), makes the organisation a member."""

    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("réseau"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="network_invitations",
        verbose_name=_("organisation"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(_("invitée le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation à rejoindre un réseau")
        verbose_name_plural = _("invitations à rejoindre un réseau")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_network_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.network}"


class Sector(models.TextChoices):
    STATE = "state", _("Fonction publique de l'État")
    LOCAL = "local", _("Fonction publique territoriale")
    HOSPITAL = "hospital", _("Fonction publique hospitalière")


class SizeBand(models.TextChoices):
    SMALL = "lt50", _("Moins de 50 agents")
    MEDIUM = "50-249", _("50 à 249 agents")
    LARGE = "250-999", _("250 à 999 agents")
    XLARGE = "1000+", _("1 000 agents et plus")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En attente de modération")
    PUBLISHED = "published", _("Publié")
    RETURNED = "returned", _("Renvoyé à son auteur·rice")


class StoryVisibility(models.TextChoices):
    NETWORK = "network", _("Membres du réseau")
    PUBLIC = "public", _("Tout le monde")


def _shared() -> Exists:
    """The story's organisation is a member of the story's network that shares its stories."""
    return Exists(
        NetworkMembership.objects.filter(
            network_id=OuterRef("network_id"),
            organisation_id=OuterRef("organisation_id"),
            shares_stories=True,
        )
    )


class StoryQuerySet(models.QuerySet["Story"]):
    def published(self) -> StoryQuerySet:
        """Published after moderation, by an organisation that still shares its stories."""
        return self.filter(_shared(), status=StoryStatus.PUBLISHED)

    def readable_by_networks(self, network_ids: set[int]) -> StoryQuerySet:
        """Published stories open to the public, or to members of one of ``network_ids``."""
        return self.published().filter(Q(visibility=StoryVisibility.PUBLIC) | Q(network_id__in=network_ids))

    def with_theme(self, code: str) -> StoryQuerySet:
        return self.filter(themes__contains=f",{code},")

    def in_region(self, region: str) -> StoryQuerySet:
        return self.filter(departement__in=geography.departements_of(region))


class Story(models.Model):
    """An action story (récit d'action): what an organisation did for QVT, and what others may take from it."""

    network = models.ForeignKey(
        "organisations.Network", on_delete=models.CASCADE, related_name="stories", verbose_name=_("réseau")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur·rice"),
    )
    source_action = models.ForeignKey(
        "plans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action du plan d'origine"),
    )
    title = models.CharField(_("titre"), max_length=200)
    context = models.TextField(
        _("contexte"), validators=[max_length(STORY_TEXT)], help_text=_("La situation de départ, le besoin.")
    )
    actions = models.TextField(_("ce qui a été fait"), validators=[max_length(STORY_TEXT)])
    levers = models.TextField(
        _("leviers"),
        validators=[max_length(STORY_TEXT)],
        help_text=_("Ce qui a permis d'agir : acteurs, dialogue social, moyens, méthode."),
    )
    effects = models.TextField(
        _("effets"),
        validators=[max_length(STORY_TEXT)],
        help_text=_("Les effets observés, chiffrés quand c'est possible (absentéisme, participation…)."),
    )
    lessons = models.TextField(_("ce qu'il faut retenir"), validators=[max_length(STORY_TEXT)])
    sector = models.CharField(_("versant"), max_length=10, choices=Sector.choices)
    size_band = models.CharField(_("taille"), max_length=10, choices=SizeBand.choices)
    departement = models.CharField(
        _("département (code INSEE)"), max_length=3, validators=[geography.validate_departement]
    )
    themes = models.CharField(_("thèmes"), max_length=400, blank=True)
    duration = models.CharField(_("durée"), max_length=100, blank=True, help_text=_("Par ex. « 18 mois »."))
    cost = models.CharField(_("coût"), max_length=100, blank=True, help_text=_("Par ex. « 12 000 € »."))
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_role = models.CharField(_("sa fonction"), max_length=150, blank=True)
    contact_email = models.EmailField(_("son adresse e-mail"), blank=True)
    contact_consent_at = models.DateTimeField(_("accord de la personne recueilli le"), null=True, blank=True)
    contact_revoked_at = models.DateTimeField(_("accord retiré le"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=StoryVisibility.choices, default=StoryVisibility.NETWORK
    )
    return_reason = models.TextField(_("motif du renvoi"), blank=True, validators=[max_length(REASON_TEXT)])
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    remarkable = models.BooleanField(_("pratique remarquable"), default=False)
    remarkable_at = models.DateTimeField(null=True, blank=True)
    remarkable_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("récit d'action")
        verbose_name_plural = _("récits d'action")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["network", "status"]), models.Index(fields=["departement"])]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_codes(self) -> list[str]:
        return themes.decode(self.themes)

    @property
    def theme_labels(self) -> list[str]:
        return [str(themes.THEME_LABELS[code]) for code in self.theme_codes if code in themes.THEME_LABELS]

    @property
    def region(self) -> str:
        return geography.region_of(self.departement)

    @property
    def region_name(self) -> str:
        found = geography.regions().get(self.region)
        return found.name if found else ""

    @property
    def departement_name(self) -> str:
        found = geography.departements().get(self.departement)
        return found.name if found else ""

    @property
    def shows_contact(self) -> bool:
        return bool(self.contact_name and self.contact_consent_at and not self.contact_revoked_at)

    @property
    def is_editable(self) -> bool:
        return self.status in {StoryStatus.DRAFT, StoryStatus.RETURNED}


class PeerProfileQuerySet(models.QuerySet["PeerProfile"]):
    def listed(self) -> PeerProfileQuerySet:
        """Profiles whose person consents now: a revoked consent hides the profile at once."""
        return self.filter(consent_at__isnull=False, revoked_at__isnull=True, user__is_active=True)


class PeerProfile(models.Model):
    """An opt-in entry of the peer directory: who I am, what I can talk about, how to reach me."""

    network = models.ForeignKey(
        "organisations.Network", on_delete=models.CASCADE, related_name="peers", verbose_name=_("réseau")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profiles")
    role_title = models.CharField(_("fonction"), max_length=150)
    topics = models.TextField(
        _("sujets sur lesquels échanger"),
        validators=[max_length(NOTE_TEXT)],
        help_text=_("Un sujet par ligne."),
    )
    reach = models.CharField(
        _("comment me joindre"),
        max_length=300,
        help_text=_("Par ex. « message par la plateforme, je rappelle dans la semaine »."),
    )
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("consentement retiré le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("annuaire des pairs")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="unique_peer_profile")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    @property
    def is_listed(self) -> bool:
        return self.consent_at is not None and self.revoked_at is None


def _reply_token() -> str:
    return secrets.token_urlsafe(32)


class PeerMessage(models.Model):
    """A first message to a peer, e-mailed by a background job without either address.

    The e-mail carries a reply link; only the peer, signed in, opens it, and only then is the sender's address shown
    (to the peer). From there the two write to each other directly.
    """

    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("message"), validators=[max_length(PEER_MESSAGE_TEXT)])
    reply_token = models.CharField(max_length=64, unique=True, default=_reply_token, editable=False)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(_("adresse communiquée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
