"""Units: materialised paths kept right through creation, moves and the unit file import."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from organisations.models import Unit
from organisations.people_import import ImportRejected
from organisations.services import unit_create, unit_update, units_import
from organisations.tests.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Code", "Nom", "Parent", "Type", "Commune", "Département", "Région"]


def test_created_units_get_their_path_and_depth(organisation):
    root = unit_create(organisation=organisation, code="R", name="Rectorat")
    child = unit_create(organisation=organisation, code="C", name="Collège", parent=root)
    assert (root.path, root.depth) == (f"/{root.pk}/", 0)
    child.refresh_from_db()
    assert (child.path, child.depth) == (f"/{root.pk}/{child.pk}/", 1)


def test_moving_a_unit_moves_its_whole_subtree(tree):
    ecole2 = tree["ECOLE2"]
    unit_update(unit=tree["DSDEN"], parent=tree["ECOLE1"], name="DSDEN 25")
    ecole2.refresh_from_db()
    rect, e1, dsden = tree["RECT"], tree["ECOLE1"], tree["DSDEN"]
    assert ecole2.path == f"/{rect.pk}/{e1.pk}/{dsden.pk}/{ecole2.pk}/"
    assert ecole2.depth == 3
    assert list(Unit.objects.subtree(e1).values_list("code", flat=True)) == ["ECOLE1", "DSDEN", "ECOLE2"]


def test_a_unit_cannot_move_under_its_own_subtree(tree):
    with pytest.raises(ValidationError):
        unit_update(unit=tree["DSDEN"], parent=tree["ECOLE2"])


def test_unit_file_with_parents_after_children_builds_the_tree(organisation):
    rows = [
        ["E1", "École Jaurès", "D25", "École", "Besançon", "Doubs", "BFC"],
        ["D25", "DSDEN du Doubs", "R", "DSDEN", "Besançon", "Doubs", "BFC"],
        ["R", "Rectorat", "", "Rectorat", "Besançon", "", "BFC"],
    ]
    counts = units_import(organisation=organisation, data=csv_bytes(rows, header=UNIT_HEADER))
    assert counts == {"created": 3, "updated": 0, "unchanged": 0}
    school = Unit.objects.get(organisation=organisation, code="E1")
    assert school.depth == 2 and school.parent.code == "D25" and school.commune == "Besançon"
    assert school.path == f"{school.parent.parent.path}{school.parent.pk}/{school.pk}/"
    again = units_import(organisation=organisation, data=csv_bytes(rows, header=UNIT_HEADER))
    assert again == {"created": 0, "updated": 0, "unchanged": 3}


def test_unit_file_can_attach_to_existing_units_and_move_them(tree, organisation):
    rows = [
        ["NEW", "Lycée neuf", "DSDEN", "Lycée", "", "", ""],
        ["ECOLE1", "Collège Victor-Hugo", "DSDEN", "", "", "", ""],
    ]
    units_import(organisation=organisation, data=xlsx_bytes(rows, header=UNIT_HEADER))
    school = Unit.objects.get(code="ECOLE1")
    assert school.depth == 2 and school.path.startswith(tree["DSDEN"].path)
    assert Unit.objects.get(code="NEW").parent == tree["DSDEN"]


def test_unit_file_with_a_cycle_or_an_unknown_parent_is_rejected(organisation):
    rows = [
        ["A", "Unité A", "B", "", "", "", ""],
        ["B", "Unité B", "A", "", "", "", ""],
        ["C", "Unité C", "INCONNUE", "", "", "", ""],
        ["D", "Unité D", "D", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as rejected:
        units_import(organisation=organisation, data=csv_bytes(rows, header=UNIT_HEADER))
    assert rejected.value.errors == [
        (4, "unité parente « INCONNUE » inconnue"),
        (5, "l'unité « D » ne peut pas être sa propre parente"),
    ]
    assert not Unit.objects.filter(organisation=organisation).exists()
    with pytest.raises(ImportRejected) as rejected:
        units_import(organisation=organisation, data=csv_bytes(rows[:2], header=UNIT_HEADER))
    assert rejected.value.errors == [
        (2, "cycle dans l'arborescence : A → B → A"),
        (3, "cycle dans l'arborescence : A → B → A"),
    ]


def test_import_units_command_reports_each_bad_line_and_exits_non_zero(organisation, tmp_path, capsys):
    path = tmp_path / "unites.csv"
    path.write_bytes(
        csv_bytes([["A", "", "", "", "", "", ""], ["A", "Unité A", "", "", "", "", ""]], header=UNIT_HEADER)
    )
    with pytest.raises(CommandError, match="2 erreur"):
        call_command("import_units", str(path), "--organisation", organisation.slug)
    assert capsys.readouterr().err.splitlines() == [
        "Ligne 2 : nom manquant",
        "Ligne 3 : code « A » en double (déjà ligne 2)",
    ]
    path.write_bytes(csv_bytes([["A", "Unité A", "", "", "", "", ""]], header=UNIT_HEADER))
    call_command("import_units", str(path), "--organisation", organisation.slug)
    assert "1 unité(s) créée(s)" in capsys.readouterr().out
