"""Forms of the dashboards: the filters (a GET form whose values stay in the URL), the committee document's format
and the organisation's « sans nouvelles » delay."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrDjangoTemplates

from core.forms import QvForm
from dashboards.models import DocumentFormat
from dashboards.selectors import Dashboard
from plans.models import ActionStatus, Weather

ALL = ("", _("Tous"))

# django-dsfr's forms name their renderer by its class, so that every form instance builds a new renderer, hence
# a new template engine that parses the form's templates again (a few ms on each dashboard request). The filter
# form, drawn on every dashboard, shares one instance, as Django's own default renderer is shared.
FILTER_RENDERER = DsfrDjangoTemplates()


class FilterForm(QvForm):
    """Axis, status, weather and lead: submitted by GET, so that a filtered dashboard is a link to share."""

    axe = forms.ChoiceField(label=_("Axe"), required=False)
    statut = forms.ChoiceField(label=_("Statut"), required=False, choices=[ALL, *ActionStatus.choices])
    meteo = forms.ChoiceField(
        label=_("Météo"),
        required=False,
        choices=[("", _("Toutes")), *Weather.choices, ("none", _("Non renseignée"))],
    )
    pilote = forms.ChoiceField(label=_("Chef·fe de projet"), required=False)
    default_renderer = FILTER_RENDERER

    def __init__(self, *args: Any, dashboard: Dashboard, with_axis: bool = True, **kwargs: Any) -> None:
        filters = dashboard.filters
        initial = {
            "axe": filters.axis or "",
            "statut": filters.status,
            "meteo": filters.weather,
            "pilote": filters.lead or "",
        }
        super().__init__(*args, initial=initial, **kwargs)
        axe: Any = self.fields["axe"]
        axe.choices = [("", _("Tous")), *((a.number, str(a)) for a in dashboard.axes)]
        pilote: Any = self.fields["pilote"]
        pilote.choices = [("", _("Tous")), *dashboard.lead_choices]
        if not with_axis:
            del self.fields["axe"]


class DocumentForm(QvForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=DocumentFormat.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un format."),
            "invalid_choice": _("Choisissez PDF, ODT ou ODS."),
        },
    )


class StaleDaysForm(QvForm):
    stale_update_days = forms.IntegerField(
        label=_("Délai sans point d'avancement (jours)"),
        min_value=7,
        max_value=730,
        help_text=_(
            "Une action en cours sans point d'avancement depuis ce délai est signalée. Entre 7 et 730."
        ),
        error_messages={
            "required": _("Indiquez un nombre de jours."),
            "invalid": _("Saisissez un nombre entier de jours."),
            "min_value": _("Choisissez un délai entre 7 et 730 jours."),
            "max_value": _("Choisissez un délai entre 7 et 730 jours."),
        },
    )
