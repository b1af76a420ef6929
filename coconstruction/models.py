from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.limits import COMMENT_TEXT, NOTE_TEXT, PROPOSAL_TEXT, max_length
from plans.models import Moderated


class WorkingGroupQuerySet(models.QuerySet["WorkingGroup"]):
    def for_organisation(self, organisation_id: int) -> "WorkingGroupQuerySet":
        return self.filter(plan__organisation_id=organisation_id)


class WorkingGroup(models.Model):
    """A working group of 7-8 staff, one per axis, led by a pair (one from a school, one from the administration)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="working_groups")
    axis = models.ForeignKey(
        "plans.Axis", on_delete=models.SET_NULL, null=True, blank=True, related_name="working_groups"
    )
    name = models.CharField(_("nom"), max_length=200)
    leads = models.ManyToManyField(
        "organisations.Person",
        related_name="led_working_groups",
        blank=True,
        verbose_name=_("binôme de pilotes"),
    )
    members = models.ManyToManyField(
        "organisations.Person", related_name="working_groups", blank=True, verbose_name=_("membres")
    )

    history = HistoricalRecords()
    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["axis__number", "name"]

    def __str__(self) -> str:
        return self.name


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to_group_outsiders(self) -> "ProposalQuerySet":
        """Drafts stay within the group and the steering team."""
        return self.exclude(status=ProposalStatus.DRAFT)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    ADOPTED = "adopted", _("Adoptée")
    DECLINED = "declined", _("Non retenue")


class Proposal(models.Model):
    """An action proposal on the fixed template, checked against the four criteria."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    problem = models.TextField(
        _("problématique"), max_length=PROPOSAL_TEXT, validators=[max_length(PROPOSAL_TEXT)]
    )
    proposed_action = models.TextField(
        _("action proposée"), max_length=PROPOSAL_TEXT, validators=[max_length(PROPOSAL_TEXT)]
    )
    success_conditions = models.TextField(
        _("conditions de réussite"), max_length=PROPOSAL_TEXT, validators=[max_length(PROPOSAL_TEXT)]
    )
    proposed_calendar = models.TextField(
        _("calendrier proposé"), max_length=PROPOSAL_TEXT, validators=[max_length(PROPOSAL_TEXT)]
    )
    evaluation = models.TextField(
        _("critères et modalités d'évaluation"),
        max_length=PROPOSAL_TEXT,
        validators=[max_length(PROPOSAL_TEXT)],
    )
    # The four criteria every proposal must meet (seed 001)
    crit_steerable = models.BooleanField(_("pilotable au niveau de l'organisation"), default=False)
    crit_concrete = models.BooleanField(_("concrète, avec étapes et protocole"), default=False)
    crit_all_staff = models.BooleanField(
        _("vise toutes les catégories de personnels (ou actions complémentaires)"), default=False
    )
    crit_feasible = models.BooleanField(_("réalisable avec les moyens disponibles"), default=False)
    criteria_note = models.TextField(
        _("observations sur les critères"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[max_length(NOTE_TEXT)],
    )
    criteria_checked_at = models.DateTimeField(_("critères vérifiés le"), null=True, blank=True)
    criteria_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("critères vérifiés par"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    decline_reason = models.TextField(
        _("motif"), blank=True, max_length=NOTE_TEXT, validators=[max_length(NOTE_TEXT)]
    )
    adopted_action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="source_proposals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition d'action")
        verbose_name_plural = _("propositions d'action")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def meets_all_criteria(self) -> bool:
        return self.crit_steerable and self.crit_concrete and self.crit_all_staff and self.crit_feasible

    @property
    def criteria(self) -> list[tuple[str, bool]]:
        """The four criteria as (label, met) pairs, in the order of the template."""
        return [
            (str(getattr(self._meta.get_field(name), "verbose_name", name)), bool(getattr(self, name)))
            for name in CRITERIA_FIELDS
        ]

    @property
    def criteria_met_count(self) -> int:
        return sum(1 for _label, met in self.criteria if met)

    @property
    def is_open(self) -> bool:
        """Drafts and submitted proposals can still change; adopted and declined ones are closed."""
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)


CRITERIA_FIELDS = ("crit_steerable", "crit_concrete", "crit_all_staff", "crit_feasible")


class ProposalComment(Moderated):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"), max_length=COMMENT_TEXT, validators=[max_length(COMMENT_TEXT)])
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]
