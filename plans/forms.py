"""Forms of the plan pages. They validate input; the views hand ``cleaned_data`` to ``plans.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, QvForm, QvModelForm
from core.limits import UPDATE_TEXT
from organisations.pickers import PersonPickerField
from plans.models import Action, ActionStatus, Axis, Milestone, Plan, PlanStatus, Theme, Visibility, Weather
from plans.services import ATTACHMENT_SIGNATURES, validate_attachment

DATE_WIDGET = DateInput()
REQUIRED = {"required": _("Ce champ est obligatoire.")}


class PlanForm(QvModelForm):
    class Meta:
        model = Plan
        fields = ["title", "summary", "first_school_year", "last_school_year", "adopted_on"]
        widgets = {"adopted_on": DATE_WIDGET}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_school_year"), cleaned.get("last_school_year")
        if first and last and last < first:
            self.add_error("last_school_year", _("La dernière année scolaire suit la première."))
        return cleaned


class AxisForm(QvModelForm):
    class Meta:
        model = Axis
        fields = ["number", "title", "objective"]


class ThemeForm(QvModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]


class ActionForm(QvModelForm):
    """Every field of the action sheet; leads are chosen among the organisation's people."""

    leads = PersonPickerField(
        label=_("Chef·fes de projet"),
        multiple=True,
        required=False,
        help_text=_(
            "Adresses e-mail, séparées par des virgules (tapez une partie d'un nom pour des propositions)."
        ),
    )

    class Meta:
        model = Action
        fields = [
            "axis",
            "number",
            "title",
            "context",
            "concrete_actions",
            "indirect_benefits",
            "existing_links",
            "lead_roles",
            "leads",
            "follow_up_committee",
            "themes",
            "start_date",
            "end_date",
            "status",
            "progress",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["axis"].queryset = plan.axes.order_by("number")  # type: ignore[attr-defined]
        self.fields["themes"].queryset = plan.themes.all()  # type: ignore[attr-defined]
        self.fields["leads"].for_organisation(plan.organisation)  # type: ignore[attr-defined]
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin ne peut pas précéder le début."))
        progress = cleaned.get("progress")
        if progress is not None and progress > 100:
            self.add_error("progress", _("L'avancement est un pourcentage entre 0 et 100."))
        return cleaned


class MilestoneForm(QvModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_on"]
        widgets = {"due_date": DATE_WIDGET, "done_on": DATE_WIDGET}


class PublishForm(QvForm):
    visibility = forms.ChoiceField(label=_("Publication"), choices=Visibility.choices)


class PlanStatusForm(QvForm):
    status = forms.ChoiceField(label=_("Statut du plan"), choices=PlanStatus.choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        accept = ",".join(f".{extension}" for extension in ATTACHMENT_SIGNATURES)
        super().__init__({"class": "fr-upload", "accept": accept, **(attrs or {})})


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items]
        errors: list[ValidationError] = []
        for file in files:
            try:
                validate_attachment(file)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return files


class ActionUpdateForm(QvForm):
    """A progress update posted by an action lead."""

    text = forms.CharField(
        label=_("Où en est l'action ?"),
        max_length=UPDATE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Décrivez où en est l'action.")},
    )
    status = forms.ChoiceField(label=_("Statut de l'action"), choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "invalid": _("Saisissez un nombre entier."),
            "min_value": _("L'avancement est un pourcentage entre 0 et 100."),
            "max_value": _("L'avancement est un pourcentage entre 0 et 100."),
        },
    )
    weather = forms.ChoiceField(
        label=_("Météo de l'action"),
        choices=[("", _("Non renseignée")), *Weather.choices],
        required=False,
        help_text=_(
            "Dans les temps, à surveiller ou en difficulté : votre appréciation, affichée sur le tableau de bord."
        ),
        error_messages={"invalid_choice": _("Choisissez une météo dans la liste.")},
    )
    milestone = forms.ModelChoiceField(
        label=_("Jalon atteint"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("Aucun"),
        error_messages={"invalid_choice": _("Choisissez un jalon de cette action.")},
    )
    files = MultipleFileField(
        label=_("Pièces jointes"),
        required=False,
        help_text=_("PDF, PNG, JPG, ODT, ODS, DOCX ou XLSX, 10 Mo au plus par fichier."),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"status": action.status, "progress": action.progress, "weather": action.weather}
        )
        super().__init__(*args, **kwargs)
        self.action = action
        if action.status != ActionStatus.ABANDONED:  # abandoning goes through a revision, with its reason
            self.fields["status"].choices = [
                c for c in ActionStatus.choices if c[0] != ActionStatus.ABANDONED
            ]  # type: ignore[attr-defined]
        pending = [m for m in action.milestones.all() if m.done_on is None]
        field = self.fields["milestone"]
        field.queryset = Milestone.objects.filter(pk__in=[m.pk for m in pending])  # type: ignore[attr-defined]
        field.choices = [("", _("Aucun")), *((m.pk, f"{m.title} ({m.due_date:%d/%m/%Y})") for m in pending)]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        status = data["status"] if data["status"] != self.action.status else None
        progress = data["progress"] if data["progress"] != self.action.progress else None
        return {
            "text": data["text"],
            "status": status,
            "progress": progress,
            "milestone": data["milestone"],
            "files": data["files"],
            "weather": data["weather"] or None,
        }


class UpdateTextForm(QvForm):
    """Its author corrects a progress update's text."""

    text = forms.CharField(
        label=_("Où en est l'action ?"),
        max_length=UPDATE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Décrivez où en est l'action.")},
    )
