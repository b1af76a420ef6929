"""Spreadsheets of the dashboards' tables (XLSX with openpyxl, ODS with odfpy), one sheet per table.

Cells holding text that a spreadsheet would read as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core import spreadsheets
from dashboards.selectors import Dashboard
from plans.models import ActionStatus, Weather

Sheets = list[tuple[str, list[list[Any]]]]


def safe(text: Any) -> Any:
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _trend(trend: str | None) -> str:
    return {"up": _("en hausse"), "down": _("en baisse"), "flat": _("stable")}.get(trend or "", "")


def _on_target(on_target: bool | None) -> str:
    return "" if on_target is None else _("oui") if on_target else _("non")


def dashboard_sheets(d: Dashboard) -> Sheets:
    statuses, weathers = dict(ActionStatus.choices), dict(Weather.choices)
    actions: list[list[Any]] = [
        [
            _("Code"),
            _("Action"),
            _("Axe"),
            _("Statut"),
            _("Météo"),
            _("Avancement (%)"),
            _("Pilotes (fonctions)"),
            _("Chef·fes de projet"),
            _("Début"),
            _("Fin"),
            _("En retard"),
            _("Jalons en retard"),
            _("Dernier point d'avancement"),
            _("Sans point d'avancement depuis %(d)s jours") % {"d": d.stale_days},
        ]
    ]
    for row in d.rows:
        a = row.action
        actions.append(
            [
                a.code,
                safe(a.title),
                a.axis.number,
                str(statuses.get(a.status, a.status)),
                str(weathers.get(a.weather, _("Non renseignée"))),
                a.progress,
                safe(a.lead_roles),
                safe(", ".join(str(lead) for lead in row.leads)),
                _date(a.start_date),
                _date(a.end_date),
                _("oui") if a.is_late else _("non"),
                len(row.late_milestones),
                _date(row.last_update_at),
                _("oui") if row.stale else _("non"),
            ]
        )
    axes: list[list[Any]] = [
        [
            _("Axe"),
            _("Intitulé"),
            *[str(label) for _c, label in ActionStatus.choices],
            _("Total"),
            _("Avancement moyen (%)"),
        ]
    ]
    for axis_row in d.axis_rows:
        axes.append(
            [
                axis_row.axis.number,
                safe(axis_row.axis.title),
                *[axis_row.counts[c] for c in ActionStatus.values],
                axis_row.total,
                axis_row.mean_progress,
            ]
        )
    late: list[list[Any]] = [[_("Action"), _("Jalon"), _("Échéance")]]
    for milestone, row in d.late_milestones:
        late.append([row.action.code, safe(milestone.title), _date(milestone.due_date)])
    indicators: list[list[Any]] = [
        [
            _("Indicateur"),
            _("Type"),
            _("Rattachement"),
            _("Unité"),
            _("Dernière valeur"),
            _("Année scolaire"),
            _("Cible"),
            _("Cible atteinte"),
            _("Tendance"),
        ]
    ]
    for ind in d.indicators:
        last = ind.last
        attached = (
            ind.action.code
            if ind.action
            else (_("Axe %(n)s") % {"n": ind.indicator.axis_number} if ind.indicator.axis_number else "")
        )
        indicators.append(
            [
                safe(ind.indicator.name),
                str(ind.indicator.get_kind_display()),
                attached,
                safe(ind.indicator.unit),
                "" if last is None or last.value is None else float(last.value),
                f"{last.school_year}-{last.school_year + 1}" if last else "",
                "" if ind.last_target is None else float(ind.last_target),
                _on_target(ind.on_target),
                _trend(ind.trend),
            ]
        )
    return [
        (_("Actions"), actions),
        (_("Axes"), axes),
        (_("Jalons en retard"), late),
        (_("Indicateurs"), indicators),
    ]


def to_xlsx(sheets: Sheets) -> bytes:
    return spreadsheets.to_xlsx(sheets)


def to_ods(sheets: Sheets) -> bytes:
    return spreadsheets.to_ods(sheets)


FORMATS = {
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": (to_ods, "application/vnd.oasis.opendocument.spreadsheet"),
}
