"""The organiser's event form and the attendance list (DSFR, French errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QvForm, QvModelForm
from events.models import Audience, Event
from events.satisfaction import ITEMS
from organisations.models import Network


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">``: the browser sends ``YYYY-MM-DDTHH:MM``, read in Europe/Paris."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class EventForm(QvModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "capacity",
            "registration_deadline",
            "audience",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("Heure de Paris."),
            "online_link": _("Montré seulement aux personnes inscrites (place confirmée)."),
            "capacity": _("Au-delà, les inscriptions vont sur la liste d'attente, dans l'ordre d'arrivée."),
        }

    def __init__(self, *args: Any, audiences: list[str], networks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["audience"]
        field.choices = [(value, label) for value, label in Audience.choices if value in audiences]
        self.fields["capacity"].widget.attrs["min"] = "1"
        networks = list(networks)
        if networks:
            self.fields["network"] = forms.ModelChoiceField(
                label=_("Réseau"),
                queryset=Network.objects.filter(pk__in=[network.pk for network in networks]).order_by("name"),
                required=False,
                initial=networks[0].pk if len(networks) == 1 else self.instance.network_id,
                help_text=_("Pour un événement ouvert au réseau : le réseau que vous animez."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit venir après le début."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("La date limite d'inscription doit précéder le début."))
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Indiquez un lieu ou un lien de connexion."))
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", _("Il faut au moins une place."))
        if data.get("audience") == Audience.NETWORK and not data.get("network"):
            self.add_error("network" if "network" in self.fields else "audience", _("Choisissez le réseau."))
        return data


class AttendanceForm(QvForm):
    present = forms.TypedMultipleChoiceField(
        label=_("Personnes présentes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        field.choices = choices


class ConfirmForm(QvForm):
    confirm = forms.CharField(widget=forms.HiddenInput, initial="oui")

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"] != "oui":
            raise forms.ValidationError(_("Confirmez pour continuer."))
        return "oui"


class SatisfactionForm(QvForm):
    """The questionnaire's items, one DSFR radio fieldset each; every item needs an answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.key] = forms.ChoiceField(
                label=item.text,
                choices=list(item.options),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choisissez une réponse."),
                    "invalid_choice": _("Choisissez une des réponses proposées."),
                },
            )
