"""Forms of the reviews app (DSFR markup and French error messages through ``core.forms``)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, QvForm
from core.limits import COMMENT_TEXT, FIRST_YEAR, LAST_YEAR, NOTE_TEXT, PLAN_TEXT
from organisations.models import Organisation
from organisations.pickers import PersonPickerField
from plans.models import Action, Plan, PlanChange
from reviews.models import MeetingKind, VoteChoice

PARIS = ZoneInfo("Europe/Paris")


class ReviewForm(QvForm):
    plan = forms.ModelChoiceField(
        label=_("Plan d'action"),
        queryset=Plan.objects.none(),
        error_messages={"required": _("Choisissez le plan dont on fait le bilan.")},
    )
    school_year = forms.IntegerField(
        label=_("Année scolaire"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Année de la rentrée : 2025 pour 2025-2026."),
        error_messages={"required": _("Indiquez l'année scolaire du bilan.")},
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        error_messages={"required": _("Donnez un intitulé au bilan.")},
    )
    consultation_opens_on = forms.DateField(
        label=_("Ouverture de la consultation"),
        widget=DateInput(),
        error_messages={"required": _("Indiquez la date d'ouverture de la consultation.")},
    )
    consultation_closes_on = forms.DateField(
        label=_("Clôture de la consultation"),
        widget=DateInput(),
        help_text=_("Commentaires et avis sont modifiables jusqu'à ce jour inclus."),
        error_messages={"required": _("Indiquez la date de clôture de la consultation.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(organisation=organisation).current()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("consultation_opens_on"), data.get("consultation_closes_on")
        if opens and closes and closes < opens:
            self.add_error("consultation_closes_on", _("La clôture suit l'ouverture de la consultation."))
        return data


class ReviewEditForm(QvForm):
    """The title and the consultation window of an open review (extend it, or close it earlier)."""

    title = ReviewForm.base_fields["title"]
    consultation_opens_on = ReviewForm.base_fields["consultation_opens_on"]
    consultation_closes_on = ReviewForm.base_fields["consultation_closes_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("consultation_opens_on"), data.get("consultation_closes_on")
        if opens and closes and closes < opens:
            self.add_error("consultation_closes_on", _("La clôture suit l'ouverture de la consultation."))
        return data


class MemberForm(QvForm):
    user = PersonPickerField(
        label=_("Personne (adresse e-mail)"), error_messages={"required": _("Choisissez une personne.")}
    )
    body = forms.CharField(
        label=_("Instance"),
        max_length=100,
        help_text=_("Par ex. « CSA », « F3SCT », « commission Blanchet »."),
        error_messages={"required": _("Indiquez l'instance qu'elle représente.")},
    )
    union = forms.CharField(
        label=_("Organisation syndicale (facultatif)"),
        max_length=100,
        required=False,
        help_text=_("Vide pour un membre de l'administration."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].for_organisation(organisation)  # type: ignore[attr-defined]


class MeetingForm(QvForm):
    kind = forms.ChoiceField(label=_("Type de réunion"), choices=MeetingKind.choices)
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        error_messages={"required": _("Donnez un intitulé à la réunion.")},
    )
    day = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": _("Indiquez la date de la réunion.")}
    )
    start = forms.TimeField(
        label=_("Heure de début (heure de Paris)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Indiquez l'heure de début."), "invalid": _("Heure invalide (HH:MM).")},
    )
    end = forms.TimeField(
        label=_("Heure de fin (heure de Paris)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Indiquez l'heure de fin."), "invalid": _("Heure invalide (HH:MM).")},
    )
    place = forms.CharField(
        label=_("Lieu"), max_length=200, error_messages={"required": _("Indiquez le lieu de la réunion.")}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = datetime.datetime.combine(day, start, tzinfo=PARIS)
            data["ends_at"] = datetime.datetime.combine(day, end, tzinfo=PARIS)
            if end <= start:
                self.add_error("end", _("La fin suit le début de la réunion."))
        return data


class CommentForm(QvForm):
    action = forms.ModelChoiceField(
        label=_("Sur quoi porte votre commentaire ?"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("L'ensemble du bilan"),
    )
    text = forms.CharField(
        label=_("Commentaire"),
        max_length=COMMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez votre commentaire.")},
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        field.queryset = Action.objects.filter(plan=plan).select_related("axis")  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: f"{a.code} {a.title}"  # type: ignore[attr-defined]


class CommentEditForm(QvForm):
    text = forms.CharField(
        label=_("Commentaire"),
        max_length=COMMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez votre commentaire.")},
    )


class VoteForm(QvForm):
    union = forms.ChoiceField(label=_("Organisation syndicale"))
    choice = forms.ChoiceField(
        label=_("Avis"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez l'avis : pour, contre ou abstention.")},
    )
    statement = forms.CharField(
        label=_("Déclaration"),
        max_length=PLAN_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Saisissez la déclaration qui accompagne l'avis.")},
    )

    def __init__(self, *args: Any, unions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [(u, u) for u in unions]  # type: ignore[attr-defined]
        self.fields["union"].error_messages = {
            "required": _("Choisissez l'organisation syndicale."),
            "invalid_choice": _("Vous ne pouvez pas enregistrer l'avis de ce syndicat."),
        }


class DecisionForm(QvForm):
    text = forms.CharField(
        label=_("Décision"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez la décision du groupe de travail.")},
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions concernées (facultatif)"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["actions"]
        field.queryset = Action.objects.filter(plan=plan).select_related("axis")  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: f"{a.code} {a.title}"  # type: ignore[attr-defined]


class DecisionChangesForm(QvForm):
    changes = forms.ModelMultipleChoiceField(
        label=_("Modifications du plan qui mettent en œuvre cette décision"),
        queryset=PlanChange.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, changes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["changes"]
        field.queryset = changes  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: (
            _(  # type: ignore[attr-defined]
                "Version %(v)s — %(kind)s : %(labels)s (motif : %(reason)s)"
            )
            % {
                "v": c.plan.version,
                "kind": c.get_kind_display(),
                "labels": ", ".join(c.labels_after or c.labels_before),
                "reason": c.reason,
            }
        )


class ConfirmForm(QvForm):
    """No field: the page states the consequences, the button posts ``confirm=oui``; refusals show as errors."""
