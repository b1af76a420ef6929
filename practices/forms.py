"""Forms of the network (DSFR markup and French errors through core.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QvForm, QvModelForm
from core.limits import REASON_TEXT
from organisations.models import Organisation
from practices import geography, themes
from practices.models import (
    PEER_MESSAGE_TEXT,
    STORY_TEXT,
    InvitationStatus,
    NetworkInvitation,
    NetworkMembership,
    PeerProfile,
    Sector,
    Story,
)
from practices.selectors import StoryFilters


class StoryFilterForm(QvForm):
    """The facets of the search and the map, kept in the URL (a GET form)."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    secteur = forms.ChoiceField(label=_("Versant"), required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    remarquable = forms.BooleanField(label=_("Pratiques remarquables seulement"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        self.fields["secteur"].choices = everything + list(Sector.choices)
        self.fields["region"].choices = [("", _("Toutes"))] + geography.region_choices()
        self.fields["departement"].choices = everything + geography.departement_choices()
        self.fields["theme"].choices = everything + themes.THEME_CHOICES

    def filters(self) -> StoryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return StoryFilters(
            q=data.get("q", ""),
            sector=data.get("secteur", ""),
            region=data.get("region", ""),
            departement=data.get("departement", ""),
            theme=data.get("theme", ""),
            remarkable=bool(data.get("remarquable")),
        )


class StoryForm(QvModelForm):
    theme_codes = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=themes.THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les dimensions de la QVT et les axes de risques psychosociaux (Gollac) concernés."),
    )
    contact_consent = forms.BooleanField(
        label=_("La personne à contacter a donné son accord pour figurer sur ce récit"),
        required=False,
        help_text=_("Son accord est enregistré avec sa date ; elle peut le retirer à tout moment."),
    )

    class Meta:
        model = Story
        fields = [
            "network",
            "title",
            "context",
            "actions",
            "levers",
            "effects",
            "lessons",
            "sector",
            "size_band",
            "departement",
            "duration",
            "cost",
            "visibility",
            "contact_name",
            "contact_role",
            "contact_email",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("context", "actions", "levers", "effects", "lessons")
        }

    def __init__(self, *args: Any, memberships: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        networks = [membership.network for membership in memberships]
        self.fields["network"].queryset = self.fields["network"].queryset.filter(  # type: ignore[attr-defined]
            pk__in=[network.pk for network in networks]
        )
        if len(networks) == 1:
            self.fields["network"].initial = networks[0].pk
        self.fields["departement"] = forms.ChoiceField(
            label=_("Département"), choices=[("", "—"), *geography.departement_choices()]
        )
        for name in ("context", "actions", "levers", "effects", "lessons"):
            self.fields[name].max_length = STORY_TEXT  # type: ignore[attr-defined]
        self.initial.setdefault("theme_codes", self.instance.theme_codes)
        self.initial.setdefault("contact_consent", self.instance.contact_consent_at is not None)
        from core.forms import bound_text_areas

        bound_text_areas(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_name") and not data.get("contact_consent"):
            self.add_error(
                "contact_consent", _("Sans l'accord de la personne, laissez vides les champs du contact.")
            )
        return data

    def save(self, commit: bool = True) -> Story:
        story: Story = super().save(commit=False)
        story.themes = themes.encode(self.cleaned_data.get("theme_codes") or [])
        return story


class ReturnForm(QvForm):
    reason = forms.CharField(
        label=_("Motif du renvoi"),
        max_length=REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qu'il faut compléter ou corriger ; l'auteur·rice le lira."),
    )


class MembershipForm(QvModelForm):
    class Meta:
        model = NetworkMembership
        fields = ["shares_stories", "shows_on_map", "departement"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"] = forms.ChoiceField(
            label=_("Département de l'organisation"),
            required=False,
            choices=[("", "—"), *geography.departement_choices()],
        )


class PeerProfileForm(QvModelForm):
    consent = forms.BooleanField(
        label=_("J'accepte de figurer dans l'annuaire des pairs du réseau"),
        help_text=_(
            "Votre nom, votre fonction, votre organisation et vos sujets seront visibles des membres du réseau ; "
            "votre adresse e-mail ne l'est jamais. Vous pouvez retirer votre accord à tout moment."
        ),
    )

    class Meta:
        model = PeerProfile
        fields = ["network", "role_title", "topics", "reach"]
        widgets = {"topics": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, network_ids: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = self.fields["network"].queryset.filter(  # type: ignore[attr-defined]
            pk__in=list(network_ids)
        )


class PeerMessageForm(QvForm):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Votre message"), max_length=PEER_MESSAGE_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )


class NetworkForm(QvForm):
    """A platform administrator's new network: its name and its host organisation."""

    name = forms.CharField(label=_("Nom du réseau"), max_length=200)
    host = forms.ModelChoiceField(
        label=_("Organisation animatrice"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_(
            "Ses animateur·rices réseau (rôle « Animateur·rice réseau » dans cette organisation) animent le réseau."
        ),
    )
    departement = forms.ChoiceField(
        label=_("Département de l'organisation animatrice"),
        required=False,
        choices=[("", "—"), *geography.departement_choices()],
    )


class InviteForm(QvForm):
    """A facilitator picks, by name, an organisation that is neither a member nor already invited; ``query``
    (the page's search, part of a name) narrows the list, which a platform of hundreds of organisations needs."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation à inviter"),
        queryset=Organisation.objects.none(),
        help_text=_("Son ou sa pilote QVT verra l'invitation et choisira ce que l'organisation partage."),
    )

    def __init__(self, *args: Any, network: Any, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        invited = NetworkInvitation.objects.filter(network=network, status=InvitationStatus.PENDING)
        choices = (
            Organisation.objects.exclude(network_memberships__network=network)
            .exclude(pk__in=invited.values("organisation_id"))
            .order_by("name")
        )
        if query:
            choices = choices.filter(name__icontains=query)
        field.queryset = choices
