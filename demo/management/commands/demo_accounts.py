import os

from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.models import Role
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.surveys_demo import DEMO_AGENT_EMAIL, DEMO_TOKEN, demo_trustee_keys
from surveys import crypto
from surveys.models import InvitationKey


def demo_answer_link() -> str:
    """The demo agent's link to the open barometer (SITE_URL, or PORT, as demo/runner.py sets them)."""
    base = os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    return f"{base.rstrip('/')}/barometre/repondre/#{crypto.format_token(DEMO_TOKEN)}"


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration et le lien de démonstration du baromètre ouvert."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(
            f"\n  Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}, à saisir sur la page"
        )
        self.stdout.write("  de connexion sous « Administrateurs : connexion par mot de passe »)")
        self.stdout.write("  ou « Recevoir un lien de connexion » : le lien s'affiche dans ce terminal.\n")
        with translation.override("fr"):
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"    {Role(account.role).label!s:<30} {account.email}")
        invitation_key = InvitationKey.objects.filter(token_hash=crypto.token_hash(DEMO_TOKEN)).first()
        if invitation_key is None:
            return
        self.stdout.write(
            "\n  Clés des dépositaires de l'urne du baromètre ouvert (DÉMONSTRATION : une vraie clé n'est"
        )
        self.stdout.write("  montrée qu'une fois à son ou sa dépositaire ; il en faut 2 après la clôture) :")
        for email, key in demo_trustee_keys():
            self.stdout.write(f"    {email:<40} {key}")
        self.stdout.write(
            f"\n  Baromètre ouvert : lien d'invitation de DÉMONSTRATION ({DEMO_AGENT_EMAIL}), utilisable une fois."
        )
        self.stdout.write(
            "  Il n'existe que dans les données de démonstration : un vrai lien n'est connu de personne."
        )
        self.stdout.write(f"    {demo_answer_link()}")
        if invitation_key.used:
            self.stdout.write(
                "    (déjà utilisé : rechargez les données de démonstration pour répondre à nouveau)"
            )
