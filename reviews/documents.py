"""The review document in four formats, from the frozen snapshot and the consultation (never from live data):
PDF (WeasyPrint, with an SVG chart and its table alternative), ODT (odfpy) and the figures in ODS and XLSX."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import spreadsheets
from reviews.models import ReviewCycle
from reviews.selectors import status_counts

NOT_SHOWN = gettext_noop("non affiché (groupe trop petit)")  # translated when written


def context_for(review: ReviewCycle) -> dict[str, Any]:
    snapshot = review.snapshot or {}
    comments = list(review.comments.select_related("author"))
    return {
        "review": review,
        "snapshot": snapshot,
        "chart": status_counts(snapshot),
        "members": list(review.members.select_related("user")),
        "meetings": list(review.meetings.all()),
        "general_comments": [c for c in comments if not c.action_code],
        "action_comments": [c for c in comments if c.action_code],
        "votes": list(review.votes.all()),
        "decisions": [
            (d, sorted(a.code for a in d.actions.all()))
            for d in review.decisions.prefetch_related("actions__axis")
        ],
    }


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reviews/document_pdf.html", context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def render_odt(context: dict[str, Any]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    review = context["review"]
    snapshot = context["snapshot"]
    doc = OpenDocumentText()
    bold = Style(name="Gras", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)

    def heading(text: str, level: int = 1) -> None:
        doc.text.addElement(H(outlinelevel=level, text=text))

    def para(text: str, style: Any = None) -> None:
        doc.text.addElement(P(text=text, stylename=style) if style else P(text=text))

    def table(name: str, header: list[str], rows: list[list[Any]]) -> None:
        t = Table(name=name)
        t.addElement(TableColumn(numbercolumnsrepeated=len(header)))
        for n, row in enumerate([header, *rows]):
            tr = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(
                    P(text="" if value is None else str(value), stylename=bold if n == 0 else None)
                )
                tr.addElement(cell)
            t.addElement(tr)
        doc.text.addElement(t)

    heading(review.title)
    plan = snapshot.get("plan", {})
    para(_("%(plan)s — année scolaire %(year)s") % {"plan": plan.get("title", ""), "year": review.year_label})
    para(_("État du plan figé le %(d)s.") % {"d": snapshot.get("taken_at", "")[:10]})
    heading(_("Avancement des actions"), 2)
    table(
        "Avancement",
        [_("N°"), _("Action"), _("Statut"), _("Avancement"), _("Météo"), _("Dernier point")],
        [
            [
                a["code"],
                a["title"],
                a["status_label"],
                f"{a['progress']} %",
                a["weather"] or "—",
                f"{a['last_update']['date']} : {a['last_update']['text']}" if a["last_update"] else "—",
            ]
            for a in snapshot.get("actions", [])
        ],
    )
    heading(_("Actions par statut"), 2)
    table("Statuts", [_("Statut"), _("Actions")], [[r["label"], r["count"]] for r in context["chart"]])
    if snapshot.get("indicators"):
        heading(_("Indicateurs"), 2)
        table("Indicateurs", indicator_header(), indicator_rows(snapshot))
    barometer = snapshot.get("barometer")
    if barometer:
        heading(_("Baromètre : %(c)s") % {"c": barometer["campaign"]}, 2)
        if barometer["suppressed"]:
            para(_(NOT_SHOWN))
        else:
            table(
                "Barometre",
                [_("Dimension"), _("% favorable"), _("Évolution (points)")],
                barometer_rows(barometer),
            )
    changes = snapshot.get("changes")
    if changes:
        heading(_("Évolutions depuis « %(t)s »") % {"t": changes["since"]}, 2)
        for c in changes["status_changes"]:
            para(f"{c['code']} {c['title']} : {c['before']} → {c['after']}")
        for c in changes["progress_changes"]:
            para(f"{c['code']} {c['title']} : {c['before']} % → {c['after']} % ({c['delta']:+d})")
        for c in changes["added"]:
            para(_("Nouvelle action : %(c)s %(t)s") % {"c": c["code"], "t": c["title"]})
        for c in changes["removed"]:
            para(_("Action retirée : %(c)s %(t)s") % {"c": c["code"], "t": c["title"]})
    heading(_("Consultation"), 2)
    for c in context["general_comments"] + context["action_comments"]:
        prefix = f"[{c.action_code}] " if c.action_code else ""
        para(f"{prefix}{c.author or '—'} : {c.text}")
    heading(_("Avis des organisations syndicales"), 2)
    for v in context["votes"]:
        para(f"{v.union} : {v.get_choice_display()}", bold)
        para(v.statement)
    heading(_("Décisions du groupe de travail"), 2)
    for decision, codes in context["decisions"]:
        para(f"{decision.text}" + (f" ({', '.join(codes)})" if codes else ""))
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def indicator_header() -> list[str]:
    return [_("Indicateur"), _("Type"), _("Action ou axe"), _("Dernière valeur"), _("Cible"), _("Tendance")]


TRENDS = {"up": "↗", "down": "↘", "flat": "→"}


def indicator_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for i in snapshot.get("indicators", []):
        last = _(NOT_SHOWN) if i["last_suppressed"] else (i["last"] or "—")
        where = i["action"] or (_("axe %(n)s") % {"n": i["axis"]} if i["axis"] else "—")
        rows.append(
            [i["name"], i["kind"], where, last, i["last_target"] or "—", TRENDS.get(i["trend"] or "", "—")]
        )
    return rows


def barometer_rows(barometer: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            d["label"],
            _(NOT_SHOWN) if d["pct_favourable"] is None else d["pct_favourable"],
            "—" if d["trend"] is None else d["trend"],
        ]
        for d in barometer.get("dimensions", [])
    ]


def sheets(context: dict[str, Any]) -> list[tuple[str, list[list[Any]]]]:
    """The figures: one sheet of actions, one of indicators, one of the barometer, one of votes."""
    snapshot = context["snapshot"]
    actions = [[_("N°"), _("Action"), _("Statut"), _("Avancement (%)"), _("Météo"), _("Dernier point")]]
    for a in snapshot.get("actions", []):
        last = a["last_update"]["date"] if a["last_update"] else ""
        actions.append(
            [a["code"], _safe(a["title"]), a["status_label"], a["progress"], a["weather"] or "", last]
        )
    indicators = [indicator_header()]
    for row in indicator_rows(snapshot):
        indicators.append([_safe(str(v)) for v in row])
    barometer = snapshot.get("barometer")
    baro: list[list[Any]] = [[_("Dimension"), _("% favorable"), _("Évolution (points)")]]
    if barometer and not barometer["suppressed"]:
        baro += barometer_rows(barometer)
    elif barometer:
        baro.append([_(NOT_SHOWN), "", ""])
    votes = [[_("Organisation syndicale"), _("Avis"), _("Déclaration")]]
    votes += [[_safe(v.union), str(v.get_choice_display()), _safe(v.statement)] for v in context["votes"]]
    return [
        (_("Actions"), actions),
        (_("Indicateurs"), indicators),
        (_("Baromètre"), baro),
        (_("Avis"), votes),
    ]


_safe = spreadsheets.safe_text  # keep spreadsheet programs from reading a cell as a formula


def render_xlsx(context: dict[str, Any]) -> bytes:
    return spreadsheets.to_xlsx(sheets(context))


def render_ods(context: dict[str, Any]) -> bytes:
    return spreadsheets.to_ods(sheets(context))
