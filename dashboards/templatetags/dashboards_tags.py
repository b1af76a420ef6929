"""The dashboard's long tables (every action, every indicator, the late milestones, the actions without news)
rendered in Python.

A plan of 200 actions and 600 indicators makes 800 rows, and as many late milestones as it has actions: through
template tags and filters (``{% url %}``, ``get_status_display``, ``|date``, a gettext per cell) they cost most
of the page's time; built here with ``format_html`` (every value escaped), each label translated and each URL
reversed once per table, they cost a few milliseconds (``bench/plan_dashboard.py``). Same markup as the other
DSFR tables of the page.
"""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper per call
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import ActionStatus, Weather
from plans.templatetags.plans_tags import STATUS_BADGES, late_badge, weather_badge

register = template.Library()

PK_PLACEHOLDER = "987654321"


def _url_maker(name: str) -> Any:
    """One ``reverse`` per table, then each primary key in place of the placeholder."""
    url = reverse(name, args=[int(PK_PLACEHOLDER)])
    return lambda pk: url.replace(PK_PLACEHOLDER, str(pk))


def _status_labels() -> dict[str, str]:
    return {str(code): str(label) for code, label in ActionStatus.choices}


def _day(moment: Any) -> str:
    """``dd/mm/yyyy`` of a date, or of an aware datetime in the local time zone (as the ``date`` filter)."""
    if moment is None:
        return ""
    if hasattr(moment, "tzinfo") and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return str(moment.strftime("%d/%m/%Y"))


@register.simple_tag
def action_rows(rows: list[Any]) -> SafeString:
    if not rows:
        return format_html('<tr><td colspan="7">{}</td></tr>', _("Aucune action ne correspond aux filtres."))
    action_url = _url_maker("plans:action")
    dash_url = _url_maker("dashboards:action")
    statuses = {code: escape(label) for code, label in _status_labels().items()}
    weathers = {code: weather_badge(code, "sm") for code in [*Weather.values, ""]}
    late_end = _("En retard : fin prévue le %(d)s")
    dashboard_of = _("Tableau de bord de l'action %(c)s")
    late_counts: dict[int, str] = {}
    out = []
    for row in rows:
        a = row.action
        code = escape(a.code)
        flags = ""
        if a.is_late:
            flags += "<br>" + late_badge(late_end % {"d": _day(a.end_date)}, "sm")
        n = len(row.late_milestones)
        if n:
            if n not in late_counts:
                text = ngettext("%(n)s jalon en retard", "%(n)s jalons en retard", n) % {"n": n}
                late_counts[n] = "<br>" + late_badge(text, "sm")
            flags += late_counts[n]
        weather = weathers.get(a.weather) or weather_badge(a.weather, "sm")
        out.append(
            f'<tr><td>{code}</td><td><a href="{escape(action_url(a.pk))}">{escape(a.title)}</a></td>'
            f'<td><p class="fr-badge fr-badge--sm {STATUS_BADGES.get(a.status, "")}">'
            f"{statuses.get(a.status) or escape(a.status)}</p>{flags}</td><td>{weather}</td>"
            f"<td>{int(a.progress)} %</td><td>{escape(_day(row.last_update_at) or '—')}</td>"
            f'<td><a class="fr-link fr-link--sm" href="{escape(dash_url(a.pk))}">'
            f"{escape(dashboard_of % {'c': a.code})}</a></td></tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped or a SafeString badge


@register.simple_tag
def late_milestone_rows(pairs: list[Any]) -> SafeString:
    """The « Jalons en retard » table: ``pairs`` of (milestone, action row), earliest due date first."""
    if not pairs:
        return format_html('<tr><td colspan="4">{}</td></tr>', _("Aucun jalon en retard."))
    action_url = _url_maker("plans:action")
    statuses = {code: escape(label) for code, label in _status_labels().items()}
    badge = late_badge("", "sm")
    # The action's cells, built once per action (each appears once per late milestone).
    actions: dict[int, tuple[str, str]] = {}
    out = []
    for milestone, row in pairs:
        a = row.action
        if a.pk not in actions:
            actions[a.pk] = (
                f'<a href="{escape(action_url(a.pk))}">{escape(a.code)}</a> {escape(a.title)}',
                statuses.get(a.status) or escape(a.status),
            )
        link, status = actions[a.pk]
        out.append(
            f"<tr><td>{link}</td><td>{escape(milestone.title)} {badge}</td>"
            f"<td>{escape(_day(milestone.due_date))}</td><td>{status}</td></tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped or a SafeString badge


@register.simple_tag
def stale_action_rows(rows: list[Any]) -> SafeString:
    """The « sans point d'avancement » table: each action under way without a recent update, with its leads."""
    if not rows:
        return format_html(
            '<tr><td colspan="4">{}</td></tr>',
            _("Toutes les actions en cours ont un point d'avancement récent."),
        )
    action_url = _url_maker("plans:action")
    statuses = _status_labels()
    none = _("aucun")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a> {}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                action_url(row.action.pk),
                row.action.code,
                row.action.title,
                statuses.get(row.action.status, row.action.status),
                _day(row.last_update_at) or none,
                ", ".join(str(lead) for lead in row.leads) or "—",
            )
            for row in rows
        ),
    )


def _number(value: Any) -> str:
    return number_format(value.normalize() if hasattr(value, "normalize") else value, use_l10n=True)


@register.simple_tag
def indicator_rows(indicators: list[Any]) -> SafeString:
    if not indicators:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("Aucun indicateur pour ces filtres."))
    trends = {
        "up": ("↗", _("en hausse")),
        "down": ("↘", _("en baisse")),
        "flat": ("→", _("stable")),
    }
    yes, no = _("oui"), _("non")
    axis_label = _("Axe %(n)s")
    plan_label = _("Plan")
    hidden = _("non affiché (groupe trop petit)")

    def cells(row: Any) -> tuple[Any, ...]:
        ind, last, target = row.indicator, row.last, row.last_target
        name = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
        if row.action is not None:
            attached = row.action.code
        elif ind.axis_number:
            attached = axis_label % {"n": ind.axis_number}
        else:
            attached = plan_label
        if last is None:
            value = "—"
        else:
            shown = hidden if last.suppressed else "—" if last.value is None else _number(last.value)
            value = format_html(
                '{} <span class="fr-text--xs">({}-{})</span>', shown, last.school_year, last.school_year + 1
            )
        on = row.on_target
        reached = (
            "—"
            if on is None
            else format_html('<span aria-hidden="true">{} </span>{}', "✓" if on else "✗", yes if on else no)
        )
        trend = trends.get(row.trend or "")
        trend_html = format_html('<span aria-hidden="true">{} </span>{}', *trend) if trend else "—"
        return (name, attached, value, "—" if target is None else _number(target), reached, trend_html)

    return format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (cells(r) for r in indicators),
    )
