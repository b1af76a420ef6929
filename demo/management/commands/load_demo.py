from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : ne fait rien si elles sont déjà là)."

    def handle(self, *args: object, **options: object) -> None:
        verbosity = int(str(options.get("verbosity", 1)))

        def progress(line: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {line}")
                self.stdout.flush()

        if verbosity >= 1:
            self.stdout.write(
                "Chargement des données de démonstration (premier lancement : moins d'une minute)…"
            )
        created = load_demo(progress=progress)
        self.stdout.write(
            "Données de démonstration chargées." if created else "Données de démonstration déjà présentes."
        )
