"""Two working groups (axes 1 and 2) with their pair of leads, balanced members and proposals on the template.

Members are picked from the synthetic staff by département, gender and job, so each group mixes schools
and administration, the four départements, women and men, and several jobs.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import User
from coconstruction.models import Proposal, ProposalComment, ProposalStatus, WorkingGroup
from organisations.models import Person
from plans.models import Action, Axis, Plan

PARIS = ZoneInfo("Europe/Paris")
SCHOOL_TYPES = {"École", "Collège", "Lycée"}


@dataclass(frozen=True)
class Wanted:
    """A profile to pick from the staff: département, gender, job family, and school or administration."""

    departement: str
    gender: str
    job_family: str
    in_school: bool


@dataclass(frozen=True)
class ProposalData:
    title: str
    author: str  # "school_lead", "admin_lead" or a demo account e-mail
    problem: str
    proposed_action: str
    success_conditions: str
    proposed_calendar: str
    evaluation: str
    status: str
    created: datetime
    criteria: tuple[bool, bool, bool, bool] = (False, False, False, False)
    criteria_note: str = ""
    decline_reason: str = ""
    adopted_action: str = ""  # action code
    comments: tuple[tuple[str, str], ...] = ()  # (author, text)


@dataclass(frozen=True)
class GroupData:
    axis: int
    name: str
    school_lead: Wanted
    admin_lead: Wanted
    members: tuple[Wanted, ...]
    proposals: tuple[ProposalData, ...]
    extra_member_emails: tuple[str, ...] = ()


def _at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=PARIS)


GROUPS = (
    GroupData(
        axis=1,
        name="Groupe de travail axe 1 — relations de travail inclusives et bienveillantes",
        school_lead=Wanted("Jura", "F", "Direction", True),
        admin_lead=Wanted("Doubs", "M", "Personnel administratif", False),
        members=(
            Wanted("Haute-Saône", "M", "Enseignant", True),
            Wanted("Territoire de Belfort", "F", "CPE", True),
            Wanted("Jura", "M", "AED", True),
            Wanted("Doubs", "M", "Santé-social", False),
            Wanted("Haute-Saône", "F", "Personnel administratif", True),
        ),
        extra_member_emails=("agent@demo.qualivie.fr",),
        proposals=(
            ProposalData(
                title="Former les agents d'accueil à la relation à l'usager et les protéger",
                author="admin_lead",
                problem=(
                    "Les agents qui accueillent le public au téléphone ou au guichet des DSDEN font face à des "
                    "échanges parfois agressifs, sans formation dédiée ni consigne claire sur le soutien de la "
                    "hiérarchie."
                ),
                proposed_action=(
                    "Un module de formation à distance (écoute, posture, gestion des émotions) ouvert à tous, "
                    "et un protocole simple pour signaler un incident et obtenir l'appui de son encadrant."
                ),
                success_conditions=(
                    "Du temps de formation reconnu sur le temps de travail ; un engagement écrit des encadrants "
                    "sur la suite donnée aux signalements."
                ),
                proposed_calendar="Conception en 2023-2024, ouverture au printemps 2024, bilan chaque année.",
                evaluation=(
                    "Nombre de personnels formés par métier ; nombre de signalements traités ; questionnaire "
                    "de satisfaction en fin de module."
                ),
                status=ProposalStatus.ADOPTED,
                created=_at(2022, 11, 17),
                criteria=(True, True, True, True),
                adopted_action="1.1",
                comments=(
                    (
                        "school_lead",
                        "Penser aussi aux secrétariats des collèges, très exposés en début d'année.",
                    ),
                ),
            ),
            ProposalData(
                title="Un annuaire des interlocuteurs des services académiques pour les établissements",
                author="school_lead",
                problem=(
                    "Les équipes de direction perdent du temps à trouver le bon interlocuteur dans les services "
                    "et reçoivent des réponses contradictoires selon la personne jointe."
                ),
                proposed_action=(
                    "Publier un annuaire par thème (paie, examens, bâtiments, RH), tenu à jour par chaque "
                    "service, avec un délai de réponse indicatif."
                ),
                success_conditions="Un référent par service chargé de la mise à jour ; un outil unique.",
                proposed_calendar="Recensement au premier trimestre, publication à la rentrée suivante.",
                evaluation="Enquête auprès des personnels de direction ; taux de fiches à jour.",
                status=ProposalStatus.SUBMITTED,
                created=_at(2026, 3, 9),
                criteria=(True, True, True, True),
                criteria_note="Complète la charte de pilotage des EPLE (action 1.2).",
            ),
            ProposalData(
                title="Des temps d'échange entre écoles et collèges d'un même secteur",
                author="agent@demo.qualivie.fr",
                problem=(
                    "Professeurs des écoles et de collège d'un même secteur se connaissent peu ; les élèves de "
                    "sixième en pâtissent et les équipes se sentent isolées."
                ),
                proposed_action="Deux demi-journées par an d'échange de pratiques entre écoles et collège du secteur.",
                success_conditions="Des remplacements prévus ; un ordre du jour construit par les équipes.",
                proposed_calendar="À préciser : expérimentation dans un secteur du Doubs.",
                evaluation="À compléter.",
                status=ProposalStatus.DRAFT,
                created=_at(2026, 10, 5),
            ),
        ),
    ),
    GroupData(
        axis=2,
        name="Groupe de travail axe 2 — cadre de travail de qualité",
        school_lead=Wanted("Territoire de Belfort", "M", "Enseignant", True),
        admin_lead=Wanted("Doubs", "F", "Personnel administratif", False),
        members=(
            Wanted("Jura", "F", "Enseignant", True),
            Wanted("Haute-Saône", "M", "ITRF", True),
            Wanted("Doubs", "F", "AED", True),
            Wanted("Haute-Saône", "F", "Direction", True),
            Wanted("Jura", "M", "Personnel administratif", False),
        ),
        proposals=(
            ProposalData(
                title="Un parrain ou une marraine du même métier pour chaque contractuel recruté",
                author="admin_lead",
                problem=(
                    "Les contractuels arrivent souvent en cours d'année, sans repère ni collègue identifié, et "
                    "une partie quitte l'académie avant la fin de leur premier contrat."
                ),
                proposed_action=(
                    "Désigner pour chaque contractuel un titulaire volontaire du même métier, disponible les "
                    "deux premiers mois, avec un guide d'entretien de prise de poste."
                ),
                success_conditions="Des volontaires reconnus (temps dégagé, attestation) ; un appariement rapide.",
                proposed_calendar="Appel à volontaires en juin, premiers binômes à la rentrée.",
                evaluation="Taux de renouvellement des contrats ; enquête auprès des contractuels à six mois.",
                status=ProposalStatus.SUBMITTED,
                created=_at(2026, 2, 2),
                criteria=(True, True, False, True),
                criteria_note=(
                    "Ne vise que les contractuels : à compléter par une action pour les titulaires stagiaires "
                    "(lien avec l'action 2.2)."
                ),
            ),
            ProposalData(
                title="Une salle de sieste dans chaque établissement",
                author="school_lead",
                problem="Les journées longues et fractionnées laissent peu de possibilité de récupérer sur place.",
                proposed_action="Aménager dans chaque école et établissement une salle de repos équipée.",
                success_conditions="Des locaux disponibles et un financement des collectivités.",
                proposed_calendar="Sur la durée du plan.",
                evaluation="Nombre de salles ouvertes ; fréquentation.",
                status=ProposalStatus.DECLINED,
                created=_at(2022, 12, 8),
                criteria=(False, True, True, False),
                decline_reason=(
                    "Les locaux relèvent des collectivités et de chaque établissement : l'académie ne peut ni "
                    "piloter ni financer un aménagement généralisé. L'idée est reprise sous forme incitative "
                    "dans l'action 2.4 (lieux de ressourcement)."
                ),
            ),
            ProposalData(
                title="Mutualiser les remplacements de secrétariat entre écoles voisines",
                author="school_lead",
                problem="Quand le secrétariat d'une école est absent, la direction absorbe seule toutes les tâches.",
                proposed_action="Un pool de remplacement partagé par circonscription.",
                success_conditions="À discuter avec les communes.",
                proposed_calendar="À définir.",
                evaluation="À définir.",
                status=ProposalStatus.DRAFT,
                created=_at(2026, 9, 21),
            ),
        ),
    ),
)


def pick_person(people: Iterable[Person], wanted: Wanted, used: set[int]) -> Person:
    """The first person (in stable order) matching the wanted profile, not yet chosen for a group."""
    fallback = None
    for person in people:
        if person.pk in used:
            continue
        in_school = person.unit.unit_type in SCHOOL_TYPES
        if person.unit.departement != wanted.departement or in_school != wanted.in_school:
            continue
        if person.job_family == wanted.job_family and person.gender == wanted.gender:
            used.add(person.pk)
            return person
        fallback = fallback or person
    if fallback is None:
        raise LookupError(f"Aucun agent ne correspond à {wanted}")
    used.add(fallback.pk)
    return fallback


def create_groups(
    *,
    plan: Plan,
    staff: list[Person],
    users_by_email: dict[str, User],
    reviewer: User,
    password_hash: str,
) -> list[WorkingGroup]:
    """Create the groups, give their leads an account (they author proposals), and write the proposals."""
    axes = {axis.number: axis for axis in Axis.objects.filter(plan=plan)}
    actions = {action.code: action for action in Action.objects.filter(plan=plan).select_related("axis")}
    people_by_email = {
        p.email: p for p in Person.objects.filter(organisation=plan.organisation, user__isnull=False)
    }
    used: set[int] = set()
    groups = []
    for data in GROUPS:
        school_lead = pick_person(staff, data.school_lead, used)
        admin_lead = pick_person(staff, data.admin_lead, used)
        members = [pick_person(staff, wanted, used) for wanted in data.members]
        members += [people_by_email[email] for email in data.extra_member_emails]
        lead_users = {}
        for key, person in (("school_lead", school_lead), ("admin_lead", admin_lead)):
            user = User.objects.create(
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                password=password_hash,
            )
            person.user = user
            person.save(update_fields=["user"])
            lead_users[key] = user
        group = WorkingGroup.objects.create(plan=plan, axis=axes[data.axis], name=data.name)
        group.leads.set([school_lead, admin_lead])
        group.members.set(members)
        groups.append(group)
        _create_proposals(group, data.proposals, {**users_by_email, **lead_users}, actions, reviewer)
    return groups


def _create_proposals(
    group: WorkingGroup,
    proposals: tuple[ProposalData, ...],
    authors: dict[str, User],
    actions: dict[str, Action],
    reviewer: User,
) -> None:
    created = []
    for data in proposals:
        steerable, concrete, all_staff, feasible = data.criteria
        checked = data.status != ProposalStatus.DRAFT
        proposal = Proposal.objects.create(
            group=group,
            author=authors[data.author],
            title=data.title,
            problem=data.problem,
            proposed_action=data.proposed_action,
            success_conditions=data.success_conditions,
            proposed_calendar=data.proposed_calendar,
            evaluation=data.evaluation,
            crit_steerable=steerable,
            crit_concrete=concrete,
            crit_all_staff=all_staff,
            crit_feasible=feasible,
            criteria_note=data.criteria_note,
            criteria_checked_at=data.created + timedelta(days=21) if checked else None,
            criteria_checked_by=reviewer if checked else None,
            status=data.status,
            decline_reason=data.decline_reason,
            adopted_action=actions[data.adopted_action] if data.adopted_action else None,
        )
        proposal.created_at = proposal.updated_at = data.created
        created.append(proposal)
        for i, (author, text) in enumerate(data.comments):
            comment = ProposalComment.objects.create(proposal=proposal, author=authors[author], text=text)
            ProposalComment.objects.filter(pk=comment.pk).update(created_at=data.created.replace(hour=11 + i))
    Proposal.objects.bulk_update(created, ["created_at", "updated_at"])
