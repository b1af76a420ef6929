"""The field loop: discussion spaces on work, situation-problems, photo diagnosis and after-action reviews.

No person is named in what a group writes: sessions store a number of participants and their roles, texts are
checked for staff names before saving (``field.forms.NameCheckMixin``), photos need an attestation or consents.
"""

from __future__ import annotations

import datetime
import os
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.limits import LONG_TEXT, NOTE_TEXT, PROPOSAL_TEXT, REASON_TEXT, max_length
from prevention.models import GollacAxis

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_ANSWER_DAYS = 30


class PrivateStorage(FileSystemStorage):
    """``MEDIA_ROOT/private``: never served as media, only streamed by a permission-checked view."""

    @cached_property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "private")

    @cached_property
    def base_url(self) -> None:  # type: ignore[override]
        return None


private_storage = PrivateStorage()


def _text(label: StrOrPromise, limit: int = NOTE_TEXT, blank: bool = False) -> models.TextField:
    return models.TextField(label, blank=blank, max_length=limit, validators=[max_length(limit)])


class FieldSettings(models.Model):
    """Per organisation: how long the steering committee has to answer, and who sits on it besides the
    programme leads."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="field_settings"
    )
    answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse du comité de pilotage (jours)"), default=DEFAULT_ANSWER_DAYS
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("autres membres du comité de pilotage"),
        help_text=_("Les pilotes QVT en font toujours partie."),
    )

    class Meta:
        verbose_name = _("réglages du travail de terrain")

    def __str__(self) -> str:
        return str(self.organisation)


class SpaceQuerySet(models.QuerySet["Space"]):
    def for_organisation(self, organisation_id: int) -> SpaceQuerySet:
        return self.filter(organisation_id=organisation_id)


class Space(models.Model):
    """An « espace de discussion sur le travail »: a team talks about its work and sends proposals."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="discussion_spaces"
    )
    name = models.CharField(_("nom"), max_length=200)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discussion_spaces",
        verbose_name=_("unité"),
    )
    work_unit = models.ForeignKey(
        "prevention.WorkUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discussion_spaces",
        verbose_name=_("unité de travail"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_spaces", verbose_name=_("animateurs")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="discussion_spaces", verbose_name=_("membres")
    )
    rules = _text(_("règles de fonctionnement convenues par le groupe"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("espace de discussion")
        verbose_name_plural = _("espaces de discussion")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def place(self) -> str:
        return str(self.work_unit or self.unit or "")


class SpaceSession(models.Model):
    """A session of a space: how many took part and in which roles (no names), themes, what was said."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date de la séance"))
    participant_count = models.PositiveSmallIntegerField(_("nombre de participants"))
    participant_roles = models.CharField(
        _("fonctions des participants"),
        max_length=300,
        help_text=_("Par ex. « 4 enseignants, 1 CPE, 2 AED » : des fonctions, jamais des noms."),
    )
    themes = models.CharField(_("thèmes abordés"), max_length=300)
    said = _text(_("ce qui s'est dit, avec les mots du groupe"), LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.space} — {self.held_on:%d/%m/%Y}"


class AnswerStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    STUDYING = "studying", _("À l'étude")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class AcceptedAs(models.TextChoices):
    PLAN_ACTION = "plan_action", _("Action du plan QVT")
    LOCAL_ACTION = "local_action", _("Action locale")
    MEASURE = "measure", _("Mesure du programme de prévention (PAPRIPACT)")


class SpaceProposalQuerySet(models.QuerySet["SpaceProposal"]):
    def for_organisation(self, organisation_id: int) -> SpaceProposalQuerySet:
        return self.filter(space__organisation_id=organisation_id)

    def late(self, today: datetime.date) -> SpaceProposalQuerySet:
        """Past their answer date with no answer yet (« à l'étude » counts as an answer)."""
        return self.filter(status=AnswerStatus.PENDING, answer_due_on__lt=today)


class SpaceProposal(models.Model):
    """A proposal of a space to the steering committee, and its answer."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="proposals")
    session = models.ForeignKey(
        SpaceSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    text = _text(_("la proposition, avec les mots du groupe"), PROPOSAL_TEXT)
    dimension = models.CharField(_("dimension du baromètre"), max_length=20, blank=True)
    actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="field_proposals", verbose_name=_("actions du plan liées")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answer_due_on = models.DateField(_("réponse attendue le"))
    status = models.CharField(
        _("réponse"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.PENDING
    )
    accepted_as = models.CharField(_("acceptée comme"), max_length=14, choices=AcceptedAs.choices, blank=True)
    answer_text = _text(_("réponse du comité"), blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_measure = models.ForeignKey(
        "prevention.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="field_proposals",
    )

    objects = SpaceProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition d'un espace")
        verbose_name_plural = _("propositions des espaces")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.status == AnswerStatus.PENDING and self.answer_due_on < timezone.localdate()

    @property
    def is_final(self) -> bool:
        return self.status in (AnswerStatus.ACCEPTED, AnswerStatus.REFUSED)


class SituationProblemQuerySet(models.QuerySet["SituationProblem"]):
    def for_organisation(self, organisation_id: int) -> SituationProblemQuerySet:
        return self.filter(organisation_id=organisation_id)


class SituationProblem(models.Model):
    """One concrete problem analysed on the Anact method's template (seed 004)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="situation_problems"
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="situation_problems",
        verbose_name=_("espace de discussion"),
    )
    work_unit = models.ForeignKey(
        "prevention.WorkUnit", on_delete=models.PROTECT, related_name="situation_problems"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    occurred = models.CharField(_("quand"), max_length=200)
    place = models.CharField(_("où"), max_length=200)
    roles = models.CharField(
        _("qui (fonctions)"), max_length=300, help_text=_("Des fonctions, jamais des noms.")
    )
    what_happened = _text(_("ce qui s'est passé"))
    problem = _text(_("le problème"))
    consequences = _text(_("ses conséquences"))
    coping = _text(_("ce qui est fait aujourd'hui pour faire face"), blank=True)
    ideas = _text(_("pistes d'action"), blank=True)
    dimension = models.CharField(_("dimension du baromètre"), max_length=20, blank=True)
    actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="field_situations", verbose_name=_("actions du plan liées")
    )
    risks = models.ManyToManyField(
        "prevention.Risk", blank=True, related_name="field_situations", verbose_name=_("risques du DUERP")
    )
    measures = models.ManyToManyField(
        "prevention.Measure",
        blank=True,
        related_name="field_situations",
        verbose_name=_("mesures du PAPRIPACT"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SituationProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("situation-problème")
        verbose_name_plural = _("situations-problèmes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Cause(models.Model):
    situation = models.ForeignKey(SituationProblem, on_delete=models.CASCADE, related_name="causes")
    text = _text(_("cause"))
    axis = models.CharField(_("axe (Gollac)"), max_length=12, choices=GollacAxis.choices)
    sub_factor = models.CharField(_("facteur"), max_length=20)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def sub_factor_label(self) -> str:
        from field.gollac import sub_factor_label

        return sub_factor_label(self.axis, self.sub_factor)


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")


class PlanStep(models.Model):
    """A line of the situation-problem's action plan. The owner is a function, not a name."""

    situation = models.ForeignKey(SituationProblem, on_delete=models.CASCADE, related_name="steps")
    solution = _text(_("solution opérationnelle"))
    owner = models.CharField(_("responsable (fonction)"), max_length=200)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=StepStatus.choices, default=StepStatus.PLANNED
    )

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.solution[:60]


def photo_path(instance: Photo, filename: str) -> str:
    return f"field/photos/{instance.organisation_id}/{uuid.uuid4().hex}.jpg"


class PhotoQuerySet(models.QuerySet["Photo"]):
    def shown(self) -> PhotoQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Photo(models.Model):
    """A photo of the diagnosis: stripped of EXIF, resized, private, hidden at once when consent is withdrawn."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="field_photos"
    )
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True, related_name="photos")
    situation = models.ForeignKey(
        SituationProblem, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    image = models.FileField(storage=private_storage, upload_to=photo_path)
    caption = models.CharField(_("légende"), max_length=300)
    alt_text = models.CharField(_("texte alternatif"), max_length=300)
    no_identifiable_person = models.BooleanField(_("aucune personne identifiable"), default=False)
    people_count = models.PositiveSmallIntegerField(_("personnes identifiables"), null=True, blank=True)
    consent_capture = models.BooleanField(_("consentement à la prise de vue"), default=False)
    consent_publish = models.BooleanField(_("consentement à la diffusion"), default=False)
    consent_on = models.DateField(_("date des consentements"), null=True, blank=True)
    consent_how = models.CharField(
        _("comment les consentements ont été recueillis"), max_length=300, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("consentement retiré le"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("motif"), max_length=REASON_TEXT, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption


class AfterActionReviewQuerySet(models.QuerySet["AfterActionReview"]):
    def for_organisation(self, organisation_id: int) -> AfterActionReviewQuerySet:
        return self.filter(organisation_id=organisation_id)


class AfterActionReview(models.Model):
    """A blame-free after-action review (« retour d'expérience »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="field_reviews"
    )
    subject = models.CharField(_("sujet"), max_length=250)
    happened_on = models.DateField(_("date des faits"), null=True, blank=True)
    what_happened = _text(_("ce qui s'est passé"), LONG_TEXT)
    analysis = _text(_("analyse"), LONG_TEXT)
    lessons = _text(_("enseignements"), LONG_TEXT)
    actions = _text(_("actions"), LONG_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AfterActionReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour d'expérience")
        verbose_name_plural = _("retours d'expérience")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
