"""The one spreadsheet writer: numbers stay numbers, text that starts like a formula is written as text, and both
formats open with their libraries with the same cells."""

import io
from decimal import Decimal

from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook

from core import spreadsheets

SHEETS = [
    (
        "Actions : état/suivi",
        [
            ["Code", "Titre", "Avancement"],
            ["1.1", '=HYPERLINK("x")', 40],
            ["1.2", "-2 jours", Decimal("12.5")],
        ],
    )
]


def test_xlsx_keeps_numbers_and_defuses_formulas():
    book = load_workbook(io.BytesIO(spreadsheets.to_xlsx(SHEETS)))
    sheet = book.worksheets[0]
    assert sheet.title == "Actions   état suivi"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert (
        rows[1] == ["1.1", '\'=HYPERLINK("x")', 40]
        and rows[2][1] == "'-2 jours"
        and float(rows[2][2]) == 12.5
    )
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_ods_keeps_numbers_and_defuses_formulas():
    doc = load(io.BytesIO(spreadsheets.to_ods(SHEETS)))
    [table] = doc.spreadsheet.getElementsByType(Table)
    cells = [
        [(c.getAttribute("valuetype"), str(c)) for c in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]
    assert cells[1] == [("string", "1.1"), ("string", '\'=HYPERLINK("x")'), ("float", "40")]
    assert cells[2][1] == ("string", "'-2 jours") and cells[2][2] == ("float", "12.5")
