"""Files of the register and the programme: ODT (odfpy) and PDF (WeasyPrint) documents, ODS and XLSX tables.

Everything is built from plain data (a version's snapshot, a programme's rows), so that a published version's
files say what its snapshot says. A document is a title, a few "label: value" lines, optional paragraphs (the
F3SCT's opinion) and a table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from core import spreadsheets


@dataclass
class Document:
    title: str
    meta: list[tuple[str, str]]
    header: list[str]
    rows: list[list[Any]]
    sections: list[tuple[str, str]] = field(default_factory=list)


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from reading a text cell as a formula (numbers stay numbers)."""
    return spreadsheets.safe_text(value) if isinstance(value, str) else value


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


# --- The register ------------------------------------------------------------------------------------------------


def register_header() -> list[str]:
    return [
        _("Unité de travail"),
        _("Famille de danger"),
        _("Axe psychosocial"),
        _("Situation d'exposition"),
        _("Personnes exposées"),
        _("Mesures existantes"),
        _("Méthode"),
        _("Cotation"),
        _("Score"),
        _("Niveau"),
        _("Évaluateur·rice"),
        _("Date d'évaluation"),
        _("Mesures prévues"),
    ]


def register_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            line["work_unit"],
            line["danger_family_label"],
            line["gollac_axis_label"],
            line["exposure_situation"],
            line["exposed_count"],
            line["existing_measures"],
            line["method_label"],
            ", ".join(f"{k} {v}" for k, v in line["inputs"].items()),
            line["score"],
            line["level_label"],
            line["evaluator"],
            line["evaluated_on"],
            " ; ".join(line["measures"]),
        ]
        for line in snapshot["lines"]
    ]


def register_document(snapshot: dict[str, Any]) -> Document:
    return Document(
        title=_("Document unique d'évaluation des risques professionnels – %(org)s – version %(n)s")
        % {"org": snapshot["organisation"], "n": snapshot["number"]},
        meta=[
            (_("Publiée le"), snapshot["published_at"][:10]),
            (_("Publiée par"), snapshot["published_by"]),
            (_("Nombre de risques"), str(len(snapshot["lines"]))),
        ],
        header=register_header(),
        rows=register_rows(snapshot),
    )


def register_odt(snapshot: dict[str, Any]) -> bytes:
    return to_odt(register_document(snapshot))


# --- Formats --------------------------------------------------------------------------------------------------


def to_odt(doc: Document) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    odt = OpenDocumentText()
    bold = Style(name="Bold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    odt.automaticstyles.addElement(bold)
    odt.text.addElement(H(outlinelevel=1, text=doc.title))
    for label, value in doc.meta:
        odt.text.addElement(P(text=f"{label} : {value}"))
    for heading, text in doc.sections:
        odt.text.addElement(H(outlinelevel=2, text=heading))
        for paragraph in text.splitlines() or [""]:
            odt.text.addElement(P(text=paragraph))
    table = Table(name=_("Tableau"))
    table.addElement(TableColumn(numbercolumnsrepeated=len(doc.header)))
    for i, row in enumerate([doc.header, *doc.rows]):
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=_cell(value), stylename=bold if i == 0 else None))
            tr.addElement(cell)
        table.addElement(tr)
    odt.text.addElement(table)
    buffer = io.BytesIO()
    odt.write(buffer)
    return buffer.getvalue()


def to_pdf(doc: Document) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("prevention/document_pdf.html", {"doc": doc})
    return bytes(HTML(string=html).write_pdf())


def _preamble(doc: Document) -> list[list[Any]]:
    """Spreadsheets: the "label: value" lines and the sections (the F3SCT's opinion) above the table."""
    return [[label, value] for label, value in doc.meta] + [
        [heading, _safe(text)] for heading, text in doc.sections
    ]


def _sheet(doc: Document) -> list[spreadsheets.Sheet]:
    return [(doc.title, [[doc.title], *_preamble(doc), doc.header, *doc.rows])]


def to_xlsx(doc: Document) -> bytes:
    return spreadsheets.to_xlsx(_sheet(doc))


def to_ods(doc: Document) -> bytes:
    return spreadsheets.to_ods(_sheet(doc))


FORMATS = {
    "odt": (to_odt, "application/vnd.oasis.opendocument.text"),
    "pdf": (to_pdf, "application/pdf"),
    "ods": (to_ods, "application/vnd.oasis.opendocument.spreadsheet"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
