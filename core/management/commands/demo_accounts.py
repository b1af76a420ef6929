from django.core.management.base import BaseCommand

from core.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"\n  Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
        self.stdout.write("  ou « Recevoir un lien de connexion » : le lien s'affiche dans ce terminal.\n")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"    {account.role:<20} {account.email}")
