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
    # Where the person works and what they do (their Person row in the HR data)
    home_unit: str = "RECT-SG"
    job_family: str = "Personnel administratif"
    category: str = "A"
    gender: str = "X"


DEMO_ACCOUNTS = [
    DemoAccount(
        "pilote@demo.qualivie.fr", "Camille", "Pilote", "programme_lead", None, "RECT-MRQVT", gender="F"
    ),
    DemoAccount(
        "cheffe.projet@demo.qualivie.fr", "Dominique", "Projet", "action_lead", None, "RECT-SG", gender="F"
    ),
    DemoAccount("agent@demo.qualivie.fr", "Alix", "Agent", "agent", None, "C25-01", "Enseignant", gender="F"),
    DemoAccount(
        "encadrant@demo.qualivie.fr",
        "Sacha",
        "Encadrant",
        "manager",
        "DSDEN25",
        "DSDEN25-SG",
        "Direction",
        gender="M",
    ),
    DemoAccount(
        "representant@demo.qualivie.fr",
        "Lou",
        "Representant",
        "staff_rep",
        None,
        "L25-01",
        "Enseignant",
        gender="M",
    ),
    DemoAccount(
        "prevention@demo.qualivie.fr",
        "Morgan",
        "Prevention",
        "prevention_adviser",
        None,
        "DSDEN25-SG",
        "Conseiller de prévention",
        gender="X",
    ),
    DemoAccount("animateur@demo.qualivie.fr", "Noa", "Reseau", "network_facilitator", None, "RECT-MRQVT"),
    DemoAccount("admin@demo.qualivie.fr", "Claude", "Admin", "admin", None, "RECT-DSI", "ITRF"),
]

# Other action leads of the demo plan (synthetic people holding the plan's lead functions).
# They sign in with the same password; `demo_accounts` lists only the accounts above.
DEMO_ACTION_LEADS = [
    DemoAccount(
        "m.fontaine@demo.qualivie.fr", "Martine", "Fontaine", "action_lead", None, "RECT-DRH", gender="F"
    ),
    DemoAccount(
        "j.girard@demo.qualivie.fr", "Julien", "Girard", "action_lead", None, "RECT-MRQVT", gender="M"
    ),
    DemoAccount("a.lemoine@demo.qualivie.fr", "Anne", "Lemoine", "action_lead", None, "RECT-COM", gender="F"),
    DemoAccount("p.renaud@demo.qualivie.fr", "Paul", "Renaud", "action_lead", None, "RECT-SEEM", gender="M"),
    DemoAccount("s.moreau@demo.qualivie.fr", "Sophie", "Moreau", "action_lead", None, "RECT-SG", gender="F"),
    DemoAccount(
        "e.bertin@demo.qualivie.fr", "Éric", "Bertin", "action_lead", None, "RECT-CT", "Direction", gender="M"
    ),
    DemoAccount(
        "c.vidal@demo.qualivie.fr", "Claire", "Vidal", "action_lead", None, "L90-01", "Direction", gender="F"
    ),
    DemoAccount("n.perrin@demo.qualivie.fr", "Nadia", "Perrin", "action_lead", None, "RECT-SSA", gender="F"),
    DemoAccount("l.bailly@demo.qualivie.fr", "Lucas", "Bailly", "action_lead", None, "RECT-RHP", gender="M"),
    DemoAccount("h.roux@demo.qualivie.fr", "Hélène", "Roux", "action_lead", None, "RECT-EAFC", gender="F"),
    DemoAccount(
        "t.marchand@demo.qualivie.fr", "Thomas", "Marchand", "action_lead", None, "RECT-DAFL", gender="M"
    ),
]

# The second demo organisation (a hospital): its QVT lead sees a private plan nobody else can see.
HOSPITAL_ACCOUNTS = [
    DemoAccount(
        "pilote.hopital@demo.qualivie.fr",
        "Morgane",
        "Hopital",
        "programme_lead",
        None,
        "CH-DRH",
        "Personnel administratif",
        gender="F",
    ),
]
