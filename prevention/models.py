"""The risk register (document unique d'évaluation des risques professionnels, DUERP) and the annual prevention
programme (PAPRIPACT), per work unit (unité de travail).

Work units default to the organisation's units (one work unit per unit, created on demand); an organisation
may group several units into one work unit or split a unit into several (a hospital service, a school's vie
scolaire team).
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import LONG_TEXT, NOTE_TEXT, REASON_TEXT, max_length


class GollacAxis(models.TextChoices):
    """The six axes of psychosocial risk factors of the Gollac report (2011)."""

    INTENSITY = "intensity", _("Intensité et temps de travail")
    EMOTIONAL = "emotional", _("Exigences émotionnelles")
    AUTONOMY = "autonomy", _("Manque d'autonomie")
    RELATIONS = "relations", _("Rapports sociaux au travail dégradés")
    VALUES = "values", _("Conflits de valeurs")
    INSECURITY = "insecurity", _("Insécurité de la situation de travail")


class DangerFamily(models.TextChoices):
    """Families of danger of the register (after INRS ED 840), psychosocial risks set apart with their axis."""

    FALL_SAME_LEVEL = "fall_same_level", _("Chute de plain-pied")
    FALL_HEIGHT = "fall_height", _("Chute de hauteur")
    MANUAL_HANDLING = "manual_handling", _("Manutention manuelle et postures")
    MECHANICAL_HANDLING = "mechanical_handling", _("Manutention mécanique")
    TRAFFIC = "traffic", _("Circulation et déplacements dans l'établissement")
    ROAD = "road", _("Risque routier")
    MACHINES = "machines", _("Machines et outils")
    CHEMICAL = "chemical", _("Produits chimiques, émissions et déchets")
    BIOLOGICAL = "biological", _("Agents biologiques")
    NOISE = "noise", _("Bruit")
    VIBRATION = "vibration", _("Vibrations")
    THERMAL = "thermal", _("Ambiances thermiques")
    LIGHTING = "lighting", _("Éclairage")
    ELECTRICAL = "electrical", _("Électricité")
    FIRE = "fire", _("Incendie et explosion")
    RADIATION = "radiation", _("Rayonnements")
    SCREEN = "screen", _("Travail sur écran")
    FALLING_OBJECTS = "falling_objects", _("Chutes d'objets, effondrements")
    VIOLENCE = "violence", _("Agressions et violences externes")
    PSYCHOSOCIAL = "psychosocial", _("Risques psychosociaux")
    OTHER = "other", _("Autre")


class WorkUnit(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="work_units"
    )
    name = models.CharField(_("nom"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Saisi dans les formulaires pour choisir l'unité de travail (celui de l'unité par défaut)."
        ),
    )  # never empty once saved: ``save`` gives ``UT<id>`` (forms pick a work unit by its code)
    units = models.ManyToManyField(
        "organisations.Unit",
        related_name="work_units",
        verbose_name=_("unités couvertes"),
        help_text=_("Une unité de travail couvre une ou plusieurs unités, ou une partie d'une unité."),
    )
    description = models.TextField(
        _("description"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    headcount = models.PositiveIntegerField(_("effectif"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unité de travail")
        verbose_name_plural = _("unités de travail")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~models.Q(code=""), name="unique_work_unit_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A work unit saved without a code gets ``UT<id>``: pickers find a work unit by its code only."""
        super().save(*args, **kwargs)
        if not self.code:
            self.code = automatic_code(self.pk)
            WorkUnit.objects.filter(pk=self.pk).update(code=self.code)


def automatic_code(pk: int) -> str:
    return f"UT{pk}"


class RiskQuerySet(models.QuerySet["Risk"]):
    def live(self) -> "RiskQuerySet":
        return self.filter(archived_at__isnull=True)

    def with_current_assessment(self) -> "RiskQuerySet":
        return self.prefetch_related(
            models.Prefetch("assessments", queryset=RiskAssessment.objects.order_by("-created_at", "-id"))
        )


class Risk(models.Model):
    """A line of the register: a danger to which the people of a work unit are exposed in a situation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="risks"
    )
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="risks")
    danger_family = models.CharField(_("famille de danger"), max_length=40, choices=DangerFamily.choices)
    gollac_axis = models.CharField(
        _("axe psychosocial (Gollac)"), max_length=12, choices=GollacAxis.choices, blank=True
    )
    exposure_situation = models.TextField(
        _("situation d'exposition"), max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    exposed_count = models.PositiveIntegerField(_("personnes exposées"), null=True, blank=True)
    existing_measures = models.TextField(
        _("mesures existantes"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name=_("responsable"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risque")
        verbose_name_plural = _("risques")
        ordering = ["work_unit", "danger_family", "id"]

    def __str__(self) -> str:
        return f"{self.work_unit} — {self.danger_family}"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    NOT_DONE = "not_done", _("Non réalisée")


class Measure(models.Model):
    """A measure of the annual prevention programme (PAPRIPACT). Its year is its due date's, else its start's,
    else its creation's."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="prevention_measures"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    description = models.TextField(
        _("conditions d'exécution"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    risks = models.ManyToManyField(
        Risk, blank=True, related_name="measures", verbose_name=_("risques traités")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_measures",
        verbose_name=_("responsable"),
    )
    contributors = models.CharField(_("contributeurs"), max_length=300, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.CharField(_("cible"), max_length=250, blank=True)
    estimated_cost = models.DecimalField(
        _("coût estimé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("coût réel (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    resources = models.CharField(_("moyens"), max_length=300, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    not_done_reason = models.CharField(_("motif de non-réalisation"), max_length=REASON_TEXT, blank=True)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure de prévention")
        verbose_name_plural = _("mesures de prévention")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        day: datetime.date = self.due_date or self.start_date or self.created_at.date()
        return day.year


class AssessmentMethod(models.TextChoices):
    GF4 = "gf4", _("Gravité × fréquence (4 × 4)")
    FRENCH = "french", _("Méthode « française » (sévérité × fréquence)")
    KINNEY = "kinney", _("Méthode Kinney (probabilité × fréquence × effet)")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Faible")
    MEDIUM = "medium", _("Moyen")
    HIGH = "high", _("Élevé")


class RiskAssessment(models.Model):
    """One assessment of a risk by a scoring method, with its inputs. The newest is the current one; earlier
    ones stay readable (superseded)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    method = models.CharField(_("méthode"), max_length=8, choices=AssessmentMethod.choices)
    inputs = models.JSONField(_("cotations"))
    score = models.PositiveIntegerField(_("score"))
    level = models.CharField(_("niveau"), max_length=8, choices=RiskLevel.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("évaluateur·rice"),
    )
    evaluated_on = models.DateField(_("date d'évaluation"))
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation d'un risque")
        verbose_name_plural = _("évaluations de risques")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} : {self.score} ({self.get_level_display()})"


class RegisterVersion(models.Model):
    """A published, frozen version of an organisation's whole register (all its work units).

    The snapshot and the ODT document never change once written (``save`` refuses it); only ``valid_to`` is
    set when the next version is published. Kept until ``keep_until`` (40 years at least)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="register_versions"
    )
    number = models.PositiveIntegerField(_("numéro"))
    snapshot = models.JSONField(_("instantané"))
    document = models.BinaryField(_("document (ODT)"))
    document_sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publiée le"))
    valid_from = models.DateField(_("en vigueur du"))
    valid_to = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    keep_until = models.DateField(_("conservée jusqu'au"))

    class Meta:
        verbose_name = _("version du document unique")
        verbose_name_plural = _("versions du document unique")
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="unique_register_version_number")
        ]

    def __str__(self) -> str:
        return f"DUERP v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or set(fields) - {"valid_to"}):
            raise ValueError("A published register version cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if timezone.localdate() < self.keep_until:
            raise ValidationError(
                _("Cette version doit être conservée jusqu'au %(date)s.") % {"date": self.keep_until}
            )
        return super().delete(*args, **kwargs)


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("En cours")
    DONE = "done", _("Publiée")
    FAILED = "failed", _("Échec")


class RegisterPublication(models.Model):
    """A publication the keeper confirmed: the register as it was at that moment (the snapshot), waiting for its
    version to be built in the background (the ODT document and its SHA-256), then linked to it.

    One publication at a time per organisation (a database constraint): a second one is refused until the first
    ends. The snapshot never changes once taken; edits to the register after the confirmation go to the next draft.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="register_publications"
    )
    number = models.PositiveIntegerField(_("numéro de la version"))
    snapshot = models.JSONField(_("instantané"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("confirmée le"))
    status = models.CharField(
        _("état"), max_length=8, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    job = models.OneToOneField("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.OneToOneField(
        RegisterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="publication"
    )

    class Meta:
        verbose_name = _("publication du document unique")
        verbose_name_plural = _("publications du document unique")
        ordering = ["organisation", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_register_publication",
            )
        ]

    def __str__(self) -> str:
        return f"DUERP v{self.number} ({self.get_status_display()})"


class RpsFamily(models.TextChoices):
    """The seven families of the INRS RPS-DU grid: the six Gollac axes, working hours set apart."""

    INTENSITY = "intensity", _("Intensité du travail")
    HOURS = "hours", _("Temps de travail")
    EMOTIONAL = "emotional", _("Exigences émotionnelles")
    AUTONOMY = "autonomy", _("Autonomie au travail")
    RELATIONS = "relations", _("Rapports sociaux au travail")
    VALUES = "values", _("Conflits de valeurs")
    INSECURITY = "insecurity", _("Insécurité de la situation de travail")


RPS_FAMILY_AXIS = {
    RpsFamily.INTENSITY: GollacAxis.INTENSITY,
    RpsFamily.HOURS: GollacAxis.INTENSITY,
    RpsFamily.EMOTIONAL: GollacAxis.EMOTIONAL,
    RpsFamily.AUTONOMY: GollacAxis.AUTONOMY,
    RpsFamily.RELATIONS: GollacAxis.RELATIONS,
    RpsFamily.VALUES: GollacAxis.VALUES,
    RpsFamily.INSECURITY: GollacAxis.INSECURITY,
}


class RpsFrequency(models.IntegerChoices):
    NEVER = 1, _("Jamais")
    SOMETIMES = 2, _("Parfois")
    OFTEN = 3, _("Souvent")
    ALWAYS = 4, _("Toujours")


class RpsQuestion(models.Model):
    """A question of the RPS grid: the shared default set (no organisation), or an organisation's own set,
    which replaces the default once it has any question."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rps_questions",
    )
    family = models.CharField(_("famille"), max_length=12, choices=RpsFamily.choices)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("question de la grille RPS")
        verbose_name_plural = _("questions de la grille RPS")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class RpsGrid(models.Model):
    """The RPS grid answered for a work unit by a group, stored only as a head count and roles (no names)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="rps_grids"
    )
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="rps_grids")
    held_on = models.DateField(_("date de la séance"))
    participant_count = models.PositiveSmallIntegerField(_("nombre de participant·es"))
    participant_roles = models.CharField(
        _("fonctions représentées"),
        max_length=300,
        help_text=_("Des fonctions, jamais de noms (par exemple : 2 agents d'accueil, 1 encadrante)."),
    )
    answers = models.JSONField(_("réponses"), default=dict)
    # The questions as they were asked, frozen when the grid is answered: ``[{"id", "family", "text"}, …]`` in the
    # grid's order. The page and the per-family aggregation read them, so that rewording or deactivating a question
    # later changes neither what the grid shows nor its means.
    questions = models.JSONField(_("questions posées"), default=list)
    converted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grille RPS")
        verbose_name_plural = _("grilles RPS")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.work_unit} — {self.held_on}"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis à la F3SCT")
    OPINION = "opinion", _("Avis de la F3SCT recueilli")
    ADOPTED = "adopted", _("Adopté")


class Programme(models.Model):
    """The yearly prevention programme (PAPRIPACT) of an organisation: the measures whose year is its year."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="prevention_programmes"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    status = models.CharField(
        _("statut"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    meeting_date = models.DateField(_("date de la séance de la F3SCT"), null=True, blank=True)
    opinion_text = models.TextField(
        _("avis de la F3SCT"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    votes_for = models.PositiveSmallIntegerField(_("voix pour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("voix contre"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    opinion_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    report_finalised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme annuel de prévention")
        verbose_name_plural = _("programmes annuels de prévention")
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_programme_year")]

    def __str__(self) -> str:
        return f"PAPRIPACT {self.year}"


class ReassessmentRequest(models.Model):
    """Asks the owner of a risk to re-assess it once a measure treating it is done."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reassessment_requests")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reassessment_requests")
    requested_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reassessment_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de réévaluation")
        verbose_name_plural = _("demandes de réévaluation")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.risk} ← {self.measure}"
