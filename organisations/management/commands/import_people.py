"""python manage.py import_people FILE --organisation SLUG [--scope UNIT_CODE] [--dry-run] [--confirm-deactivations N]

Deactivating many people (more than 10 % of the scope or 20 people) needs ``--confirm-deactivations N`` with N at
least the number announced by a ``--dry-run``, as the web import needs its checkbox."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organisations.management.commands._common import organisation_by_slug, read_file, reject
from organisations.models import Unit
from organisations.people_import import ImportRejected
from organisations.services import people_import_file


class Command(BaseCommand):
    help = (
        "Importe les agents d'un export RH (CSV ou XLSX). Tout est vérifié avant d'écrire quoi que ce soit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--organisation", required=True, help="identifiant court (slug) de l'organisation"
        )
        parser.add_argument(
            "--scope", default="", help="code de l'unité dont le fichier décrit tout le personnel"
        )
        parser.add_argument("--dry-run", action="store_true", help="vérifier et compter sans rien écrire")
        parser.add_argument(
            "--confirm-deactivations",
            type=int,
            default=0,
            metavar="N",
            help="confirmer jusqu'à N désactivations (nécessaire au-delà de 10 %% du périmètre ou de 20 personnes)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_slug(options["organisation"])
        scope = None
        if options["scope"]:
            scope = Unit.objects.filter(organisation=organisation, code=options["scope"]).first()
            if scope is None:
                raise CommandError(f"Unité « {options['scope']} » introuvable dans {organisation}.")
        data = read_file(options["file"])
        started = time.perf_counter()
        try:
            report = people_import_file(
                organisation=organisation,
                data=data,
                scope=scope,
                dry_run=options["dry_run"],
                confirmed_deactivations=None if options["dry_run"] else options["confirm_deactivations"],
            )
        except ImportRejected as exc:
            raise reject(exc, self.stderr) from exc
        c = report["counts"]
        prefix = "Simulation (rien n'a été écrit)" if options["dry_run"] else "Import terminé"
        self.stdout.write(
            f"{prefix} : {report['rows']} ligne(s) ; {c['created']} créé(s), {c['updated']} mis à jour, "
            f"{c['reactivated']} réactivé(s), {c['deactivated']} désactivé(s), {c['unchanged']} inchangé(s) "
            f"en {time.perf_counter() - started:.1f} s."
        )
