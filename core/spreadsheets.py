"""Spreadsheet files (XLSX by openpyxl, ODS by odfpy) from plain rows: one writer for every export.

Numbers stay numbers; text is written as text, with a leading apostrophe when it starts like a formula (``=``,
``+``, ``-``, ``@``, tab or carriage return), so that a title typed by a user never runs in the reader's
spreadsheet program (CSV/formula injection). Sheet names are cut and cleaned to what both formats accept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

Sheet = tuple[str, Sequence[Sequence[Any]]]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def sheet_title(title: str) -> str:
    """At most 31 characters, none of ``: \\ / ? * [ ]`` (refused by spreadsheet programs)."""
    return re.sub(r"[:\\/?*\[\]]", " ", str(title))[:31] or "Feuille"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(sheet_title(title))
        for row in rows:
            sheet.append([v if _is_number(v) or v is None else safe_text(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_ods(sheets: Sequence[Sheet]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets:
        table = Table(name=sheet_title(title))
        for row in rows:
            tr = TableRow()
            for value in row:
                if _is_number(value):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    if value not in ("", None):
                        cell.addElement(P(text=safe_text(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()
