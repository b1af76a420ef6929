"""The demo accounts, one per role, shared by `load_demo`, `demo_accounts` and the browser tests."""

from dataclasses import dataclass

DEMO_PASSWORD = "demo-qualivie-2026"  # noqa: S105 - printed on purpose: demo data only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str  # accounts.models.Role value; "agent" means staff only
    unit_code: str | None  # scope of the role; None = whole organisation


DEMO_ACCOUNTS = [
    DemoAccount("pilote@demo.qualivie.fr", "Camille", "Pilote", "programme_lead", None),
    DemoAccount("cheffe.projet@demo.qualivie.fr", "Dominique", "Projet", "action_lead", None),
    DemoAccount("agent@demo.qualivie.fr", "Alix", "Agent", "agent", None),
    DemoAccount("encadrant@demo.qualivie.fr", "Sacha", "Encadrant", "manager", "DSDEN25"),
    DemoAccount("representant@demo.qualivie.fr", "Lou", "Representant", "staff_rep", None),
    DemoAccount("animateur@demo.qualivie.fr", "Noa", "Reseau", "network_facilitator", None),
    DemoAccount("admin@demo.qualivie.fr", "Claude", "Admin", "admin", None),
]
