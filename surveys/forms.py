"""Forms of the surveys app (DSFR rendering through QvForm / QvModelForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, QvForm, QvModelForm
from organisations.models import EmploymentStatus
from organisations.pickers import UnitPickerField
from surveys.models import REPORTING_ATTRIBUTES, Item, Questionnaire
from surveys.services import MIN_COMMENTS_FLOOR, MIN_N_FLOOR


class QuestionnaireForm(QvModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "description", "expected_minutes"]


class ItemForm(QvModelForm):
    class Meta:
        model = Item
        fields = ["block", "text", "help_text", "required", "allow_not_concerned"]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class CampaignForm(QvForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    units = UnitPickerField(
        label=_("Unités interrogées"),
        multiple=True,
        help_text=_(
            "Codes des unités, séparés par des virgules (tapez une partie d'un nom pour des propositions). "
            "Chaque unité choisie est interrogée avec toutes les unités qui en dépendent."
        ),
    )
    filter_status = forms.MultipleChoiceField(
        label=_("Limiter aux statuts"),
        choices=EmploymentStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laisser vide pour tous les statuts."),
    )
    filter_category = forms.CharField(
        label=_("Limiter aux catégories"),
        required=False,
        help_text=_("Séparées par des virgules, par ex. « A, B »"),
    )
    filter_job_family = forms.CharField(
        label=_("Limiter aux métiers"), required=False, help_text=_("Séparés par des virgules.")
    )
    reporting_attributes = forms.MultipleChoiceField(
        label=_("Attributs de restitution"),
        choices=list(REPORTING_ATTRIBUTES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chaque réponse garde ces attributs, regroupés à l'ouverture en « autre / non communiqué » "
            "lorsqu'une combinaison concerne trop peu de personnes."
        ),
    )
    opens_on = forms.DateField(label=_("Ouverture"), widget=DateInput)
    closes_on = forms.DateField(label=_("Clôture"), widget=DateInput)
    min_respondents = forms.IntegerField(
        label=_("Seuil d'affichage (répondants)"), min_value=MIN_N_FLOOR, initial=MIN_N_FLOOR
    )
    min_comments = forms.IntegerField(
        label=_("Seuil d'affichage des commentaires"),
        min_value=MIN_COMMENTS_FLOOR,
        initial=MIN_COMMENTS_FLOOR,
    )
    results_shared_with_staff = forms.BooleanField(
        label=_("Partager les résultats avec les agents interrogés"),
        required=False,
        initial=True,
        help_text=_(
            "Une fois les résultats publiés, chaque agent invité lit ceux de l'organisation entière (jamais "
            "ceux d'une unité). Ne se modifie plus après l'ouverture."
        ),
    )
    invitation_subject = forms.CharField(
        label=_("Objet de l'e-mail d'invitation"), max_length=200, required=False
    )
    invitation_message = forms.CharField(
        label=_("Message d'invitation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "Le lien personnel et le lien de désinscription des relances sont ajoutés automatiquement."
        ),
    )
    help_text = forms.CharField(
        label=_("Où trouver de l'aide (affiché à la fin du questionnaire)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, organisation: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["units"].for_organisation(organisation)  # type: ignore[attr-defined]
        if locked:
            for name in (
                "questionnaire",
                "units",
                "filter_status",
                "filter_category",
                "filter_job_family",
                "reporting_attributes",
                "opens_on",
                "min_respondents",
                "min_comments",
                "results_shared_with_staff",
            ):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filters: dict[str, list[str]] = {}
        if data.get("filter_status"):
            filters["status"] = list(data["filter_status"])
        if data.get("filter_category"):
            filters["category"] = _split(data["filter_category"])
        if data.get("filter_job_family"):
            filters["job_family"] = _split(data["filter_job_family"])
        data["attribute_filters"] = filters
        return data

    @staticmethod
    def initial_from(campaign: Any) -> dict[str, Any]:
        filters = campaign.attribute_filters or {}
        return {
            "title": campaign.title,
            "questionnaire": campaign.questionnaire_id,
            "units": list(campaign.units.values_list("pk", flat=True)),
            "filter_status": filters.get("status", []),
            "filter_category": ", ".join(filters.get("category", [])),
            "filter_job_family": ", ".join(filters.get("job_family", [])),
            "reporting_attributes": campaign.reporting_attributes,
            "opens_on": campaign.opens_on,
            "closes_on": campaign.closes_on,
            "min_respondents": campaign.min_respondents,
            "min_comments": campaign.min_comments,
            "results_shared_with_staff": campaign.results_shared_with_staff,
            "invitation_subject": campaign.invitation_subject,
            "invitation_message": campaign.invitation_message,
            "help_text": campaign.help_text,
        }


class PaperCodesForm(QvForm):
    unit = UnitPickerField(
        label=_("Site"), help_text=_("Code de l'unité (tapez une partie de son nom pour des propositions).")
    )
    count = forms.IntegerField(label=_("Nombre de codes"), min_value=1, max_value=2000, initial=10)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].for_organisation(organisation)  # type: ignore[attr-defined]


class CodeForm(QvForm):
    code = forms.CharField(
        label=_("Votre code personnel"),
        max_length=64,
        help_text=_(
            "Le code figure dans l'e-mail d'invitation ou sur le papier remis (par ex. ABCD-EFGH-…)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class TrusteesForm(QvForm):
    """Name the trustees of a campaign's ballot box and the quorum needed to open it."""

    users: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Dépositaires des clés"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Au moins trois : le ou la pilote QVT et des représentant·es du personnel. Chacun·e reçoit une "
            "clé personnelle ; il en faut le quorum pour ouvrir l'urne après la clôture."
        ),
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=2,
        initial=2,
        help_text=_("Nombre de clés à déposer ensemble pour ouvrir l'urne."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users_field = self.fields["users"]
        assert isinstance(users_field, forms.ModelMultipleChoiceField)
        users_field.queryset = candidates


class TrusteeKeyForm(QvForm):
    """A trustee creates their personal key, optionally protected by a passphrase of their own."""

    passphrase = forms.CharField(
        label=_("Phrase secrète (facultative)"),
        required=False,
        strip=False,
        min_length=12,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères. Sans elle, la clé ne pourra pas servir : ne l'oubliez pas."),
    )
    passphrase_again = forms.CharField(
        label=_("Phrase secrète, à nouveau"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase", "") != data.get("passphrase_again", ""):
            self.add_error("passphrase_again", _("Les deux phrases secrètes ne sont pas identiques."))
        return data


class TrusteeDepositForm(QvForm):
    """At the count: the trustee pastes or uploads their key, with its passphrase if it has one."""

    key = forms.CharField(
        label=_("Votre clé de dépositaire"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Collez le texte de la clé (il commence par QVCLE), ou choisissez le fichier ci-dessous."
        ),
    )
    key_file = forms.FileField(label=_("ou le fichier de la clé"), required=False)
    passphrase = forms.CharField(
        label=_("Phrase secrète (si vous en avez choisi une)"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("key_file")
        if upload is not None:
            if upload.size > 4096:
                self.add_error("key_file", _("Ce fichier est trop gros pour être une clé de dépositaire."))
                return data
            try:
                data["key"] = upload.read().decode("ascii").strip()
            except UnicodeDecodeError:
                self.add_error("key_file", _("Ce fichier n'est pas une clé de dépositaire Qualivie."))
                return data
        if not data.get("key"):
            self.add_error("key", _("Collez votre clé ou choisissez son fichier."))
        return data


class CampaignStepForm(QvForm):
    """Confirmation of an irreversible step of a campaign (open, remind, close, publish): the page's button
    posts ``confirm=oui`` (a hidden input next to it, not a field, so that a re-shown page still confirms)."""

    def __init__(self, *args: Any, pending: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pending:
            self.fields["set_aside"] = forms.BooleanField(
                label=_("Écarter les %(n)s commentaires non modérés") % {"n": pending},
                required=False,
                help_text=_("Ils ne seront pas publiés ; sinon, modérez-les d'abord."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.data.get("confirm") != "oui":
            raise forms.ValidationError(_("Confirmez avec le bouton en bas de la page."))
        return data
