"""Forms of a plan's revision: each change of an action with its reason; irreversible ones ask for a confirmation.

They validate input; the views hand ``cleaned_data`` to ``plans.revision``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QvForm, QvModelForm
from core.limits import NOTE_TEXT
from plans.models import Action, Plan
from plans.revision import MAX_SPLIT_PARTS, REWORD_FIELDS


class ReasonFields(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la modification"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pourquoi ce changement ? Il est affiché avec les différences entre les versions."),
        error_messages={"required": _("Indiquez le motif de cette modification.")},
    )
    decision_note = forms.CharField(
        label=_("Décision mise en œuvre (facultatif)"),
        max_length=NOTE_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par ex. la décision du bilan annuel que cette modification applique."),
    )


class ConfirmField(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme cette modification : elle ne peut pas être annulée."),
        error_messages={"required": _("Cochez la case pour confirmer cette modification définitive.")},
    )


REASON = ["reason", "decision_note"]
CONFIRM = [*REASON, "confirm"]


class AddActionForm(QvModelForm, ReasonFields):
    """A new action in the version under revision (the next number of its axis)."""

    class Meta:
        model = Action
        fields = ["axis", "title", "context", "concrete_actions", "lead_roles"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["axis"].queryset = plan.axes.order_by("number")  # type: ignore[attr-defined]
        self.fields["axis"].error_messages["required"] = _("Choisissez l'axe de la nouvelle action.")


class RewordForm(QvModelForm, ReasonFields):
    """New title and text fields of the action sheet."""

    class Meta:
        model = Action
        fields = list(REWORD_FIELDS)


class ActionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class MergeForm(QvForm, ReasonFields, ConfirmField):
    """Other actions of the version merged into this one, which keeps its identity (and indicators)."""

    others = ActionChoices(
        label=_("Actions à fusionner avec celle-ci"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins une autre action à fusionner avec celle-ci."),
            "invalid_choice": _("Choisissez des actions de cette version du plan."),
        },
    )
    title = forms.CharField(
        label=_("Intitulé de l'action fusionnée (facultatif)"),
        max_length=250,
        required=False,
        help_text=_("Laissez vide pour garder l'intitulé actuel."),
    )

    field_order = ["others", "title", *CONFIRM]

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["others"]
        field.queryset = (  # type: ignore[attr-defined]
            Action.objects.filter(plan_id=action.plan_id)
            .exclude(pk=action.pk)
            .select_related("axis")
            .order_by("axis__number", "number")
        )


class SplitForm(QvForm, ReasonFields, ConfirmField):
    """This action keeps its identity as the first part; each line becomes a new action of the same axis."""

    title = forms.CharField(
        label=_("Nouvel intitulé de cette action (facultatif)"),
        max_length=250,
        required=False,
        help_text=_("Laissez vide pour garder l'intitulé actuel."),
    )
    titles = forms.CharField(
        label=_("Intitulés des nouvelles actions, un par ligne"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5 * 251,
        help_text=_("Cinq au plus. Chacune reprend la fiche de cette action (pilotes, thématiques, dates)."),
        error_messages={"required": _("Donnez l'intitulé d'au moins une nouvelle action.")},
    )

    field_order = ["title", "titles", *CONFIRM]

    def clean_titles(self) -> list[str]:
        titles = [line.strip() for line in self.cleaned_data["titles"].splitlines() if line.strip()]
        if not titles:
            raise forms.ValidationError(_("Donnez l'intitulé d'au moins une nouvelle action."))
        if len(titles) > MAX_SPLIT_PARTS:
            raise forms.ValidationError(_("Cinq nouvelles actions au plus."))
        if any(len(t) > 250 for t in titles):
            raise forms.ValidationError(_("Un intitulé fait 250 caractères au plus."))
        return titles


class EndForm(QvForm, ReasonFields, ConfirmField):
    """Closing or abandoning an action: a reason and a confirmation."""

    field_order = CONFIRM
