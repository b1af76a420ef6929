from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import QvForm


class MagicLinkForm(QvForm):
    email = forms.EmailField(
        label=_("Adresse e-mail professionnelle"),
        help_text=_("Format attendu : prenom.nom@exemple.fr"),
        error_messages={
            "required": _("Saisissez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide."),
        },
    )


class PasswordLoginForm(QvForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"), error_messages={"required": _("Saisissez votre adresse e-mail.")}
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput,
        strip=False,
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )

    def __init__(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email.lower(), password=password)
            if self.user is None:
                raise forms.ValidationError(_("Adresse e-mail ou mot de passe incorrect."))
        return cleaned


class ApiTokenForm(QvForm):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("Par ex. « Tableau de bord DRH »")
    )
