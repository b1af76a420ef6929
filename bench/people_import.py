"""Bench: import 100,000 people from a CSV HR export, then import it again (nothing changes), then a file
with 10 % of the people moved and 1 % gone. Runs on a throw-away SQLite database (or DATABASE_URL).

    .venv/bin/python bench/people_import.py [ROWS]

Prints one final ``key=value`` line: rows=… seconds=… (first import) reimport_seconds=… update_seconds=…
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="qualivie-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from organisations.models import Organisation, Person  # noqa: E402
from organisations.services import people_import_file, unit_create  # noqa: E402

HEADER = "Identifiant;Code unité;Nom;Prénom;E-mail;Métier;Catégorie;Statut;Genre;Tranche d'âge"


def build_file(rows: int, units: list[str], moved: float = 0.0, gone: float = 0.0) -> bytes:
    lines = [HEADER]
    for i in range(rows):
        if gone and i % int(1 / gone) == 0:
            continue
        unit = units[(i + (1 if moved and i % int(1 / moved) == 0 else 0)) % len(units)]
        genre = "Femme" if i % 2 else "M"
        lines.append(
            f"AG{i:07d};{unit};Nom{i};Prénom{i};agent{i}@exemple.fr;Enseignant;A;titulaire;{genre};30-39"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def timed(organisation: Organisation, data: bytes) -> tuple[float, dict]:
    started = time.perf_counter()
    report = people_import_file(organisation=organisation, data=data)
    return time.perf_counter() - started, report["counts"]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug=f"bench-{int(time.time())}", name="Bench")
    root = unit_create(organisation=organisation, code="ROOT", name="Racine")
    units = []
    for d in range(10):
        dept = unit_create(organisation=organisation, code=f"D{d}", name=f"Département {d}", parent=root)
        for s in range(20):
            units.append(
                unit_create(organisation=organisation, code=f"D{d}S{s}", name=f"École {s}", parent=dept).code
            )
    first_seconds, first = timed(organisation, build_file(rows, units))
    print(f"first import: {first_seconds:.1f} s {first}")
    assert first["created"] == rows, first
    again_seconds, again = timed(organisation, build_file(rows, units))
    print(f"same file again: {again_seconds:.1f} s {again}")
    assert again["created"] == again["updated"] == again["deactivated"] == 0, again
    update_seconds, update = timed(organisation, build_file(rows, units, moved=0.1, gone=0.01))
    print(f"10 % moved, 1 % gone: {update_seconds:.1f} s {update}")
    assert (
        Person.objects.filter(organisation=organisation, is_active=True).count()
        == rows - update["deactivated"]
    )
    print(
        f"rows={rows} seconds={first_seconds:.2f} reimport_seconds={again_seconds:.2f} "
        f"update_seconds={update_seconds:.2f} backend={django.db.connection.vendor}"
    )


if __name__ == "__main__":
    main()
