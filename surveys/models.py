"""Questionnaires, campaigns, invitations and anonymous responses.

Anonymity by construction (docs/anonymity.md, "Comment les réponses sont stockées"):

- ``Invitation`` knows the person and the e-mail status: no answer, no answer time. The hashes of the
  personal codes and the ``used`` flag are kept apart, in the narrow ``InvitationKey``.
- A submission is a ``Ballot``: sealed with the campaign's box key (``surveys.ballotbox``) and padded to a fixed
  size before anything is written; nothing in it is in clear but its campaign. The box opens only after close,
  with a quorum of trustees' keys (``Trustee``).
- ``Response`` and ``Comment`` are written once, when the box is opened, in one transaction and a random order,
  generalised so that every stored (unit × attributes) combination covers at least ``min_respondents``
  respondents; they know no person, token, IP address, user agent nor time, and have random UUIDs.
- ``InvitationKey`` (codes' hashes, ``used``: one answer per person, reminders) is erased at close, in one cheap
  step (its rows deleted, or the table truncated), without rewriting the wide invitations.
- No model of this app has ``HistoricalRecords``: nothing of a survey enters the audit history.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_CONCERNED = -2
NOT_DISCLOSED = "nc"  # coarse attribute value: « autre / non communiqué »
REPORTING_ATTRIBUTES = {
    "job_family": _("Métier"),
    "category": _("Catégorie"),
    "status": _("Statut"),
    "gender": _("Genre"),
    "age_band": _("Tranche d'âge"),
}


class QuestionnaireKind(models.TextChoices):
    BAROMETER = "barometer", _("Baromètre annuel")
    EVENT = "event", _("Satisfaction — événement annuel")
    NEWCOMERS = "newcomers", _("Nouveaux arrivants")
    OTHER = "other", _("Autre enquête")


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def for_organisation(self, organisation: Any) -> QuestionnaireQuerySet:
        return self.filter(organisation=organisation)

    def with_in_use(self) -> QuestionnaireQuerySet:
        """Annotate ``is_in_use`` in the same query (a page asks it once per question)."""
        opened = Campaign.objects.filter(questionnaire=models.OuterRef("pk")).exclude(
            status=CampaignStatus.DRAFT
        )
        return self.annotate(in_use_annotation=models.Exists(opened))


class Questionnaire(models.Model):
    """One version of a questionnaire. Copies keep the ``family`` and the item keys, with ``version`` + 1."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="questionnaires"
    )
    family = models.SlugField(_("famille"), max_length=60, help_text=_("Commune à toutes les versions."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionnaireKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    expected_minutes = models.PositiveSmallIntegerField(_("durée estimée (minutes)"), default=10)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind", "family", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "family", "version"], name="unique_questionnaire_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_in_use(self) -> bool:
        """A questionnaire is frozen as soon as one campaign has been opened on it. Pages read it from the
        annotation of ``with_in_use`` (one query); services ask the database every time."""
        annotated: bool | None = getattr(self, "in_use_annotation", None)
        if annotated is not None:
            return annotated
        return self.campaigns.exclude(status=CampaignStatus.DRAFT).exists()


class ItemKind(models.TextChoices):
    AGREEMENT = "agree5", _("Accord (5 points)")
    SCALE10 = "scale10", _("Échelle de 0 à 10")
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiple")
    TEXT = "text", _("Texte libre")


class Dimension(models.TextChoices):
    RELATIONS = "relations", _("Ambiance et relations de travail")
    SERVICE_PUBLIC = "service_public", _("Culture de service public et communication")
    SENS = "sens", _("Intérêt et sens du travail")
    CONDITIONS = "conditions", _("Conditions de travail")
    IMPLICATION = "implication", _("Sentiment d'implication")
    RECONNAISSANCE = "reconnaissance", _("Reconnaissance du travail")
    BIEN_ETRE = "bien_etre", _("Bien-être global")
    SATISFACTION = "satisfaction", _("Satisfaction")
    ACCUEIL = "accueil", _("Accueil et intégration")


AGREEMENT_LABELS = [
    (5, _("Tout à fait d'accord")),
    (4, _("Plutôt d'accord")),
    (3, _("Ni d'accord ni pas d'accord")),
    (2, _("Plutôt pas d'accord")),
    (1, _("Pas du tout d'accord")),
]


class Item(models.Model):
    """A question. ``key`` is stable across versions and years so that trends compare like with like.

    Stored answer values (``Response.answer_values()[key]``): ``agree5`` 1..5 (5 = tout à fait d'accord),
    ``scale10`` 0..10 (both in ``Response.scale``), ``single`` the chosen code (str), ``multiple`` a list of codes
    (both in ``Response.answers``); ``-2`` means « non concerné·e ». Free text never enters ``Response``: it
    becomes a separate ``Comment``.
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("clé"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    block = models.CharField(_("bloc"), max_length=120)
    kind = models.CharField(_("type"), max_length=10, choices=ItemKind.choices)
    text = models.CharField(_("énoncé"), max_length=500)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices, blank=True)
    axis = models.PositiveSmallIntegerField(_("axe du plan"), null=True, blank=True)
    choices = models.JSONField(_("choix"), default=list, blank=True, help_text=_("[[code, libellé], …]"))
    reverse = models.BooleanField(_("formulation négative"), default=False)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    allow_not_concerned = models.BooleanField(_("propose « non concerné·e »"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="unique_item_key")]

    def __str__(self) -> str:
        return self.key

    @property
    def is_scale(self) -> bool:
        return self.kind in {ItemKind.AGREEMENT, ItemKind.SCALE10}

    @property
    def scale_values(self) -> list[int]:
        if self.kind == ItemKind.AGREEMENT:
            return [1, 2, 3, 4, 5]
        if self.kind == ItemKind.SCALE10:
            return list(range(11))
        return []

    @property
    def favourable_values(self) -> list[int]:
        """Values counted as « favorable » (% favorable); reversed for negatively worded items."""
        if self.kind == ItemKind.AGREEMENT:
            return [1, 2] if self.reverse else [4, 5]
        if self.kind == ItemKind.SCALE10:
            return list(range(0, 4)) if self.reverse else list(range(7, 11))
        return []

    @property
    def options(self) -> list[tuple[str, str]]:
        """(value, label) pairs offered to the respondent, « non concerné·e » last."""
        if self.kind == ItemKind.AGREEMENT:
            opts = [(str(v), str(label)) for v, label in AGREEMENT_LABELS]
        elif self.kind == ItemKind.SCALE10:
            opts = [(str(v), str(v)) for v in range(11)]
        elif self.kind in {ItemKind.SINGLE, ItemKind.MULTIPLE}:
            opts = [(str(code), str(label)) for code, label in self.choices]
        else:
            return []
        if self.allow_not_concerned:
            opts.append((str(NOT_CONCERNED), str(_("Non concerné·e"))))
        return opts


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte")
    # Not the bare msgid "Close": Django's own French catalogue translates it as the verb « Fermer ».
    CLOSED = "closed", _("Clôturée")
    PUBLISHED = "published", _("Résultats publiés")


DEFAULT_HELP_TEXT = _(
    "Si vous traversez une période difficile, vous n'êtes pas seul·e. Vous pouvez vous adresser à la "
    "médecine de prévention (service de santé au travail), au service social du personnel (assistant·e "
    "social·e), à votre encadrant·e ou à un·e représentant·e du personnel. Une cellule d'écoute "
    "psychologique, gratuite et confidentielle, est également à votre disposition."
)
DEFAULT_INVITATION_MESSAGE = _(
    "Bonjour,\n\nVous êtes invité·e à répondre au baromètre de la qualité de vie et des conditions de travail. "
    "Vos réponses sont anonymes : personne, ni votre encadrant·e, ni les administrateur·rices, ne peut les "
    "relier à vous. Les résultats ne sont affichés que pour des groupes d'au moins cinq personnes.\n\n"
    "Merci de votre participation."
)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_organisation(self, organisation: Any) -> CampaignQuerySet:
        return self.filter(organisation=organisation)

    def open(self) -> CampaignQuerySet:
        return self.filter(status=CampaignStatus.OPEN)


class Campaign(models.Model):
    """A run of a questionnaire on a population. Population, attributes and thresholds lock at opening."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="campaigns"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("titre"), max_length=200)
    units = models.ManyToManyField(
        "organisations.Unit",
        related_name="survey_campaigns",
        verbose_name=_("unités interrogées"),
        help_text=_("Chaque unité choisie est interrogée avec tout ce qui se trouve en dessous."),
    )
    attribute_filters = models.JSONField(_("filtres de population"), default=dict, blank=True)
    reporting_attributes = models.JSONField(_("attributs de restitution"), default=list, blank=True)
    opens_on = models.DateField(_("date d'ouverture"))
    closes_on = models.DateField(_("date de clôture"))
    min_respondents = models.PositiveSmallIntegerField(_("seuil de répondants"), default=5)
    min_comments = models.PositiveSmallIntegerField(_("seuil pour les commentaires"), default=10)
    status = models.CharField(
        _("état"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    invitation_subject = models.CharField(
        _("objet de l'e-mail"), max_length=200, default=_("Baromètre QVCT : votre avis compte")
    )
    invitation_message = models.TextField(_("message d'invitation"), default=DEFAULT_INVITATION_MESSAGE)
    help_text = models.TextField(_("où trouver de l'aide"), default=DEFAULT_HELP_TEXT)
    reminder_rounds = models.PositiveSmallIntegerField(_("relances lancées"), default=0)
    # Opened before its opening date, a campaign waits: the daily job queues the invitations on that date.
    invitations_queued_on = models.DateField(null=True, blank=True, editable=False)
    results_shared_with_staff = models.BooleanField(
        _("résultats partagés avec les agents interrogés"),
        default=True,
        help_text=_(
            "Une fois les résultats publiés, chaque agent invité lit ceux de l'organisation entière (jamais "
            "ceux d'une unité)."
        ),
    )
    # The sealed ballot box (surveys/ballotbox.py): set at opening, erased once the box has been opened.
    quorum = models.PositiveSmallIntegerField(
        _("quorum des dépositaires"),
        default=2,
        help_text=_(
            "Nombre de dépositaires qui doivent déposer leur clé pour ouvrir l'urne après la clôture."
        ),
    )
    box_public_key = models.BinaryField(null=True, blank=True, editable=False)
    box_sealed_key = models.BinaryField(null=True, blank=True, editable=False)
    ballot_size = models.PositiveIntegerField(default=0, editable=False)
    box_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The scale items of the stored responses, in the order of their ``Response.scale`` bytes: the questionnaire's
    # agreement and 0-10 items at the opening of the box (a later edit of the questionnaire changes nothing).
    scale_keys = models.JSONField(default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status != CampaignStatus.DRAFT

    @property
    def box_waiting(self) -> bool:
        """The sealed ballot box exists and has not been opened yet (its answers are not readable)."""
        return self.box_sealed_key is not None and self.box_opened_at is None


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    NO_EMAIL = "no_email", _("Sans e-mail")


class Invitation(models.Model):
    """Who was invited. Holds no answer, no answer time, no code and no trace of having answered: those are
    in the invitation's ``InvitationKey`` (``key``), erased at close.

    ``reporting_unit`` and ``attributes`` are the coarse values frozen at opening (see ``anonymity.coarsen``);
    the response copies them. ``unit`` is the person's own unit at opening, for participation rates.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    reporting_unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    attributes = models.JSONField(default=dict)
    opted_out = models.BooleanField(default=False)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="unique_invitation_per_person"),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class InvitationKey(models.Model):
    """The hashes of an invitation's personal codes and whether it was used: the list of who answered.

    Kept apart from the wide ``Invitation`` so that closing a campaign erases it in one cheap step: its rows are
    deleted, or the whole table truncated when no other campaign has keys (``surveys.purge``), where clearing
    three columns of 1.2 M invitations rewrote every invitation row and its indexes (16.8 s). One row per
    invitation of a draft or open campaign; none once the campaign is closed (the invitations themselves stay:
    participation denominators, frozen attributes). ``campaign`` is copied here so that the close finds the rows
    without a join.
    """

    invitation = models.OneToOneField(
        Invitation, primary_key=True, on_delete=models.CASCADE, related_name="key"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    # unique where set (partial indexes, below; no LIKE index, which ``unique=True`` adds on PostgreSQL)
    token_hash = models.CharField(max_length=64, null=True, blank=True)
    reminder_token_hash = models.CharField(max_length=64, null=True, blank=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("clé d'invitation")
        verbose_name_plural = _("clés d'invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=models.Q(token_hash__isnull=False),
                name="unique_invitationkey_token_hash",
            ),
            models.UniqueConstraint(
                fields=["reminder_token_hash"],
                condition=models.Q(reminder_token_hash__isnull=False),
                name="unique_invitationkey_reminder_token_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"clé de l'invitation {self.invitation_id}"


class PaperCode(models.Model):
    """A single-use code printed on a sheet for a site and handed out in person: linked to no one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="paper_codes")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    reporting_unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("code papier")
        verbose_name_plural = _("codes papier")

    def __str__(self) -> str:
        return f"code {self.pk}"


class TrusteeQuerySet(models.QuerySet["Trustee"]):
    def deposited(self) -> TrusteeQuerySet:
        """Trustees whose key is deposited for the count (their share kept until the box is opened)."""
        return self.filter(deposit__isnull=False)


class Trustee(models.Model):
    """A key holder of a campaign's ballot box (*dépositaire*), like a member of an electoral office.

    ``public_key`` is the trustee's own (the private half was handed to them once and is not kept);
    ``sealed_share`` is their share of the box key, sealed to that public key at opening; ``deposit`` is the
    share they entered at the count, encrypted, until the box is opened (then erased).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="trustees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(default=0)
    public_key = models.BinaryField(null=True, blank=True)
    key_registered_at = models.DateTimeField(null=True, blank=True)
    sealed_share = models.BinaryField(null=True, blank=True)
    deposit = models.BinaryField(null=True, blank=True)
    deposited_at = models.DateTimeField(null=True, blank=True)

    objects = TrusteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dépositaire")
        verbose_name_plural = _("dépositaires")
        ordering = ["campaign", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="unique_trustee")]

    def __str__(self) -> str:
        return f"dépositaire {self.pk}"


class Ballot(models.Model):
    """A sealed submission: nothing in clear but its campaign. Random id; fixed size; no time, no person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("bulletin scellé")
        verbose_name_plural = _("bulletins scellés")

    def __str__(self) -> str:
        return "bulletin scellé"


SCALE_UNANSWERED = -1  # ``Response.scale`` code of a scale item left unanswered


def scale_encode(keys: Sequence[str], answers: Mapping[str, Any]) -> bytes:
    """The ``Response.scale`` bytes of ``answers``: one signed byte per key of ``keys`` (the answer, -2 for « non
    concerné·e », -1 when unanswered or not a whole number)."""
    codes = bytearray()
    for key in keys:
        value = answers.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and -2 <= value <= 127:
            codes.append(value & 0xFF)
        else:
            codes.append(SCALE_UNANSWERED & 0xFF)
    return bytes(codes)


def scale_decode(keys: Sequence[str], scale: bytes) -> dict[str, int]:
    """The scale answers held in ``scale`` (``scale_encode``), unanswered items left out."""
    values = (
        (key, code - 256 if code > 127 else code) for key, code in zip(keys, bytes(scale), strict=False)
    )
    return {key: value for key, value in values if value != SCALE_UNANSWERED}


class Response(models.Model):
    """One anonymous response: no person, token, IP, user agent or timestamp — by design, never add any.

    The scale answers (38 or so of a barometer's 40 items) are ``scale``: one signed byte per key of
    ``campaign.scale_keys`` (``scale_encode``), 40 bytes instead of about 600 of JSON; they are written at the
    count (1.2 M rows) and read by the results engine as one array. The other answers (single and multiple
    choices) are ``answers``, JSON. ``answer_values()`` gives them all as one mapping.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    attributes = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)
    scale = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return "réponse"

    @classmethod
    def of(cls, campaign: Campaign, answers: Mapping[str, Any], **fields: Any) -> Response:
        """A response holding ``answers`` (all kinds, as ``answer_values()`` gives them) for ``campaign``, whose
        ``scale_keys`` are set (the box is opened)."""
        keys = set(campaign.scale_keys)
        return cls(
            campaign=campaign,
            answers={k: v for k, v in answers.items() if k not in keys},
            scale=scale_encode(campaign.scale_keys, answers),
            **fields,
        )

    def answer_values(self) -> dict[str, Any]:
        """Every stored answer by item key: the scale answers and the choices."""
        return {**scale_decode(self.campaign.scale_keys, bytes(self.scale)), **self.answers}


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("À modérer")
    PUBLISHED = "published", _("Publié")
    REJECTED = "rejected", _("Écarté")


class Comment(models.Model):
    """A free-text answer, stored apart from its response (no link), moderated before display."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    item_key = models.SlugField(max_length=60)
    text = models.TextField()
    moderated_text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self) -> str:
        return "commentaire"


class Draft(models.Model):
    """A saved, unfinished answer, encrypted with a key derived from the respondent's own token.

    ``lookup`` is sha256("draft:" + token): without the token nobody can find whose draft it is nor read it.
    """

    lookup = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    payload = models.BinaryField()

    def __str__(self) -> str:
        return "brouillon"


class ParticipationSnapshot(models.Model):
    """Participation per unit, computed at most once a day (never live by one respondent)."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="participation")
    computed_at = models.DateTimeField()
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"participation {self.campaign_id}"
