"""Forms of the indicators app (DSFR markup and French error messages through ``core.forms``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QvForm, QvModelForm
from core.limits import NOTE_TEXT, REASON_TEXT
from indicators import periods
from indicators.models import Computation, Indicator, Periodicity
from organisations.pickers import PersonPickerField, UnitPickerField
from plans.models import ActionStatus, Plan
from surveys.models import Dimension, Questionnaire

NUMBER = {
    "invalid": _("Saisissez un nombre (par ex. 12 ou 12,5)."),
    "max_digits": _("Ce nombre est trop grand."),
    "max_decimal_places": _("Deux décimales au plus."),
}


class DECIMAL_WIDGET(forms.TextInput):  # noqa: N801 - a widget class used like a constant
    """A French decimal (« 12,5 »): a text input with the decimal keypad on phones."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", **(attrs or {})})
        self.is_localized = True


BAROMETER = {Computation.BAROMETER_DIMENSION, Computation.BAROMETER_ITEM, Computation.PARTICIPATION}


class IndicatorForm(QvModelForm):
    """Every field of an indicator, its place in the plan (an axis or one of its actions) and a target per
    school year of the plan. A computed indicator names its source (questionnaire, dimension or question,
    unit; or the action status it counts)."""

    place = forms.ChoiceField(
        label=_("Rattachement"),
        help_text=_("Un axe du plan, ou une de ses actions."),
        error_messages={"required": _("Choisissez l'axe ou l'action de l'indicateur.")},
    )
    owner = PersonPickerField(
        label=_("Responsable"),
        required=False,
        help_text=_("Adresse e-mail (tapez une partie d'un nom pour des propositions)."),
    )
    source_unit = UnitPickerField(
        label=_("Unité (indicateurs du baromètre)"),
        required=False,
        help_text=_("Code de l'unité ; vide pour l'organisation entière."),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "kind",
            "unit",
            "direction",
            "baseline",
            "baseline_year",
            "periodicity",
            "owner",
            "source",
            "method",
            "computation",
            "questionnaire",
            "source_key",
            "source_unit",
        ]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": _("Donnez un intitulé à l'indicateur.")},
            "kind": {"required": _("Choisissez le type d'indicateur.")},
            "baseline": NUMBER,
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.actions = {
            str(a.pk): a for a in plan.actions.select_related("axis").order_by("axis__number", "number")
        }
        choices: list[tuple[str, str]] = [("", "—")]
        for axis in plan.axes.order_by("number"):
            choices.append((f"axe-{axis.number}", str(axis)))
            choices += [
                (pk, f"    {_('Action')} {a.code} {a.title}")
                for pk, a in self.actions.items()
                if a.axis_id == axis.pk
            ]
        self.fields["place"].choices = choices  # type: ignore[attr-defined]
        self.fields["owner"].for_organisation(plan.organisation)  # type: ignore[attr-defined]
        self.fields["source_unit"].for_organisation(plan.organisation)  # type: ignore[attr-defined]
        questionnaires = Questionnaire.objects.filter(organisation=plan.organisation).order_by(
            "kind", "title"
        )
        self.fields["questionnaire"].queryset = questionnaires  # type: ignore[attr-defined]
        self.fields["questionnaire"].required = False
        self.fields["source_key"].help_text = _(
            "Baromètre : code de la dimension (par ex. « %(dims)s ») ou de la question. "
            "Nombre d'actions : le statut compté (%(statuses)s)."
        ) % {
            "dims": ", ".join(list(Dimension.values)[:3]),
            "statuses": ", ".join(ActionStatus.values),
        }
        self.fields["baseline"].localize = True
        self.fields["baseline"].widget = DECIMAL_WIDGET()
        self.fields["baseline"].widget.is_localized = True
        for name in ("baseline_year",):
            self.fields[name].error_messages["invalid"] = _("Saisissez une année (par ex. 2023).")
        instance = self.instance
        if instance.pk:
            if instance.action_lineage:
                found = next(
                    (pk for pk, a in self.actions.items() if a.lineage == instance.action_lineage), ""
                )
                self.initial["place"] = found
            elif instance.axis_number is not None:
                self.initial["place"] = f"axe-{instance.axis_number}"
        targets = {t.school_year: t.value for t in instance.targets.all()} if instance.pk else {}
        for year in plan.school_years:
            name = f"target_{year}"
            self.fields[name] = forms.DecimalField(
                label=_("Cible %(y)s") % {"y": periods.school_year_label(year)},
                required=False,
                max_digits=14,
                decimal_places=2,
                localize=True,
                widget=DECIMAL_WIDGET(),
                error_messages=NUMBER,
            )
            self.initial.setdefault(name, targets.get(year))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        computation = cleaned.get("computation")
        if computation in BAROMETER:
            if not cleaned.get("questionnaire"):
                self.add_error(
                    "questionnaire", _("Choisissez le questionnaire dont les campagnes donnent les valeurs.")
                )
            if computation != Computation.PARTICIPATION and not cleaned.get("source_key"):
                self.add_error("source_key", _("Indiquez le code de la dimension ou de la question."))
            questionnaire = cleaned.get("questionnaire")
            key = cleaned.get("source_key")
            if questionnaire and key and computation == Computation.BAROMETER_ITEM:
                if not questionnaire.items.filter(key=key).exists():
                    self.add_error(
                        "source_key",
                        _("Ce questionnaire n'a pas de question de code « %(k)s ».") % {"k": key},
                    )
            if key and computation == Computation.BAROMETER_DIMENSION and key not in Dimension.values:
                self.add_error("source_key", _("Dimension inconnue : « %(k)s ».") % {"k": key})
        if (
            computation == Computation.ACTIONS_BY_STATUS
            and cleaned.get("source_key") not in ActionStatus.values
        ):
            self.add_error(
                "source_key",
                _("Indiquez un statut d'action parmi : %(s)s.") % {"s": ", ".join(ActionStatus.values)},
            )
        if (
            computation
            and computation != Computation.MANUAL
            and cleaned.get("periodicity") not in (None, Periodicity.YEAR)
        ):
            self.add_error("periodicity", _("Un indicateur calculé a une valeur par année scolaire."))
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        place = data.pop("place")
        targets: dict[int, Decimal | None] = {}
        for year in self.plan.school_years:
            targets[year] = data.pop(f"target_{year}", None)
        if place.startswith("axe-"):
            data["axis_number"], data["action_lineage"] = int(place.removeprefix("axe-")), None
        else:
            action = self.actions[place]
            data["axis_number"], data["action_lineage"] = action.axis.number, action.lineage
        if data.get("computation") == Computation.MANUAL:
            data.update(questionnaire=None, source_key="", source_unit=None)
        return {**data, "targets": targets}


class ValueForm(QvForm):
    """The value of one period, with a short comment."""

    period = forms.ChoiceField(
        label=_("Période"),
        error_messages={
            "required": _("Choisissez la période."),
            "invalid_choice": _("Choisissez une période de la liste."),
        },
    )
    value = forms.DecimalField(
        label=_("Valeur"),
        localize=True,
        widget=DECIMAL_WIDGET(),
        max_digits=14,
        decimal_places=2,
        error_messages={**NUMBER, "required": _("Saisissez la valeur.")},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que la valeur veut dire, d'où elle vient."),
    )

    def __init__(self, *args: Any, indicator: Indicator, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = Periodicity.sub_periods(indicator.periodicity)
        self.fields["period"].choices = [
            (f"{year}-{sub}", periods.period_label(year, sub, count))
            for year in plan.school_years
            for sub in range(1, count + 1)
        ]

    def service_arguments(self) -> dict[str, Any]:
        year, sub = self.cleaned_data["period"].split("-")
        return {
            "school_year": int(year),
            "sub_period": int(sub),
            "value": self.cleaned_data["value"],
            "comment": self.cleaned_data["comment"],
        }


class ReturnForm(QvForm):
    reason = forms.CharField(
        label=_("Motif du renvoi"),
        max_length=REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Montré à la personne qui a proposé la valeur."),
        error_messages={"required": _("Indiquez le motif du renvoi.")},
    )
