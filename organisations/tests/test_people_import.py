"""The HR export import, as run from the command line (and through the service the web import shares)."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from core.tests.factories import OrganisationFactory, PersonFactory, UnitFactory, UserFactory
from organisations.models import Person
from organisations.people_import import ImportRejected
from organisations.services import people_import_file
from organisations.tests.conftest import HEADER, csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(tmp_path, data, *args, name="agents.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return call_command("import_people", str(path), "--organisation", "academie-test", *args)


MESSY = [
    [
        "A1",
        "ECOLE1",
        "Martin",
        "Claire",
        "claire.martin@exemple.fr",
        "Enseignant",
        "A",
        "titulaire",
        "F",
        "30-39",
    ],
    ["A1", "ECOLE1", "Durand", "Paul", "paul@exemple.fr", "Enseignant", "A", "titulaire", "M", "30-39"],
    ["A3", "NULLE-PART", "Petit", "Lou", "lou@exemple.fr", "Enseignant", "A", "titulaire", "F", "<30"],
    ["A4", "ECOLE1", "Roux", "Léa", "lea.roux@", "Enseignant", "A", "titulaire", "F", "<30"],
    ["A5", "ECOLE1", "Blanc", "Max", "max@exemple.fr", "Enseignant", "A", "titulaire", "Z", "<30"],
    ["A6", "ECOLE1", "Noir", "Ana", "ana@exemple.fr", "Enseignant", "A", "vacation ?", "F", "<30"],
    ["", "ECOLE1", "Sans", "Id", "sansid@exemple.fr", "Enseignant", "A", "titulaire", "F", "<30"],
]


def test_messy_file_is_rejected_with_one_line_per_problem_and_nothing_imported(tree, tmp_path, capsys):
    before = Person.objects.count()
    with pytest.raises(CommandError, match="6 erreur"):
        run(tmp_path, csv_bytes(MESSY))
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Ligne 3 : identifiant « A1 » en double (déjà ligne 2)",
        "Ligne 4 : unité « NULLE-PART » inconnue dans l'organisation",
        "Ligne 5 : adresse e-mail « lea.roux@ » invalide",
        "Ligne 6 : genre « Z » non reconnu (attendu : F, M ou X)",
        "Ligne 7 : statut « vacation ? » non reconnu (attendu : titulaire ou contractuel)",
        "Ligne 8 : identifiant manquant",
    ]
    assert Person.objects.count() == before
    assert not User.objects.filter(email="claire.martin@exemple.fr").exists()


def test_command_exits_non_zero_on_a_bad_file(tree, tmp_path):
    path = tmp_path / "agents.csv"
    path.write_bytes(csv_bytes(MESSY))
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["manage.py", "import_people", str(path), "--organisation", "academie-test"]
        ).execute()
    assert exit_info.value.code != 0


def test_missing_identifier_column_is_reported_on_the_header_line(tree, tmp_path, capsys):
    with pytest.raises(CommandError):
        run(tmp_path, csv_bytes([["ECOLE1", "Martin"]], header=["Unité", "Nom"]))
    assert capsys.readouterr().err.startswith("Ligne 1 : colonne obligatoire absente : identifiant")


def test_clean_file_imports_people_with_accounts_that_have_no_password(tree, tmp_path, capsys):
    rows = [
        person_row("A1", email="Claire.MARTIN@Exemple.fr", gender="Femme"),
        person_row("A2", unit="ECOLE2", gender="masculin", status="Contractuelle"),
        person_row("A3", email="", gender="féminin"),
    ]
    run(tmp_path, csv_bytes(rows))
    assert "3 créé(s), 0 mis à jour, 0 réactivé(s)" in capsys.readouterr().out
    claire = Person.objects.get(hr_id="A1")
    assert (claire.email, claire.gender, claire.unit.code) == ("claire.martin@exemple.fr", "F", "ECOLE1")
    assert claire.user.email == "claire.martin@exemple.fr" and not claire.user.has_usable_password()
    assert claire.user.is_active and claire.user.first_name == "Claire"
    second = Person.objects.get(hr_id="A2")
    assert (second.gender, second.status) == ("M", "contractuel")
    assert Person.objects.get(hr_id="A3").user is None
    assert claire.updated_at is not None


def test_importing_the_same_file_again_changes_nothing(tree, tmp_path, capsys):
    data = csv_bytes([person_row("A1"), person_row("A2", unit="ECOLE2")])
    run(tmp_path, data)
    capsys.readouterr()
    run(tmp_path, data)
    assert "0 créé(s), 0 mis à jour, 0 réactivé(s), 0 désactivé(s), 2 inchangé(s)" in capsys.readouterr().out


def test_changed_rows_are_updated(tree, organisation):
    people_import_file(organisation=organisation, data=csv_bytes([person_row("A1"), person_row("A2")]))
    report = people_import_file(
        organisation=organisation,
        data=csv_bytes([person_row("A1", unit="ECOLE2", last="Dupont"), person_row("A2")]),
    )
    assert report["counts"]["updated"] == 1
    assert report["sample"][0]["changes"] == ["nom", "unité"]
    moved = Person.objects.get(hr_id="A1")
    assert (moved.unit.code, moved.last_name) == ("ECOLE2", "Dupont")


def test_dry_run_writes_nothing(tree, tmp_path, capsys):
    run(tmp_path, csv_bytes([person_row("A1")]), "--dry-run")
    assert "Simulation" in capsys.readouterr().out
    assert not Person.objects.filter(hr_id="A1").exists()


def test_scope_deactivates_only_people_of_that_subtree(tree, organisation, agent, programme_lead):
    dsden_staff = [person_row("B1", unit="ECOLE2"), person_row("B2", unit="DSDEN")]
    people_import_file(organisation=organisation, data=csv_bytes(dsden_staff), scope=tree["DSDEN"])
    report = people_import_file(
        organisation=organisation, data=csv_bytes([person_row("B1", unit="ECOLE2")]), scope=tree["DSDEN"]
    )
    assert report["counts"]["deactivated"] == 1
    gone = Person.objects.get(hr_id="B2")
    assert not gone.is_active and gone.deactivated_at is not None and not gone.user.is_active
    assert Person.objects.filter(pk=gone.pk).exists()  # never deleted
    assert agent.people.get().is_active and programme_lead.people.get().is_active  # outside the subtree


def test_row_outside_the_declared_scope_is_an_error(tree, organisation):
    from organisations.people_import import ImportRejected

    with pytest.raises(ImportRejected) as rejected:
        people_import_file(organisation=organisation, data=csv_bytes([person_row("A1")]), scope=tree["DSDEN"])
    assert rejected.value.errors == [
        (2, "unité « ECOLE1 » hors du périmètre de l'import (DSDEN et ses sous-unités)")
    ]


def test_people_present_again_are_reactivated(tree, organisation):
    data = csv_bytes([person_row("B1", unit="ECOLE2"), person_row("B2", unit="ECOLE2")])
    people_import_file(organisation=organisation, data=data, scope=tree["DSDEN"])
    people_import_file(
        organisation=organisation, data=csv_bytes([person_row("B1", unit="ECOLE2")]), scope=tree["DSDEN"]
    )
    report = people_import_file(organisation=organisation, data=data, scope=tree["DSDEN"])
    assert report["counts"] == {
        "created": 0,
        "updated": 0,
        "reactivated": 1,
        "deactivated": 0,
        "unchanged": 1,
    }
    back = Person.objects.get(hr_id="B2")
    assert back.is_active and back.deactivated_at is None and back.user.is_active


def test_account_stays_active_when_the_person_still_works_in_another_organisation(tree, organisation):
    other_unit = UnitFactory(organisation=OrganisationFactory(slug="hopital"), code="H1")
    shared = UserFactory(email="double@exemple.fr")
    PersonFactory(unit=other_unit, user=shared)
    people_import_file(
        organisation=organisation,
        data=csv_bytes([person_row("B1", unit="ECOLE2", email="DOUBLE@exemple.fr")]),
        scope=tree["DSDEN"],
    )
    assert Person.objects.get(hr_id="B1").user == shared  # the existing account is reused
    people_import_file(
        organisation=organisation, data=csv_bytes([person_row("B9", unit="ECOLE2")]), scope=tree["DSDEN"]
    )
    assert not Person.objects.get(hr_id="B1").is_active
    shared.refresh_from_db()
    assert shared.is_active


def test_xlsx_export_imports_like_csv(tree, tmp_path, capsys):
    rows = [
        [
            "A1",
            "ECOLE1",
            "Martin",
            "Claire",
            "claire@exemple.fr",
            "Enseignant",
            "A",
            "titulaire",
            "F",
            "30-39",
        ],
        [12345.0, "ECOLE2", "Durand", "Paul", None, None, "B", "Titulaire", "H", None],
    ]
    run(tmp_path, xlsx_bytes(rows), name="export.xlsx")
    assert "2 créé(s)" in capsys.readouterr().out
    assert Person.objects.get(hr_id="12345").gender == "M"


def test_xlsx_errors_give_spreadsheet_line_numbers(tree, organisation):
    from organisations.people_import import ImportRejected

    rows = [person_row("A1"), [None] * 10, person_row("A2", unit="INCONNUE")]
    with pytest.raises(ImportRejected) as rejected:
        people_import_file(organisation=organisation, data=xlsx_bytes(rows))
    assert rejected.value.errors == [(4, "unité « INCONNUE » inconnue dans l'organisation")]


def test_cp1252_semicolon_file_with_messy_headers_imports(tree, organisation):
    header = [
        "  MATRICULE ",
        "Unité",
        "NOM",
        "prénom",
        "Courriel",
        "Métier",
        "Catégorie",
        "Statut",
        "Sexe",
        "Tranche d’âge",
    ]
    rows = [
        [
            "A1",
            " ECOLE1 ",
            "Hélène",
            "Émilie",
            "emilie@exemple.fr",
            "Agent d'accueil",
            "c",
            "T",
            "Mme",
            "50-59",
        ]
    ]
    data = csv_bytes(rows, header=[h.replace("’", "'") for h in header], encoding="cp1252")
    report = people_import_file(organisation=organisation, data=data)
    assert report["counts"]["created"] == 1
    person = Person.objects.get(hr_id="A1")
    assert (person.last_name, person.first_name, person.category, person.gender) == (
        "Hélène",
        "Émilie",
        "C",
        "F",
    )


def test_utf8_bom_comma_file_imports(tree, organisation):
    data = csv_bytes([person_row("A1")], delimiter=",", encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert people_import_file(organisation=organisation, data=data)["counts"]["created"] == 1


def test_other_units_are_linked_and_unknown_ones_reported(tree, organisation):
    from organisations.people_import import ImportRejected

    header = [*HEADER, "Autres unités"]
    data = csv_bytes([[*person_row("A1"), "ECOLE2 | DSDEN"]], header=header)
    people_import_file(organisation=organisation, data=data)
    assert {u.code for u in Person.objects.get(hr_id="A1").other_units.all()} == {"ECOLE2", "DSDEN"}
    with pytest.raises(ImportRejected) as rejected:
        people_import_file(
            organisation=organisation, data=csv_bytes([[*person_row("A1"), "XX"]], header=header)
        )
    assert rejected.value.errors == [(2, "autre unité « XX » inconnue dans l'organisation")]


def test_columns_absent_from_the_file_are_left_untouched(tree, organisation):
    people_import_file(organisation=organisation, data=csv_bytes([person_row("A1")]))
    report = people_import_file(
        organisation=organisation, data=csv_bytes([["A1", "ECOLE1"]], header=["Identifiant", "Unité"])
    )
    assert report["counts"]["unchanged"] == 1
    assert Person.objects.get(hr_id="A1").email == "a1@exemple.fr"


def test_duplicate_emails_in_the_file_are_errors(tree, organisation):
    from organisations.people_import import ImportRejected

    rows = [person_row("A1", email="x@exemple.fr"), person_row("A2", email="X@exemple.fr")]
    with pytest.raises(ImportRejected) as rejected:
        people_import_file(organisation=organisation, data=csv_bytes(rows))
    assert rejected.value.errors == [(3, "adresse e-mail « x@exemple.fr » en double (déjà ligne 2)")]


def test_preview_names_every_person_to_deactivate_with_unit_and_identifier(tree, organisation):
    staff = [
        person_row("B1", unit="ECOLE2"),
        person_row("B2", unit="DSDEN", last="Durand", first="Paul"),
        person_row("B3", unit="ECOLE2", last="Petit", first="Lou"),
    ]
    people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    report = people_import_file(
        organisation=organisation,
        data=csv_bytes([person_row("B1", unit="ECOLE2")]),
        scope=tree["DSDEN"],
        dry_run=True,
    )
    assert report["deactivated"] == [
        {"hr_id": "B2", "first_name": "Paul", "last_name": "Durand", "unit": "DSDEN du Doubs (DSDEN)"},
        {"hr_id": "B3", "first_name": "Lou", "last_name": "Petit", "unit": "École Pasteur (ECOLE2)"},
    ]
    deactivated = [s for s in report["sample"] if s["kind"] == "deactivated"]
    assert {s["name"] for s in deactivated} == {"Paul Durand", "Lou Petit"}


@pytest.mark.parametrize(
    ("deactivated", "scope_size", "needed"),
    [(0, 5, False), (1, 10, False), (2, 10, True), (3, 22, True), (20, 1000, False), (21, 1000, True)],
)
def test_deactivations_above_ten_percent_or_twenty_people_need_a_confirmation(
    deactivated, scope_size, needed
):
    from organisations.people_import import needs_confirmation

    assert needs_confirmation(deactivated=deactivated, scope_size=scope_size) is needed


def test_an_import_deactivating_more_than_was_confirmed_is_refused(tree, organisation):
    staff = [person_row(f"B{i}", unit="ECOLE2") for i in range(5)]
    people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    with pytest.raises(ImportRejected) as refused:
        people_import_file(
            organisation=organisation,
            data=csv_bytes(staff[:1]),
            scope=tree["DSDEN"],
            confirmed_deactivations=3,
        )
    assert refused.value.errors == [
        (1, "l'import désactiverait 4 personnes, mais seules 3 désactivations ont été confirmées")
    ]
    assert Person.objects.filter(hr_id__startswith="B", is_active=True).count() == 5
    report = people_import_file(
        organisation=organisation, data=csv_bytes(staff[:1]), scope=tree["DSDEN"], confirmed_deactivations=4
    )
    assert report["counts"]["deactivated"] == 4


def test_values_outside_the_organisation_vocabularies_are_errors_naming_the_allowed_values(
    tree, organisation
):
    rows = [person_row("A1"), person_row("A2")]
    rows[1][9] = "35-44"
    with pytest.raises(ImportRejected) as refused:
        people_import_file(organisation=organisation, data=csv_bytes(rows))
    assert refused.value.errors == [
        (3, "tranche d'âge « 35-44 » inconnue (valeurs admises : <30, 30-39, 40-49, 50-59, 60+)")
    ]
    organisation.age_bands = "moins de 35|35-44|45 et plus"
    organisation.save()
    assert people_import_file(organisation=organisation, data=csv_bytes([rows[1]]))["counts"]["created"] == 1


def test_a_row_with_the_wrong_number_of_columns_says_so(tree, organisation):
    header = HEADER[:7]
    good = person_row("A1")[:7]
    short = person_row("A2")[:5]
    padded = [*person_row("A3")[:7], "", ""]  # empty cells after the last column are harmless
    data = csv_bytes([good, ["A4", "A9", *good[2:]], short, padded], header=header)
    with pytest.raises(ImportRejected) as refused:
        people_import_file(organisation=organisation, data=data)
    assert (4, "5 colonnes au lieu de 7") in refused.value.errors
    assert {line for line, _message in refused.value.errors} == {3, 4}  # line 3: unknown unit A9…


def test_the_command_refuses_a_mass_deactivation_until_it_is_confirmed(tmp_path, tree, organisation, capsys):
    staff = [person_row(f"B{n}", unit="ECOLE2") for n in range(6)]
    people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    kept = csv_bytes(staff[:1])  # five of six people of the DSDEN's subtree would be deactivated
    with pytest.raises(CommandError):
        run(tmp_path, kept, "--scope", "DSDEN")
    assert Person.objects.filter(hr_id__startswith="B", is_active=True).count() == 6  # nothing written
    run(tmp_path, kept, "--scope", "DSDEN", "--dry-run")
    assert "5 désactivé(s)" in capsys.readouterr().out
    run(tmp_path, kept, "--scope", "DSDEN", "--confirm-deactivations", "5")
    assert Person.objects.filter(hr_id__startswith="B", is_active=True).count() == 1
