import io

import pytest
from openpyxl import Workbook

from core.tests.factories import UnitFactory

HEADER = [
    "Identifiant",
    "Code unité",
    "Nom",
    "Prénom",
    "E-mail",
    "Métier",
    "Catégorie",
    "Statut",
    "Genre",
    "Tranche d'âge",
]


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8-sig"):
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def person_row(
    hr_id, unit="ECOLE1", email=None, last="Martin", first="Claire", gender="F", status="titulaire"
):
    email = f"{hr_id.lower()}@exemple.fr" if email is None else email
    return [hr_id, unit, last, first, email, "Enseignant", "A", status, gender, "30-39"]


@pytest.fixture
def tree(organisation, root_unit, school):
    """RECT → (ECOLE1, DSDEN → ECOLE2)."""
    dsden = UnitFactory(organisation=organisation, parent=root_unit, code="DSDEN", name="DSDEN du Doubs")
    ecole2 = UnitFactory(organisation=organisation, parent=dsden, code="ECOLE2", name="École Pasteur")
    return {"RECT": root_unit, "ECOLE1": school, "DSDEN": dsden, "ECOLE2": ecole2}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
