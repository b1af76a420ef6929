"""Forms of co-construction, rendered in DSFR markup with French error messages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coconstruction.models import Proposal, WorkingGroup
from core.forms import QvForm, QvModelForm
from core.limits import COMMENT_TEXT, NOTE_TEXT
from organisations.models import Organisation, Person
from plans.models import Axis, Plan


def person_identifier(person: Person) -> str:
    return person.email or person.hr_id


class PeopleField(forms.CharField):
    """People of one organisation, typed as e-mail addresses or HR identifiers, one per line.

    A text area scales to organisations with tens of thousands of staff, where a select list would not.
    """

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Une adresse e-mail ou un identifiant RH par ligne."))
        super().__init__(*args, **kwargs)
        self.organisation: Organisation | None = None

    def prepare_value(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return "\n".join(person_identifier(p) if isinstance(p, Person) else str(p) for p in value)

    def clean(self, value: Any) -> list[Person]:  # type: ignore[override]
        text = super().clean(value) or ""
        wanted = [w for w in re.split(r"[\s,;]+", text) if w]
        if not wanted:
            return []
        assert self.organisation is not None
        people = Person.objects.for_organisation(self.organisation).active().select_related("unit")
        found: dict[str, Person] = {}
        lowered = [w.lower() for w in wanted]
        for person in people.filter(email__in=lowered) | people.filter(hr_id__in=wanted):
            found[person.email.lower()] = person
            found[person.hr_id] = person
        unknown = [w for w in wanted if w not in found and w.lower() not in found]
        if unknown:
            raise forms.ValidationError(
                _("Personne inconnue dans l'organisation : %(list)s."), params={"list": ", ".join(unknown)}
            )
        result: dict[int, Person] = {}
        for w in wanted:
            person = found.get(w) or found[w.lower()]
            result[person.pk] = person
        return list(result.values())


class WorkingGroupForm(QvForm):
    plan = forms.ModelChoiceField(
        label=_("Plan d'action"),
        queryset=Plan.objects.none(),
        error_messages={"required": _("Choisissez le plan d'action.")},
    )
    name = forms.CharField(
        label=_("Nom du groupe"),
        max_length=200,
        error_messages={"required": _("Donnez un nom au groupe de travail.")},
    )
    axis = forms.ModelChoiceField(
        label=_("Axe"),
        queryset=Axis.objects.none(),
        required=False,
        help_text=_("Un groupe de travail par axe du plan."),
    )
    leads = PeopleField(
        label=_("Binôme de pilotes"),
        help_text=_(
            "Deux personnes : l'une d'un établissement, l'autre des services. "
            "Une adresse e-mail ou un identifiant RH par ligne."
        ),
    )
    members = PeopleField(
        label=_("Membres"),
        help_text=_(
            "7 à 8 personnes, équilibrées en origine géographique, femmes/hommes et métiers. "
            "Une adresse e-mail ou un identifiant RH par ligne."
        ),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, group: WorkingGroup | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.group = group
        plans = Plan.objects.filter(organisation=organisation)
        if group is not None:
            del self.fields["plan"]
            self.fields["axis"].queryset = Axis.objects.filter(plan=group.plan)  # type: ignore[attr-defined]
        else:
            self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
            self.fields["axis"].queryset = Axis.objects.filter(plan__in=plans).select_related("plan")  # type: ignore[attr-defined]
        for name in ("leads", "members"):
            self.fields[name].organisation = organisation  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        plan = self.group.plan if self.group else cleaned.get("plan")
        axis = cleaned.get("axis")
        if plan and axis and axis.plan_id != plan.pk:
            self.add_error("axis", _("Cet axe n'appartient pas au plan choisi."))
        if len(cleaned.get("leads") or []) > 2:
            self.add_error("leads", _("Un binôme : deux personnes au plus."))
        return cleaned


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class ProposalForm(QvModelForm):
    """The fixed template of seed 001: problem, proposed action, conditions of success, calendar, evaluation."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "problem",
            "proposed_action",
            "success_conditions",
            "proposed_calendar",
            "evaluation",
        ]
        labels = {
            "title": _("Intitulé de la proposition"),
            "problem": _("Énoncé de la problématique à traiter"),
            "proposed_action": _("Proposition d'action solution"),
            "success_conditions": _("Conditions du succès"),
            "proposed_calendar": _("Proposition de calendrier"),
            "evaluation": _("Critères et modalités d'évaluation"),
        }
        help_texts = {
            "problem": _("Quelle difficulté, pour qui, constatée comment ?"),
            "proposed_action": _("Ce que l'on fait concrètement, les étapes, le protocole."),
            "success_conditions": _(
                "Ce qui ancre la solution dans son contexte : moyens, relais, préalables."
            ),
            "proposed_calendar": _(
                "Par ex. « rentrée 2024 : expérimentation dans deux bassins ; 2025 : généralisation »."
            ),
            "evaluation": _("Comment saura-t-on que l'action a réussi ? Indicateurs, sources, fréquence."),
        }
        error_messages = {
            "title": _required(_("Donnez un intitulé à la proposition.")),
            "problem": _required(_("Décrivez la problématique à traiter.")),
            "proposed_action": _required(_("Décrivez l'action proposée.")),
            "success_conditions": _required(_("Indiquez les conditions du succès.")),
            "proposed_calendar": _required(_("Proposez un calendrier.")),
            "evaluation": _required(_("Indiquez les critères et modalités d'évaluation.")),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields[1:]}


class CriteriaForm(QvForm):
    steerable = forms.BooleanField(
        label=_("Peut être portée et pilotée au niveau de l'organisation"), required=False
    )
    concrete = forms.BooleanField(label=_("Concrète : produit des étapes, un protocole"), required=False)
    all_staff = forms.BooleanField(
        label=_("Cible toutes les catégories de personnels (ou propose des actions complémentaires)"),
        required=False,
    )
    feasible = forms.BooleanField(
        label=_("Réalisable ou expérimentable en un temps et avec des moyens effectivement mobilisables"),
        required=False,
    )
    note = forms.CharField(
        label=_("Observations"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_proposal(cls, proposal: Proposal) -> CriteriaForm:
        return cls(
            initial={
                "steerable": proposal.crit_steerable,
                "concrete": proposal.crit_concrete,
                "all_staff": proposal.crit_all_staff,
                "feasible": proposal.crit_feasible,
                "note": proposal.criteria_note,
            }
        )


class CommentForm(QvForm):
    text = forms.CharField(
        label=_("Votre commentaire"),
        max_length=COMMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez votre commentaire.")},
    )


class AdoptForm(QvForm):
    axis = forms.ModelChoiceField(
        label=_("Axe du plan"),
        queryset=Axis.objects.none(),
        error_messages={"required": _("Choisissez l'axe qui accueille l'action.")},
    )
    number = forms.IntegerField(
        label=_("Numéro dans l'axe"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Laisser vide pour prendre le numéro suivant."),
        error_messages={
            "invalid": _("Saisissez un nombre entier."),
            "min_value": _("Le numéro commence à 1."),
            "max_value": _("Le numéro ne dépasse pas 99."),
        },
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(plan_id=proposal.group.plan_id)  # type: ignore[attr-defined]
        if proposal.group.axis_id and "axis" not in self.initial:
            self.initial["axis"] = proposal.group.axis_id


class DeclineForm(QvForm):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le groupe de travail verra ce motif."),
        error_messages={"required": _("Indiquez pourquoi la proposition n'est pas retenue.")},
    )
