import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.limits import (
    FIRST_YEAR,
    LAST_YEAR,
    LONG_TEXT,
    MAX_PLAN_YEARS,
    NOTE_TEXT,
    PLAN_TEXT,
    REASON_TEXT,
    UPDATE_TEXT,
    correction_window,
    max_length,
)

if TYPE_CHECKING:
    from accounts.models import User


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    ADOPTED = "adopted", _("Adopté")
    UNDER_REVISION = "revision", _("En révision")
    CLOSED = "closed", _("Clos")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Équipe de pilotage seulement")
    STAFF = "staff", _("Agents de l'organisation")
    PUBLIC = "public", _("Public")


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> "PlanQuerySet":
        return self.filter(visibility=Visibility.PUBLIC)

    def current(self) -> "PlanQuerySet":
        """The latest version of each lineage (plans that were not revised yet)."""
        return self.filter(next_version__isnull=True)


class Plan(models.Model):
    """A multi-year QVT action plan. Periods are school years: 2023-2027 = 2023-2024 … 2026-2027.

    Each revision is a new Plan row with the same ``lineage`` and ``version`` + 1; actions keep their
    identity across versions through ``Action.lineage``.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("organisation"),
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version"
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(
        _("présentation"), blank=True, max_length=PLAN_TEXT, validators=[max_length(PLAN_TEXT)]
    )
    first_school_year = models.PositiveSmallIntegerField(
        _("première année scolaire"),
        help_text=_("Année de la rentrée : 2023 pour 2023-2024."),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    last_school_year = models.PositiveSmallIntegerField(
        _("dernière année scolaire"),
        help_text=_("Année de la rentrée : 2026 pour 2026-2027. Un plan dure dix années scolaires au plus."),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    visibility = models.CharField(
        _("publication"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    adopted_on = models.DateField(_("adopté le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ["-first_school_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="unique_plan_version"),
            models.CheckConstraint(
                condition=models.Q(last_school_year__gte=models.F("first_school_year")),
                name="plan_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        first, last = self.first_school_year, self.last_school_year
        if first is None or last is None:
            return
        if last < first:
            raise ValidationError({"last_school_year": _("La dernière année scolaire suit la première.")})
        if last - first + 1 > MAX_PLAN_YEARS:
            raise ValidationError({"last_school_year": _("Un plan dure dix années scolaires au plus.")})

    @property
    def start_date(self) -> datetime.date:
        """The first day of the plan: 1 September of its first school year."""
        return datetime.date(self.first_school_year, 9, 1)

    @property
    def period_label(self) -> str:
        return f"{self.first_school_year}-{self.last_school_year + 1}"

    @property
    def school_years(self) -> list[int]:
        return list(range(self.first_school_year, self.last_school_year + 1))


class Axis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=200)
    objective = models.TextField(
        _("objectif"), blank=True, max_length=PLAN_TEXT, validators=[max_length(PLAN_TEXT)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_axis_number")]

    def __str__(self) -> str:
        return f"Axe {self.number} — {self.title}"


class Theme(models.Model):
    """A cross-cutting theme (thématique transversale) running through several axes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=PLAN_TEXT, validators=[max_length(PLAN_TEXT)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thématique transversale")
        verbose_name_plural = _("thématiques transversales")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("À venir")
    IN_PROGRESS = "in_progress", _("En cours")
    DELAYED = "delayed", _("En retard")
    DONE = "done", _("Réalisée")
    SUSPENDED = "suspended", _("Suspendue")
    # Set only by a revision (plans.revision.action_abandon), with its reason in a PlanChange.
    ABANDONED = "abandoned", _("Abandonnée")


class Weather(models.TextChoices):
    """The « météo » of an action, set by its lead with a progress update: never shown by colour alone."""

    ON_TRACK = "on_track", _("Dans les temps")
    AT_RISK = "at_risk", _("À surveiller")
    OFF_TRACK = "off_track", _("En difficulté")


class ActionQuerySet(models.QuerySet["Action"]):
    def led_by(self, user: "User") -> "ActionQuerySet":
        return self.filter(leads=user)

    def current(self) -> "ActionQuerySet":
        """Actions of plans that were not revised yet (one per lineage)."""
        return self.filter(plan__next_version__isnull=True)


class Action(models.Model):
    """A numbered action of the plan (« 1.1 » … « 4.4 ») with every field of the plan's action sheets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="actions", verbose_name=_("axe"))
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    number = models.PositiveSmallIntegerField(_("numéro dans l'axe"))
    title = models.CharField(_("intitulé"), max_length=250)
    context = models.TextField(
        _("contexte"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    concrete_actions = models.TextField(
        _("actions concrètes"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    indirect_benefits = models.TextField(
        _("bénéfices indirects"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    existing_links = models.TextField(
        _("liens avec les dispositifs existants"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[max_length(LONG_TEXT)],
    )
    lead_roles = models.CharField(
        _("pilotes (fonctions)"), max_length=300, blank=True, help_text=_("Par ex. « DRH et service social »")
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_actions", verbose_name=_("chef·fes de projet")
    )
    follow_up_committee = models.TextField(
        _("comité de suivi"), blank=True, max_length=LONG_TEXT, validators=[max_length(LONG_TEXT)]
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions", verbose_name=_("thématiques"))
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    weather = models.CharField(
        _("météo"),
        max_length=10,
        choices=Weather.choices,
        blank=True,
        help_text=_("Fixée par le ou la chef·fe de projet avec chaque point d'avancement."),
    )

    history = HistoricalRecords(m2m_fields=[leads])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["axis__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="unique_action_number"),
            models.UniqueConstraint(fields=["plan", "lineage"], name="unique_action_lineage_per_plan"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin ne peut pas précéder le début.")})

    @property
    def code(self) -> str:
        return f"{self.axis.number}.{self.number}"

    @property
    def is_late(self) -> bool:
        """Its end date is past and it is not done."""
        return bool(
            self.end_date and self.end_date < timezone.localdate() and self.status != ActionStatus.DONE
        )


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("jalon"), max_length=200)
    due_date = models.DateField(_("échéance"))
    done_on = models.DateField(_("atteint le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Past its due date and not reached."""
        return self.done_on is None and self.due_date < timezone.localdate()

    def clean(self) -> None:
        """Reached between the start of the plan (1 September of its first school year) and today."""
        if self.done_on is None or self.action_id is None:
            return
        if self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("Un jalon ne peut pas être atteint dans le futur.")})
        plan_start = self.action.plan.start_date
        if self.done_on < plan_start:
            raise ValidationError(
                {
                    "done_on": _("Un jalon ne peut pas être atteint avant le début du plan (%(d)s).")
                    % {"d": plan_start.strftime("%d/%m/%Y")}
                }
            )


class Moderated(models.Model):
    """Written by one person, shown to many: its author corrects or withdraws it within a window
    (``QUALIVIE_CORRECTION_WINDOW``), the programme lead hides it with a reason. The text stays in the row and in its
    history (audit); pages show a notice instead."""

    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("motif du masquage"), max_length=REASON_TEXT, blank=True)

    class Meta:
        abstract = True

    @property
    def is_visible(self) -> bool:
        return self.withdrawn_at is None and self.hidden_at is None

    def within_window(self, now: datetime.datetime | None = None) -> bool:
        created = getattr(self, "created_at", None)
        return created is not None and (now or timezone.now()) - created <= correction_window()


class ActionUpdate(Moderated):
    """A dated progress update posted by an action lead."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(
        _("point d'avancement"), max_length=UPDATE_TEXT, validators=[max_length(UPDATE_TEXT)]
    )
    status_before = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    status_after = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    progress_after = models.PositiveSmallIntegerField(null=True, blank=True)
    weather = models.CharField(_("météo"), max_length=10, choices=Weather.choices, blank=True)
    milestone_done = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jalon atteint"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action.code} — {self.created_at:%d/%m/%Y}"


def attachment_path(instance: "UpdateAttachment", filename: str) -> str:
    return f"plans/{instance.update.action.plan_id}/updates/{uuid.uuid4().hex}/{filename}"


class UpdateAttachment(models.Model):
    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("pièce jointe"), upload_to=attachment_path)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class ChangeKind(models.TextChoices):
    ADD = "add", _("Ajout")
    REWORD = "reword", _("Reformulation")
    MERGE = "merge", _("Fusion")
    SPLIT = "split", _("Scission")
    CLOSE = "close", _("Clôture")
    ABANDON = "abandon", _("Abandon")


class PlanChange(models.Model):
    """One change made to the actions of a plan under revision, with its reason (``plans.revision``).

    ``lineages_before`` / ``lineages_after`` hold the ``Action.lineage`` values (as strings) the change consumed
    and produced: a merge lists every merged action before and the one it kept after; a split lists the source
    before and the source plus its new parts after. ``labels_before`` / ``labels_after`` keep « code title » as
    they were, for actions that no longer exist anywhere (a merged action added during the same revision).
    ``decision_note`` is free text until a review decision can be linked (a foreign key added alongside).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("type de modification"), max_length=8, choices=ChangeKind.choices)
    reason = models.TextField(_("motif"), max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)])
    lineages_before = models.JSONField(default=list, blank=True)
    lineages_after = models.JSONField(default=list, blank=True)
    labels_before = models.JSONField(default=list, blank=True)
    labels_after = models.JSONField(default=list, blank=True)
    decision_note = models.TextField(
        _("décision mise en œuvre"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[max_length(NOTE_TEXT)],
        help_text=_("Par ex. la décision du bilan annuel que cette modification applique."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("modification de révision")
        verbose_name_plural = _("modifications de révision")
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.plan}"
