"""A second, small demo organisation: a hospital (not a State service, so a neutral brand) with a private plan.

It shows that tenants are separated: nobody from the academy sees its people or its draft plan.
"""

from datetime import date

from accounts.models import RoleGrant, User
from demo.accounts import HOSPITAL_ACCOUNTS
from demo.people import EmailBook, create_people
from demo.tree import REGION
from organisations.models import Organisation, OrganisationKind, Person, Unit
from plans.models import Action, Axis, Milestone, Plan, PlanStatus, Visibility

HOSPITAL_SLUG = "hopital-demo"
HOSPITAL_STAFF = 160

# (code, name, parent code, kind of unit for the staff mix)
UNITS = (
    ("CH-DG", "Direction générale", None, "hospital_support"),
    ("CH-DRH", "Direction des ressources humaines", "CH-DG", "hospital_support"),
    ("CH-DSI", "Direction des soins", "CH-DG", "hospital_support"),
    ("CH-LOG", "Direction des services techniques et logistiques", "CH-DG", "hospital_support"),
    ("CH-PMED", "Pôle médecine", "CH-DG", "hospital_support"),
    ("CH-PMED-CARDIO", "Cardiologie", "CH-PMED", "care_unit"),
    ("CH-PMED-GERIA", "Gériatrie", "CH-PMED", "care_unit"),
    ("CH-PMED-MI", "Médecine interne", "CH-PMED", "care_unit"),
    ("CH-PCHIR", "Pôle chirurgie", "CH-DG", "hospital_support"),
    ("CH-PCHIR-BLOC", "Bloc opératoire", "CH-PCHIR", "care_unit"),
    ("CH-PCHIR-ORTHO", "Chirurgie orthopédique", "CH-PCHIR", "care_unit"),
    ("CH-PFME", "Pôle femme-mère-enfant", "CH-DG", "hospital_support"),
    ("CH-PFME-MAT", "Maternité", "CH-PFME", "care_unit"),
    ("CH-PFME-PED", "Pédiatrie", "CH-PFME", "care_unit"),
    ("CH-PURG", "Pôle urgences", "CH-DG", "hospital_support"),
    ("CH-PURG-SAU", "Service d'accueil des urgences", "CH-PURG", "care_unit"),
)

PLAN_AXES = (
    (
        "Prévenir l'usure professionnelle dans les services de soins",
        "Réduire la pénibilité physique et les horaires décalés subis, et mieux accompagner les retours "
        "après un arrêt long.",
        (
            ("Déployer les aides à la manutention dans tous les services", date(2026, 3, 31)),
            ("Expérimenter des plannings élaborés avec les équipes", date(2026, 9, 30)),
        ),
    ),
    (
        "Donner la parole aux équipes sur leur travail",
        "Installer des espaces de discussion sur le travail dans chaque pôle et traiter les situations-"
        "problèmes qui en remontent.",
        (
            ("Former les cadres de santé à l'animation des espaces de discussion", date(2026, 6, 30)),
            ("Ouvrir un espace de discussion dans chaque pôle", date(2027, 1, 31)),
        ),
    ),
)


def load_hospital(*, password_hash: str, emails: EmailBook) -> Organisation:
    organisation = Organisation.objects.create(
        slug=HOSPITAL_SLUG,
        name="Centre hospitalier des Trois Vallées (démonstration)",
        short_name="CH des Trois Vallées",
        kind=OrganisationKind.HOSPITAL,
        is_state_service=False,
        brand_lines="",
        publisher="Centre hospitalier des Trois Vallées (établissement fictif de démonstration)",
        publication_director="Direction générale du centre hospitalier (démonstration)",
        host="Instance de démonstration de Qualivie — données fictives",
        dpo_contact="dpo.hopital@demo.qualivie.fr",
        privacy_contact="donnees.hopital@demo.qualivie.fr",
        accessibility_contact="accessibilite.hopital@demo.qualivie.fr",
        accessibility_status="partial",
    )
    by_code: dict[str, Unit] = {}
    kinds = []
    for code, name, parent_code, kind in UNITS:
        parent = by_code[parent_code] if parent_code else None
        unit = Unit.objects.create(
            organisation=organisation,
            code=code,
            name=name,
            parent=parent,
            unit_type="Pôle" if code.count("-") == 1 and code.startswith("CH-P") else "Service",
            departement="Haute-Saône",
            region=REGION,
            depth=(parent.depth + 1) if parent else 0,
        )
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        by_code[code] = unit
        kinds.append((unit, kind))
    create_people(organisation, kinds, total=HOSPITAL_STAFF, seed=2025, emails=emails, hr_prefix="CH")
    for i, account in enumerate(HOSPITAL_ACCOUNTS):
        user = User.objects.filter(email=account.email).first() or User.objects.create(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            password=password_hash,
        )
        Person.objects.create(
            organisation=organisation,
            hr_id=f"CHDEMO{i:03d}",
            user=user,
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            unit=by_code[account.home_unit],
            job_family=account.job_family,
            category=account.category,
            status="titulaire",
            gender=account.gender,
            age_band="40-49",
        )
        RoleGrant.objects.create(user=user, organisation=organisation, role=account.role)
    plan = Plan.objects.create(
        organisation=organisation,
        title="Projet de plan QVCT 2025-2028",
        summary="Document de travail de la direction des ressources humaines, non publié.",
        first_school_year=2025,
        last_school_year=2027,
        status=PlanStatus.DRAFT,
        visibility=Visibility.PRIVATE,
    )
    for number, (title, objective, actions) in enumerate(PLAN_AXES, start=1):
        axis = Axis.objects.create(plan=plan, number=number, title=title, objective=objective)
        for action_number, (action_title, due) in enumerate(actions, start=1):
            action = Action.objects.create(
                plan=plan,
                axis=axis,
                number=action_number,
                title=action_title,
                lead_roles="Direction des ressources humaines et direction des soins",
                start_date=date(2025, 9, 1),
                end_date=due,
            )
            Milestone.objects.create(
                action=action, title="Point d'étape en comité de direction", due_date=due
            )
    return organisation
