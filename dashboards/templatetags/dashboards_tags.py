"""The dashboard's two long tables (every action, every indicator) rendered in Python.

A plan of 200 actions and 600 indicators makes 800 rows: through template tags and filters they cost most of the
page's time; built here with ``format_html`` (every value escaped) they cost a few milliseconds
(``bench/plan_dashboard.py``). Same markup as the other DSFR tables of the page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.templatetags.plans_tags import STATUS_BADGES, late_badge, weather_badge

register = template.Library()


@register.simple_tag
def action_rows(rows: list[Any]) -> SafeString:
    if not rows:
        return format_html('<tr><td colspan="7">{}</td></tr>', _("Aucune action ne correspond aux filtres."))
    # One reverse per table, then each primary key in place of the placeholder.
    action_url = reverse("plans:action", args=[987654321])
    dash_url = reverse("dashboards:action", args=[987654321])
    out = []
    for row in rows:
        a = row.action
        flags = []
        if a.is_late:
            text = _("En retard : fin prévue le %(d)s") % {"d": a.end_date.strftime("%d/%m/%Y")}
            flags.append(format_html("<br>{}", late_badge(text, "sm")))
        if row.late_milestones:
            n = len(row.late_milestones)
            text = ngettext("%(n)s jalon en retard", "%(n)s jalons en retard", n) % {"n": n}
            flags.append(format_html("<br>{}", late_badge(text, "sm")))
        out.append(
            format_html(
                '<tr><td>{}</td><td><a href="{}">{}</a></td>'
                '<td><p class="fr-badge fr-badge--sm {}">{}</p>{}</td><td>{}</td><td>{} %</td><td>{}</td>'
                '<td><a class="fr-link fr-link--sm" href="{}">{}</a></td></tr>',
                a.code,
                action_url.replace("987654321", str(a.pk)),
                a.title,
                STATUS_BADGES.get(a.status, ""),
                a.get_status_display(),
                SafeString("".join(flags)),
                weather_badge(a.weather, "sm"),
                a.progress,
                row.last_update_at.strftime("%d/%m/%Y") if row.last_update_at else "—",
                dash_url.replace("987654321", str(a.pk)),
                _("Tableau de bord de l'action %(c)s") % {"c": a.code},
            )
        )
    return SafeString("\n".join(out))


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
