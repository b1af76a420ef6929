from django.core.management.base import BaseCommand

from core.demo.loader import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : ne fait rien si elles sont déjà là)."

    def handle(self, *args: object, **options: object) -> None:
        created = load_demo()
        self.stdout.write(
            "Données de démonstration chargées." if created else "Données de démonstration déjà présentes."
        )
