"""Forms of the register and the programme, in DSFR markup with French error messages. Units and people are
picked by code or e-mail (``organisations.pickers``), never from a full list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, QvForm
from core.limits import LONG_TEXT, NOTE_TEXT, REASON_TEXT
from indicators.models import Indicator
from organisations.models import Organisation
from organisations.pickers import PersonPickerField, UnitPickerField
from prevention.models import (
    AssessmentMethod,
    DangerFamily,
    GollacAxis,
    MeasureStatus,
    Risk,
    RpsFamily,
    RpsFrequency,
    RpsQuestion,
    WorkUnit,
)
from prevention.scoring import METHODS


class WorkUnitPickerField(UnitPickerField):
    """A work unit given by its code; suggestions from ``prevention:work_unit_search`` (never a full list)."""

    unknown_message = _(
        "Unité de travail « %(value)s » inconnue : saisissez son code ou choisissez une des propositions."
    )

    def for_work_units(self, organisation: Organisation) -> None:
        self.configure(
            queryset=WorkUnit.objects.filter(organisation=organisation, active=True),
            search_url=reverse("prevention:work_unit_search"),
        )


class WorkUnitForm(QvForm):
    name = forms.CharField(label=_("Nom"), max_length=200)
    code = forms.CharField(
        label=_("Code"), max_length=40, required=False, help_text=_("Laisser vide pour un code automatique.")
    )
    units = UnitPickerField(
        label=_("Unités couvertes"),
        multiple=True,
        help_text=_(
            "Codes des unités, séparés par des virgules. Plusieurs unités : regroupement ; une unité déjà "
            "couverte : découpage (par exemple la vie scolaire d'un collège)."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=NOTE_TEXT, widget=forms.Textarea
    )
    headcount = forms.IntegerField(label=_("Effectif"), required=False, min_value=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].for_organisation(organisation)  # type: ignore[attr-defined]


class RiskForm(QvForm):
    work_unit = WorkUnitPickerField(label=_("Unité de travail"), help_text=_("Code de l'unité de travail."))
    danger_family = forms.ChoiceField(label=_("Famille de danger"), choices=DangerFamily.choices)
    gollac_axis = forms.ChoiceField(
        label=_("Axe psychosocial (Gollac)"),
        choices=[("", _("— sans objet —")), *GollacAxis.choices],
        required=False,
        help_text=_("Obligatoire pour un risque psychosocial."),
    )
    exposure_situation = forms.CharField(
        label=_("Situation d'exposition"), max_length=NOTE_TEXT, widget=forms.Textarea
    )
    exposed_count = forms.IntegerField(label=_("Personnes exposées"), required=False, min_value=0)
    existing_measures = forms.CharField(
        label=_("Mesures existantes"), required=False, max_length=NOTE_TEXT, widget=forms.Textarea
    )
    owner = PersonPickerField(
        label=_("Responsable du risque"), required=False, help_text=_("Adresse e-mail d'un agent.")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].for_work_units(organisation)  # type: ignore[attr-defined]
        self.fields["owner"].for_organisation(organisation)  # type: ignore[attr-defined]


class AssessmentForm(QvForm):
    """The method and its inputs; inputs outside the method's scale are refused by ``prevention.scoring``."""

    method = forms.ChoiceField(label=_("Méthode"), choices=AssessmentMethod.choices)
    gravity = forms.IntegerField(label=_("Gravité (4 × 4 : 1 à 4)"), required=False)
    severity = forms.IntegerField(label=_("Sévérité (méthode française : 1, 5, 7 ou 10)"), required=False)
    probability = forms.IntegerField(label=_("Probabilité (Kinney : 1, 3 ou 5)"), required=False)
    frequency = forms.IntegerField(
        label=_("Fréquence (4 × 4 : 1 à 4 ; française : 1, 3, 7 ou 9 ; Kinney : 1, 4 ou 7)"), required=False
    )
    effect = forms.IntegerField(label=_("Effet (Kinney : 1, 5 ou 10)"), required=False)
    evaluated_on = forms.DateField(label=_("Date d'évaluation"), widget=DateInput)
    comment = forms.CharField(
        label=_("Commentaire"), required=False, max_length=NOTE_TEXT, widget=forms.Textarea
    )

    def inputs(self) -> dict[str, Any]:
        names = METHODS[self.cleaned_data["method"]].scales
        return {name: self.cleaned_data.get(name) for name in names}


class MeasureForm(QvForm):
    title = forms.CharField(label=_("Intitulé"), max_length=250)
    description = forms.CharField(
        label=_("Conditions d'exécution"), required=False, max_length=LONG_TEXT, widget=forms.Textarea
    )
    risks = forms.ModelMultipleChoiceField(
        label=_("Risques traités"),
        queryset=Risk.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = PersonPickerField(
        label=_("Responsable"), required=False, help_text=_("Adresse e-mail d'un agent.")
    )
    contributors = forms.CharField(label=_("Contributeurs"), required=False, max_length=300)
    start_date = forms.DateField(label=_("Début"), required=False, widget=DateInput)
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput)
    indicator = forms.ModelChoiceField(
        label=_("Indicateur du plan"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Ou une cible en clair :"),
    )
    target = forms.CharField(label=_("Cible"), required=False, max_length=250)
    estimated_cost = forms.DecimalField(
        label=_("Coût estimé (€)"), required=False, min_value=0, decimal_places=2
    )
    actual_cost = forms.DecimalField(label=_("Coût réel (€)"), required=False, min_value=0, decimal_places=2)
    resources = forms.CharField(label=_("Moyens"), required=False, max_length=300)
    status = forms.ChoiceField(label=_("Statut"), choices=MeasureStatus.choices)
    not_done_reason = forms.CharField(
        label=_("Motif de non-réalisation"), required=False, max_length=REASON_TEXT, widget=forms.Textarea
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risks"].queryset = (  # type: ignore[attr-defined]
            Risk.objects.filter(organisation=organisation).live().select_related("work_unit")
        )
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["owner"].for_organisation(organisation)  # type: ignore[attr-defined]


class SubmitForm(QvForm):
    meeting_date = forms.DateField(label=_("Date de la séance de la F3SCT"), widget=DateInput)


class OpinionForm(QvForm):
    opinion_text = forms.CharField(label=_("Avis de la F3SCT"), max_length=LONG_TEXT, widget=forms.Textarea)
    votes_for = forms.IntegerField(label=_("Voix pour"), min_value=0)
    votes_against = forms.IntegerField(label=_("Voix contre"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)


class RpsGridForm(QvForm):
    work_unit = WorkUnitPickerField(label=_("Unité de travail"), help_text=_("Code de l'unité de travail."))
    held_on = forms.DateField(label=_("Date de la séance"), widget=DateInput)
    participant_count = forms.IntegerField(label=_("Nombre de participant·es"), min_value=1)
    participant_roles = forms.CharField(
        label=_("Fonctions représentées"),
        max_length=300,
        help_text=_("Des fonctions, jamais de noms (par exemple : 2 agents d'accueil, 1 encadrante)."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, questions: list[RpsQuestion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].for_work_units(organisation)  # type: ignore[attr-defined]
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=q.text,
                help_text=q.get_family_display(),
                choices=RpsFrequency.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class ConfirmForm(QvForm):
    confirm = forms.CharField(widget=forms.HiddenInput, required=False)


class RpsQuestionForm(QvForm):
    family = forms.ChoiceField(label=_("Famille"), choices=RpsFamily.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
