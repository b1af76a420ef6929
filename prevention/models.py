"""The risk register (document unique d'évaluation des risques professionnels, DUERP) and the annual prevention
programme (PAPRIPACT), per work unit (unité de travail).

Work units default to the organisation's units (one work unit per unit, created on demand); an organisation
may group several units into one work unit or split a unit into several (a hospital service, a school's vie
scolaire team).
"""

import datetime

from django.conf import settings
from django.db import models
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


class WorkUnit(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="work_units"
    )
    name = models.CharField(_("nom"), max_length=200)
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

    def __str__(self) -> str:
        return self.name


class Risk(models.Model):
    """A line of the register: a danger to which the people of a work unit are exposed in a situation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="risks"
    )
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="risks")
    danger_family = models.CharField(_("famille de danger"), max_length=40)
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
