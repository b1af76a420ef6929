"""Small display helpers for the plan templates."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plans.models import ActionStatus, Visibility, Weather

register = template.Library()

STATUS_BADGES: dict[str, str] = {
    ActionStatus.PLANNED: "",
    ActionStatus.IN_PROGRESS: "fr-badge--info",
    ActionStatus.DELAYED: "fr-badge--warning",
    ActionStatus.DONE: "fr-badge--success",
    ActionStatus.SUSPENDED: "fr-badge--error",
}
VISIBILITY_BADGES: dict[str, str] = {
    Visibility.PRIVATE: "fr-badge--warning",
    Visibility.STAFF: "fr-badge--info",
    Visibility.PUBLIC: "fr-badge--success",
}


@register.filter
def status_badge(status: str) -> str:
    """The DSFR badge variant of an action status."""
    return STATUS_BADGES.get(status, "")


@register.filter
def visibility_badge(visibility: str) -> str:
    return VISIBILITY_BADGES.get(visibility, "")


@register.filter
def status_label(status: str) -> str:
    return str(dict(ActionStatus.choices).get(status, status))


# Pictogram + text + colour: the text alone says it all (RGAA: never colour alone).
WEATHER_DISPLAY: dict[str, tuple[str, str]] = {
    Weather.ON_TRACK: ("☀", "fr-badge--success"),
    Weather.AT_RISK: ("⛅", "fr-badge--warning"),
    Weather.OFF_TRACK: ("⛈", "fr-badge--error"),
}


@register.simple_tag
def weather_badge(weather: str, size: str = "") -> SafeString:
    """« ☀ Dans les temps » as a DSFR badge; « Météo non renseignée » when the lead has not set it."""
    small = " fr-badge--sm" if size == "sm" else ""
    if weather not in WEATHER_DISPLAY:
        return format_html(
            '<span class="fr-badge fr-badge--no-icon{}">{}</span>', small, _("Météo non renseignée")
        )
    icon, variant = WEATHER_DISPLAY[weather]
    label = dict(Weather.choices)[weather]
    return format_html(
        '<span class="fr-badge fr-badge--no-icon {}{}"><span aria-hidden="true">{}&nbsp;</span>{}</span>',
        variant,
        small,
        icon,
        label,
    )


@register.simple_tag
def late_badge(text: str = "", size: str = "") -> SafeString:
    """« ⚠ En retard » (or the given text) as a DSFR warning badge."""
    small = " fr-badge--sm" if size == "sm" else ""
    return format_html(
        '<span class="fr-badge fr-badge--no-icon fr-badge--warning qv-late{}"><span aria-hidden="true">⚠&nbsp;</span>{}</span>',
        small,
        text or _("En retard"),
    )
