from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QvForm, QvModelForm
from notifications.models import NotificationSettings, Preference


class FollowForm(forms.Form):
    """The follow button: « 1 » to follow, « 0 » to stop (explicit, so that a double click does not undo it)."""

    suivre = forms.TypedChoiceField(
        choices=[("1", _("Suivre")), ("0", _("Ne plus suivre"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Indiquez s'il faut suivre l'action ou non.")},
    )
    next = forms.CharField(required=False)


class PreferenceForm(QvModelForm):
    class Meta:
        model = Preference
        fields = ["digest", "follows"]
        help_texts = {
            "digest": _(
                "Pour les chef·fes de projet : points d'avancement, valeurs d'indicateurs et jalons attendus."
            ),
            "follows": _("Un e-mail quand une action que vous suivez change de statut."),
        }


class SettingsForm(QvModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["digest_frequency", "update_due_days"]
        error_messages = {
            "digest_frequency": {"required": _("Choisissez une fréquence.")},
            "update_due_days": {"required": _("Indiquez un nombre de jours entre 7 et 365.")},
        }


class UnsubscribeForm(QvForm):
    """Nothing to fill in: the signed link is the credential, the button is the confirmation."""
