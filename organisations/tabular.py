"""Reading spreadsheets exported by HR software: CSV (any usual delimiter and encoding) or XLSX.

Line numbers are those a person sees in the file: the header is line 1.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

XLSX_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """The file cannot be read at all (not a spreadsheet, empty, no header)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def normalise_header(value: str) -> str:
    """'  Tranche d’Âge ' → 'tranche d age': no case, accents, punctuation, BOM or extra spaces."""
    value = unicodedata.normalize("NFKD", value.replace("\ufeff", ""))
    value = "".join(c for c in value if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as written by French spreadsheet software."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _is_blank(cells: Iterable[str]) -> bool:
    return not any(c.strip() for c in cells)


def read_csv(data: bytes) -> Table:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    next_line = 1
    for record in reader:
        line, next_line = next_line, reader.line_num + 1
        if headers is None:
            if _is_blank(record):
                continue
            headers = [h.strip() for h in record]
            continue
        if _is_blank(record):
            continue
        rows.append((line, [c.strip() for c in record]))
    if headers is None:
        raise TableError("fichier vide")
    return Table(headers=headers, rows=rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise TableError("fichier Excel illisible") from exc
    try:
        sheet = workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if headers is None:
                if _is_blank(cells):
                    continue
                headers = cells
                continue
            if not _is_blank(cells):
                rows.append((line, cells))
    finally:
        workbook.close()
    if headers is None:
        raise TableError("fichier vide")
    # A spreadsheet has no separators to miss: cells are where they are. Trailing empty header cells are
    # dropped and every row is cut or padded to the header's width (a value beyond it is kept, and reported).
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = [
        (line, cells[:width] + [""] * (width - len(cells)) if not any(cells[width:]) else cells)
        for line, cells in rows
    ]
    return Table(headers=headers, rows=rows)


def read_table(data: bytes) -> Table:
    """Read CSV or XLSX (recognised by content, not by name)."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    return read_csv(data)


def map_columns(headers: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field name → column index, using the first matching alias (in alias order) for each field."""
    normalised = [normalise_header(h) for h in headers]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            if name in normalised:
                found[field] = normalised.index(name)
                break
    return found


def cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]
