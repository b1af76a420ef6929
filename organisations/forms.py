from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import QvForm, QvModelForm
from organisations.models import EmploymentStatus, Gender, Organisation
from organisations.pickers import UnitPickerField

MAX_IMPORT_SIZE = 50 * 1024 * 1024


class PeopleImportForm(QvForm):
    file = forms.FileField(
        label=_("Export RH"),
        help_text=_(
            "Fichier CSV (séparateur ; ou ,) ou Excel (.xlsx). Colonnes : Identifiant, Unité, Nom, Prénom, "
            "E-mail, Métier, Catégorie, Statut, Genre, Tranche d'âge, et facultativement Autres unités "
            "(codes séparés par |)."
        ),
        validators=[
            FileExtensionValidator(["csv", "txt", "xlsx"], message=_("Déposez un fichier .csv ou .xlsx."))
        ],
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )
    scope = UnitPickerField(
        label=_("Périmètre du fichier"),
        required=False,
        help_text=_(
            "Code de l'unité (tapez une partie de son nom pour des propositions) ; vide : toute l'organisation. "
            "Les agents de ce périmètre absents du fichier seront désactivés (jamais supprimés)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Simulation seulement (vérifier sans pouvoir appliquer)"), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].for_organisation(organisation)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("Le fichier dépasse 50 Mo."))
        return upload


class RoleGrantForm(QvForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne"),
        help_text=_("Un agent actif de l'organisation, avec un compte (créé par l'import des agents)."),
        error_messages={
            "required": _("Saisissez l'adresse e-mail."),
            "invalid": _("Adresse e-mail invalide."),
        },
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    unit = UnitPickerField(
        label=_("Pour"),
        required=False,
        help_text=_(
            "Vide : toute l'organisation ; ou le code d'une unité (tapez une partie de son nom pour des "
            "propositions), et tout ce qu'elle contient."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, can_grant_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"].for_organisation(organisation)  # type: ignore[attr-defined]
        if not can_grant_admin:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.ADMIN]  # type: ignore[attr-defined]

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(
            email__iexact=email,
            is_active=True,
            people__organisation=self.organisation,
            people__is_active=True,
        ).first()
        if user is None:
            raise forms.ValidationError(_("Aucun agent actif de l'organisation n'a cette adresse."))
        return user


class OrganisationSettingsForm(QvModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "is_state_service",
            "brand_lines",
            "publisher",
            "publication_director",
            "host",
            "dpo_contact",
            "privacy_contact",
            "retention_people_months",
            "age_bands",
            "accessibility_status",
            "accessibility_contact",
        ]
        widgets = {"publisher": forms.Textarea(attrs={"rows": 3}), "host": forms.Textarea(attrs={"rows": 3})}


STATE_CHOICES = [("active", _("Actifs")), ("inactive", _("Désactivés")), ("all", _("Tous"))]


class PeopleFilterForm(QvForm):
    q = forms.CharField(
        label=_("Rechercher"), required=False, help_text=_("Nom, prénom, e-mail ou identifiant")
    )
    unit = UnitPickerField(
        label=_("Unité"),
        required=False,
        help_text=_("Code de l'unité (tapez une partie de son nom pour des propositions) ; vide : toutes."),
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *EmploymentStatus.choices]
    )
    gender = forms.ChoiceField(label=_("Genre"), required=False, choices=[("", _("Tous")), *Gender.choices])
    category = forms.CharField(label=_("Catégorie"), required=False, max_length=20)
    state = forms.ChoiceField(label=_("État"), required=False, choices=STATE_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].for_organisation(organisation, units)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["state"] = data.get("state") or "active"
        return data
