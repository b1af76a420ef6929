"""python manage.py purge_imports [--days 7]: delete uploaded HR files that are no longer needed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from organisations.services import IMPORT_RETENTION_DAYS, people_imports_purge


class Command(BaseCommand):
    help = "Supprime les fichiers d'import déposés il y a plus de 7 jours (à lancer chaque jour)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=IMPORT_RETENTION_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        purged = people_imports_purge(days=options["days"])
        self.stdout.write(f"{purged} fichier(s) d'import supprimé(s).")
