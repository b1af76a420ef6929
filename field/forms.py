"""Forms of the field loop (DSFR markup and French errors through ``core.forms``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, QvForm
from core.limits import LONG_TEXT, NOTE_TEXT, PROPOSAL_TEXT, REASON_TEXT
from field.gollac import sub_factor_choices
from field.models import AcceptedAs, AnswerStatus, Space, SpaceSession, StepStatus
from field.names import flagged_words, known_names
from organisations.models import Organisation
from organisations.pickers import PersonPickerField, UnitPickerField
from plans.models import Action
from prevention.models import DangerFamily, WorkUnit
from surveys.models import Dimension

CONFIRM_NAMES = "confirm_names"


def _area(
    label: Any, limit: int = NOTE_TEXT, required: bool = True, rows: int = 4, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )


def _dimension_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Dimension du baromètre concernée"),
        choices=[("", _("Aucune"))] + list(Dimension.choices),
        required=False,
    )


def _actions_field(organisation: Organisation) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Actions du plan qui y répondent"),
        queryset=Action.objects.filter(plan__organisation=organisation).select_related("plan", "axis"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NameCheckMixin:
    """Flags the words of ``name_fields`` that look like staff names and asks to rewrite them or confirm.

    The confirmation box appears only once words were flagged; ticking it saves the text as it is.
    """

    name_fields: tuple[str, ...] = ()
    organisation: Organisation

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        form: Any = self
        if form.is_bound and CONFIRM_NAMES in form.data:
            form.fields[CONFIRM_NAMES] = self._confirm_field()

    @staticmethod
    def _confirm_field() -> forms.BooleanField:
        return forms.BooleanField(
            label=_(
                "Je confirme : les mots signalés ne désignent personne, le texte peut être enregistré tel quel"
            ),
            required=False,
        )

    def clean(self) -> dict[str, Any]:
        form: Any = self
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if cleaned.get(CONFIRM_NAMES):
            return cleaned
        names = known_names(organisation=self.organisation)
        flagged = False
        for name in self.name_fields:
            words = flagged_words(str(cleaned.get(name) or ""), names=names)
            if words:
                flagged = True
                form.add_error(
                    name,
                    gettext(
                        "Ces mots ressemblent à des noms de personnes ou à des coordonnées : %(words)s. "
                        "Réécrivez sans nommer personne (une fonction plutôt qu'un nom), ou confirmez plus bas."
                    )
                    % {"words": ", ".join(f"« {w} »" for w in words)},
                )
        if flagged:
            form.fields[CONFIRM_NAMES] = self._confirm_field()
        return cleaned


class SettingsForm(QvForm):
    answer_days = forms.IntegerField(
        label=_("Délai de réponse du comité de pilotage (jours)"), min_value=1, max_value=365
    )
    committee = PersonPickerField(
        label=_("Autres membres du comité de pilotage"),
        multiple=True,
        required=False,
        help_text=_("Adresses e-mail séparées par des virgules. Les pilotes QVT en font toujours partie."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_organisation(organisation)  # type: ignore[attr-defined]


class SpaceForm(QvForm):
    name = forms.CharField(label=_("Nom de l'espace"), max_length=200)
    unit = UnitPickerField(
        label=_("Unité"), required=False, help_text=_("Son code, ou une unité de travail.")
    )
    work_unit = forms.ModelChoiceField(
        label=_("Ou unité de travail"), queryset=WorkUnit.objects.none(), required=False
    )
    facilitators = PersonPickerField(
        label=_("Animateurs (un ou deux)"),
        multiple=True,
        help_text=_(
            "Par ex. un encadrant et un représentant du personnel : adresses e-mail séparées par des virgules."
        ),
    )
    members = PersonPickerField(
        label=_("Membres"),
        multiple=True,
        required=False,
        help_text=_("Adresses e-mail séparées par des virgules."),
    )
    rules = _area(_("Règles de fonctionnement convenues par le groupe"), required=False, rows=5)

    def __init__(
        self, *args: Any, organisation: Organisation, space: Space | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("facilitators", "members"):
            self.fields[name].for_organisation(organisation)  # type: ignore[attr-defined]
        if space is None:
            self.fields["unit"].for_organisation(organisation)  # type: ignore[attr-defined]
            self.fields["work_unit"].queryset = WorkUnit.objects.filter(  # type: ignore[attr-defined]
                organisation=organisation, active=True
            )
        else:
            del self.fields["unit"], self.fields["work_unit"]


class SessionForm(NameCheckMixin, QvForm):
    name_fields = ("participant_roles", "themes", "said")
    held_on = forms.DateField(label=_("Date de la séance"), widget=DateInput())
    participant_count = forms.IntegerField(label=_("Nombre de participants"), min_value=1, max_value=500)
    participant_roles = forms.CharField(
        label=_("Fonctions des participants"),
        max_length=300,
        help_text=_("Par ex. « 4 enseignants, 1 CPE, 2 AED » : des fonctions, jamais des noms."),
    )
    themes = forms.CharField(label=_("Thèmes abordés"), max_length=300)
    said = _area(_("Ce qui s'est dit, avec les mots du groupe"), LONG_TEXT, rows=8)


class ProposalForm(NameCheckMixin, QvForm):
    name_fields = ("title", "text")
    title = forms.CharField(label=_("Intitulé de la proposition"), max_length=250)
    text = _area(_("La proposition, avec les mots du groupe"), PROPOSAL_TEXT, rows=6)
    session = forms.ModelChoiceField(
        label=_("Séance où elle a été formulée"), queryset=SpaceSession.objects.none(), required=False
    )
    dimension = _dimension_field()

    def __init__(self, *args: Any, space: Space, **kwargs: Any) -> None:
        super().__init__(*args, organisation=space.organisation, **kwargs)
        self.fields["session"].queryset = space.sessions.all()  # type: ignore[attr-defined]
        self.fields["actions"] = _actions_field(space.organisation)


class LinksForm(QvForm):
    dimension = _dimension_field()

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"] = _actions_field(organisation)


class AnswerForm(QvForm):
    status = forms.ChoiceField(
        label=_("Réponse du comité"),
        choices=[(v, label) for v, label in AnswerStatus.choices if v != AnswerStatus.PENDING],
        widget=forms.RadioSelect,
    )
    accepted_as = forms.ChoiceField(
        label=_("Si acceptée : sous quelle forme"),
        choices=AcceptedAs.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    action = forms.ModelChoiceField(
        label=_("Action du plan (si acceptée comme action du plan)"),
        queryset=Action.objects.none(),
        required=False,
    )
    measure_title = forms.CharField(
        label=_("Intitulé de la mesure (si acceptée comme mesure du PAPRIPACT)"),
        max_length=250,
        required=False,
        help_text=_("Par défaut, l'intitulé de la proposition."),
    )
    measure_due_date = forms.DateField(label=_("Échéance de la mesure"), required=False, widget=DateInput())
    text = _area(
        _("Réponse expliquée à l'espace"),
        required=False,
        help_text=_("Obligatoire pour un refus (le motif) et pour une action locale (ce qui est décidé)."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je confirme : la réponse est envoyée aux membres de l'espace et ne pourra plus être modifiée "
            "si elle est définitive"
        ),
        error_messages={"required": _("Cochez la confirmation pour envoyer la réponse.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            plan__organisation=organisation
        ).select_related("plan", "axis")


class SituationForm(NameCheckMixin, QvForm):
    name_fields = (
        "title",
        "occurred",
        "place",
        "roles",
        "what_happened",
        "problem",
        "consequences",
        "coping",
        "ideas",
    )
    work_unit = forms.ModelChoiceField(label=_("Unité de travail"), queryset=WorkUnit.objects.none())
    space = forms.ModelChoiceField(
        label=_("Espace de discussion d'où elle vient"), queryset=Space.objects.none(), required=False
    )
    title = forms.CharField(label=_("Intitulé"), max_length=250)
    occurred = forms.CharField(label=_("Quand"), max_length=200)
    place = forms.CharField(label=_("Où"), max_length=200)
    roles = forms.CharField(label=_("Qui (fonctions, jamais des noms)"), max_length=300)
    what_happened = _area(_("Ce qui s'est passé"))
    problem = _area(_("Le problème"))
    consequences = _area(_("Ses conséquences"))
    coping = _area(_("Ce qui est fait aujourd'hui pour faire face"), required=False)
    ideas = _area(_("Pistes d'action"), required=False)
    dimension = _dimension_field()

    def __init__(
        self, *args: Any, organisation: Organisation, spaces: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["actions"] = _actions_field(organisation)
        if editing:
            del self.fields["work_unit"], self.fields["space"]
            return
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, active=True
        )
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]


class CauseForm(NameCheckMixin, QvForm):
    name_fields = ("text",)
    text = _area(_("Cause"), rows=2)
    factor = forms.ChoiceField(
        label=_("Axe et facteur de risque (Gollac)"), choices=[("", "—"), *sub_factor_choices()]
    )

    def clean_factor(self) -> tuple[str, str]:
        axis, _sep, code = self.cleaned_data["factor"].partition(":")
        return axis, code


class StepForm(NameCheckMixin, QvForm):
    name_fields = ("solution", "owner")
    solution = _area(_("Solution opérationnelle"), rows=2)
    owner = forms.CharField(label=_("Responsable (fonction)"), max_length=200)
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Statut"), choices=StepStatus.choices)


class StepStatusForm(QvForm):
    step = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=StepStatus.choices)


class PromoteForm(QvForm):
    make_risk = forms.BooleanField(
        label=_("Créer une ligne du document unique (DUERP)"), required=False, initial=True
    )
    danger_family = forms.ChoiceField(
        label=_("Famille de danger"),
        choices=DangerFamily.choices,
        initial=DangerFamily.PSYCHOSOCIAL,
        required=False,
        help_text=_("Un risque psychosocial prend l'axe le plus fréquent des causes analysées."),
    )
    exposed_count = forms.IntegerField(label=_("Personnes exposées"), min_value=0, required=False)
    make_measure = forms.BooleanField(
        label=_("Créer une mesure du programme de prévention (PAPRIPACT)"), required=False
    )
    measure_title = forms.CharField(label=_("Intitulé de la mesure"), max_length=250, required=False)
    measure_due_date = forms.DateField(label=_("Échéance de la mesure"), required=False, widget=DateInput())
    confirm = forms.BooleanField(
        label=_("Je confirme la création dans le registre et le programme"),
        error_messages={"required": _("Cochez la confirmation pour créer le risque ou la mesure.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("make_risk") and not cleaned.get("danger_family"):
            self.add_error("danger_family", gettext("Indiquez la famille de danger du risque."))
        return cleaned


class PhotoForm(QvForm):
    image = forms.FileField(
        label=_("Photo (JPEG ou PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("Les données EXIF et de localisation sont effacées, l'image est réduite à 2 000 pixels."),
    )
    caption = forms.CharField(label=_("Légende"), max_length=300)
    alt_text = forms.CharField(
        label=_("Texte alternatif"),
        max_length=300,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )
    no_identifiable_person = forms.BooleanField(
        label=_("J'atteste qu'aucune personne identifiable n'apparaît sur la photo"), required=False
    )
    people_count = forms.IntegerField(
        label=_("Sinon : nombre de personnes identifiables"), min_value=1, required=False
    )
    consent_capture = forms.BooleanField(label=_("Elles ont consenti à la prise de vue"), required=False)
    consent_publish = forms.BooleanField(label=_("Elles ont consenti à la diffusion"), required=False)
    consent_on = forms.DateField(label=_("Date des consentements"), required=False, widget=DateInput())
    consent_how = forms.CharField(
        label=_("Comment les consentements ont été recueillis"),
        max_length=300,
        required=False,
        help_text=_("Par ex. « formulaire signé, conservé par la direction »."),
    )


class WithdrawForm(QvForm):
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=REASON_TEXT, required=False)


class ReviewForm(NameCheckMixin, QvForm):
    name_fields = ("subject", "what_happened", "analysis", "lessons", "actions")
    subject = forms.CharField(label=_("Sujet"), max_length=250)
    happened_on = forms.DateField(label=_("Date des faits"), required=False, widget=DateInput())
    what_happened = _area(_("Ce qui s'est passé"), LONG_TEXT, rows=6)
    analysis = _area(_("Analyse (sans chercher de coupable)"), LONG_TEXT, rows=6)
    lessons = _area(_("Enseignements"), LONG_TEXT, rows=4)
    actions = _area(_("Actions"), LONG_TEXT, required=False, rows=4)
