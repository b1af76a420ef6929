"""python manage.py import_units FILE --organisation SLUG [--dry-run]"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from organisations.management.commands._common import organisation_by_slug, read_file, reject
from organisations.people_import import ImportRejected
from organisations.services import units_import


class Command(BaseCommand):
    help = "Importe l'arborescence des unités (CSV ou XLSX : code, nom, parent, type, commune, département, région)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--organisation", required=True, help="identifiant court (slug) de l'organisation"
        )
        parser.add_argument("--dry-run", action="store_true", help="vérifier et compter sans rien écrire")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_slug(options["organisation"])
        try:
            counts = units_import(
                organisation=organisation, data=read_file(options["file"]), dry_run=options["dry_run"]
            )
        except ImportRejected as exc:
            raise reject(exc, self.stderr) from exc
        prefix = "Simulation (rien n'a été écrit)" if options["dry_run"] else "Import terminé"
        self.stdout.write(
            f"{prefix} : {counts['created']} unité(s) créée(s), {counts['updated']} mise(s) à jour, "
            f"{counts['unchanged']} inchangée(s)."
        )
