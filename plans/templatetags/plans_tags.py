"""Small display helpers for the plan templates."""

from django import template

from plans.models import ActionStatus, Visibility

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
