"""Indicators of a plan: follow-up and result indicators of an axis or an action, their targets per school year
and their values per period.

An indicator hangs off the plan's *lineage* (and the action's lineage, or the axis number), not off one version:
a revision of the plan (a new ``Plan`` row, same lineage) keeps every indicator, its targets and its values, and
the previous version shows the same history. Periods are school years (2023 = 2023-2024) split by the
indicator's periodicity: ``sub_period`` is 1 for a yearly value, 1-2 for semesters, 1-3 for terms.

A value is either entered (an action lead proposes it, the programme lead validates it or sends it back with a
reason; simple-history keeps every step) or computed by the platform (``Indicator.computation``): a computed
value whose source suppresses the figure is stored with ``suppressed=True`` and no number, never as a number.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.limits import FIRST_YEAR, LAST_YEAR, NOTE_TEXT, REASON_TEXT, max_length


class IndicatorKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Indicateur de suivi")
    RESULT = "result", _("Indicateur de résultat")


class Direction(models.TextChoices):
    UP = "up", _("Plus haut, c'est mieux")
    DOWN = "down", _("Plus bas, c'est mieux")


class Periodicity(models.TextChoices):
    YEAR = "year", _("Annuelle")
    SEMESTER = "semester", _("Semestrielle")
    TERM = "term", _("Trimestrielle")

    @classmethod
    def sub_periods(cls, value: str) -> int:
        return {cls.YEAR: 1, cls.SEMESTER: 2, cls.TERM: 3}[cls(value)]


class Computation(models.TextChoices):
    """Where a value comes from. Every kind but ``MANUAL`` is computed by the platform (indicators.compute)."""

    MANUAL = "manual", _("Saisie par le ou la responsable")
    BAROMETER_DIMENSION = "barometer_dimension", _("Baromètre : % favorable d'une dimension")
    BAROMETER_ITEM = "barometer_item", _("Baromètre : % favorable d'une question")
    PARTICIPATION = "participation", _("Baromètre : taux de participation")
    ACTIONS_BY_STATUS = "actions_by_status", _("Plan : nombre d'actions dans un statut")
    ADOPTED_PROPOSALS = "adopted_proposals", _("Co-construction : propositions retenues")
    UPDATES_POSTED = "updates_posted", _("Plan : points d'avancement publiés")
    EVENT_REGISTRATIONS = "event_registrations", _("Événements : inscriptions confirmées")
    EVENT_ATTENDANCE = "event_attendance", _("Événements : personnes présentes")


class ValueStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    VALIDATED = "validated", _("Validée")
    RETURNED = "returned", _("Renvoyée")
    COMPUTED = "computed", _("Calculée")


class Indicator(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="indicators"
    )
    plan_lineage = models.UUIDField(
        db_index=True, help_text="Plan.lineage: the indicator survives revisions."
    )
    axis_number = models.PositiveSmallIntegerField(_("axe"), null=True, blank=True)
    action_lineage = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Action.lineage; empty for an indicator of an axis."
    )
    name = models.CharField(_("intitulé"), max_length=250)
    kind = models.CharField(_("type"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(
        _("unité"), max_length=40, blank=True, help_text=_("Par ex. « % », « personnes ».")
    )
    direction = models.CharField(_("sens"), max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(
        _("valeur de référence"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("année de référence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    periodicity = models.CharField(
        _("périodicité"), max_length=8, choices=Periodicity.choices, default=Periodicity.YEAR
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("responsable"),
    )
    source = models.CharField(_("source"), max_length=250, blank=True)
    method = models.TextField(
        _("méthode de calcul"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    computation = models.CharField(
        _("origine des valeurs"), max_length=24, choices=Computation.choices, default=Computation.MANUAL
    )
    # Parameters of a computed indicator: the questionnaire whose published campaigns give the values (one per
    # school year), the dimension or item code, the unit (empty = the whole organisation), the action status.
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_key = models.CharField(_("dimension, question ou statut"), max_length=60, blank=True)
    source_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["axis_number", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.computation != Computation.MANUAL


class Target(models.Model):
    """The value aimed at for one school year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    school_year = models.PositiveSmallIntegerField(
        _("année scolaire"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    value = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cible")
        verbose_name_plural = _("cibles")
        ordering = ["indicator", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "school_year"], name="unique_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.school_year}"


class IndicatorValue(models.Model):
    """The value of one period. ``value`` is empty when ``suppressed`` (a group too small to be shown)."""

    id = models.BigAutoField(primary_key=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    school_year = models.PositiveSmallIntegerField(
        _("année scolaire"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    sub_period = models.PositiveSmallIntegerField(_("période"), default=1)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2, null=True, blank=True)
    suppressed = models.BooleanField(
        _("non affichée (groupe trop petit)"), default=False, help_text="Computed values only."
    )
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    status = models.CharField(_("statut"), max_length=10, choices=ValueStatus.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField(_("motif du renvoi"), max_length=REASON_TEXT, blank=True)
    # Where a computed value comes from: the campaign whose results gave it (links to its results page).
    source_campaign = models.ForeignKey(
        "surveys.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ["indicator", "school_year", "sub_period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "school_year", "sub_period"], name="unique_value_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(suppressed=False) | models.Q(value__isnull=True),
                name="suppressed_value_has_no_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.school_year}/{self.sub_period}"

    @property
    def counts(self) -> bool:
        """Shown on dashboards and reviews: validated or computed, with a number."""
        return self.status in (ValueStatus.VALIDATED, ValueStatus.COMPUTED) and self.value is not None
