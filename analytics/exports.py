"""Exports of aggregates only (never a raw answer): CSV, XLSX and ODS of one unit's results.

Built from ``selectors.result_for``: a suppressed group or item has empty cells and the mark
« supprimé (seuil) », so no suppressed number can appear in a file.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import spreadsheets

SUPPRESSED_MARK = gettext_noop("supprimé (seuil)")  # translated when written: _(SUPPRESSED_MARK)
VALUES = list(range(11))


def _num(x: float | None, digits: int = 1) -> float | str:
    return "" if x is None else round(float(x), digits)


def _safe(text: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def header() -> list[str]:
    return [
        _("Dimension"),
        _("Question"),
        _("Répondants (n)"),
        _("% favorable"),
        _("IC 95 % bas"),
        _("IC 95 % haut"),
        _("Moyenne"),
        *[_("Réponse %(v)s") % {"v": v} for v in VALUES],
        _("Non concerné·e"),
        _("Sans réponse"),
        _("Statut"),
    ]


def _blank(n: int) -> list[Any]:
    return [""] * n


def rows_for(result: dict[str, Any], *, campaign: str, unit: str, filter_label: str) -> list[list[Any]]:
    """Title lines, then one line per dimension and per item."""
    width = len(header())
    top: list[list[Any]] = [
        [_("Campagne"), _safe(campaign), *_blank(width - 2)],
        [_("Unité"), _safe(unit), *_blank(width - 2)],
        [_("Filtre"), _safe(filter_label or _("aucun")), *_blank(width - 2)],
    ]
    if result.get("suppressed"):
        top.append([_("Répondants"), "", *_blank(width - 3), _(SUPPRESSED_MARK)])
        return [*top, [], header()]
    top.append([_("Répondants"), result["n"], *_blank(width - 2)])
    out = [*top, [], header()]
    for dim in result["dimensions"]:
        out.append(
            [
                _safe(dim["label"]),
                _("(ensemble de la dimension)"),
                "",
                _num(dim["pct_favourable"]),
                "",
                "",
                _num(dim["mean"], 2),
                *_blank(len(VALUES) + 2),
                "",
            ]
        )
        for item in dim["items"]:
            if item.get("suppressed"):
                out.append([_safe(dim["label"]), _safe(item["text"]), *_blank(width - 3), _(SUPPRESSED_MARK)])
                continue
            counts = {d["value"]: d["count"] for d in item["distribution"]}
            ci = item["ci95_pct_favourable"] or [None, None]
            out.append(
                [
                    _safe(dim["label"]),
                    _safe(item["text"]),
                    item["n_answered"],
                    _num(item["pct_favourable"]),
                    _num(ci[0]),
                    _num(ci[1]),
                    _num(item["mean"], 2),
                    *[counts.get(v, "") for v in VALUES],
                    item["n_not_concerned"],
                    item["n_missing"],
                    "",
                ]
            )
    return out


def to_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list[Any]]) -> bytes:
    return spreadsheets.to_xlsx([(_("Résultats"), rows)])


def to_ods(rows: list[list[Any]]) -> bytes:
    return spreadsheets.to_ods([(_("Résultats"), rows)])


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": (to_ods, "application/vnd.oasis.opendocument.spreadsheet"),
}
