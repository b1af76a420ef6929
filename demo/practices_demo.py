"""The demo network: a regional health agency's QVT network of a dozen hospitals and care homes (synthetic).

- « ARS Bourgogne-Franche-Comté (démonstration) » hosts the network; its facilitator is
  animatrice.ars@demo.qualivie.fr (network facilitator on the agency: she moderates, labels remarkable practices).
- Twelve new organisations (hospitals, care homes) plus the demo hospital are members, spread over the région's
  eight départements (one care home in the Jura does not share its stories).
- 30 action stories across départements: 29 published (a third public, two « pratiques remarquables ») and one
  waiting for moderation, written by the demo hospital's programme lead.
- Four peers in the directory, with their consent recorded.
- The academy hosts its own small network too, so that its existing facilitator account (animateur@…) has one.

Idempotent: does nothing when the agency already exists. Everything is synthetic.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Role, RoleGrant, User
from demo.accounts import DEMO_PASSWORD
from demo.hospital import HOSPITAL_SLUG
from demo.steps import Progress, silent
from organisations.models import Network, Organisation, OrganisationKind
from practices import themes
from practices.models import NetworkMembership, PeerProfile, Story, StoryStatus, StoryVisibility

AGENCY_SLUG = "ars-bfc-demo"
FACILITATOR_EMAIL = "animatrice.ars@demo.qualivie.fr"
ACADEMY_SLUG = "academie-demo"

# (slug, name, département, shares its stories)
MEMBERS = (
    ("chu-besancon-demo", "CHU de Besançon (démonstration)", "25", True),
    ("ch-pontarlier-demo", "Centre hospitalier de Pontarlier (démonstration)", "25", True),
    ("chu-dijon-demo", "CHU Dijon Bourgogne (démonstration)", "21", True),
    ("ch-beaune-demo", "Hospices civils de Beaune (démonstration)", "21", True),
    ("ch-lons-demo", "Centre hospitalier Jura Sud (démonstration)", "39", True),
    ("ehpad-dole-demo", "EHPAD Les Tilleuls, Dole (démonstration)", "39", False),
    ("ch-nevers-demo", "Centre hospitalier de Nevers (démonstration)", "58", True),
    ("ghhs-vesoul-demo", "Groupe hospitalier de la Haute-Saône (démonstration)", "70", True),
    ("ch-chalon-demo", "Centre hospitalier de Chalon-sur-Saône (démonstration)", "71", True),
    ("ehpad-macon-demo", "EHPAD Le Clos fleuri, Mâcon (démonstration)", "71", True),
    ("ch-auxerre-demo", "Centre hospitalier d'Auxerre (démonstration)", "89", True),
    ("hnfc-demo", "Hôpital Nord Franche-Comté (démonstration)", "90", True),
)

# (title, themes, context, actions, levers, effects, lessons, duration, cost)
STORIES = (
    (
        "Des espaces de discussion sur le travail en service de soins",
        ("expression", "gollac:autonomy"),
        "Des équipes épuisées, des tensions entre jour et nuit, des arrêts courts en hausse.",
        "Une heure par mois, sur le temps de travail, l'équipe parle de son travail réel ; un cadre formé anime.",
        "Formation des cadres à l'animation, appui de la direction des soins, retour écrit des suites données.",
        "Absentéisme de courte durée passé de 7,8 % à 5,9 % en un an ; 85 % de participation.",
        "Commencer dans une équipe volontaire et toujours répondre aux sujets soulevés, même par un refus motivé.",
        "18 mois",
        "8 000 € (formation des cadres)",
    ),
    (
        "Le tutorat des nouveaux soignants",
        ("relations", "recognition"),
        "Un tiers des infirmières nouvellement recrutées partaient dans l'année.",
        "Chaque arrivant a un tuteur volontaire pendant trois mois ; des temps de rencontre sont planifiés.",
        "Tuteurs reconnus (temps dédié, attestation), livret d'accueil réécrit avec les équipes.",
        "Départs dans l'année : de 33 % à 14 % ; satisfaction des arrivants 8,1/10.",
        "Protéger le temps des tuteurs dans les plannings, sinon le dispositif s'essouffle.",
        "12 mois",
        "15 000 € (temps de tutorat)",
    ),
    (
        "Des plannings élaborés avec les équipes",
        ("balance", "gollac:intensity"),
        "Des rappels sur repos fréquents et une forte insatisfaction sur les horaires.",
        "Les équipes construisent leurs cycles de travail avec le cadre, dans des règles communes.",
        "Logiciel de planification partagé, règles validées en CSE, accompagnement de l'Aract.",
        "Rappels sur repos divisés par trois ; 72 % des agents satisfaits de leurs horaires (contre 41 %).",
        "Écrire les règles du jeu avant de commencer et les afficher.",
        "9 mois",
        "Sans surcoût (temps de réunion)",
    ),
    (
        "Aides à la manutention dans tous les services",
        ("health", "conditions"),
        "Les troubles musculo-squelettiques sont la première cause d'arrêt long chez les aides-soignants.",
        "Rails de transfert et lève-personnes dans chaque service, formation gestes et postures par des pairs.",
        "Financement du fonds de prévention, référents manutention formés dans chaque équipe.",
        "Accidents du travail liés à la manutention en baisse de 38 % en deux ans.",
        "Le matériel ne suffit pas : les référents de terrain font la différence.",
        "24 mois",
        "120 000 € (équipements)",
    ),
    (
        "Une cellule d'écoute et de soutien après un événement grave",
        ("health", "gollac:emotional"),
        "Des soignants laissés seuls après des décès difficiles ou des agressions.",
        "Un débriefing proposé sous 72 heures, une psychologue du travail joignable, un suivi à un mois.",
        "Protocole écrit avec la médecine du travail, information de tous les cadres.",
        "42 débriefings la première année ; aucun arrêt long lié à ces événements ensuite.",
        "Rendre le dispositif automatique : ne pas attendre que les agents le demandent.",
        "6 mois",
        "20 000 € par an",
    ),
    (
        "La semaine de la QVT à l'hôpital",
        ("culture", "recognition"),
        "Une démarche QVT mal connue des agents, perçue comme lointaine.",
        "Une semaine d'ateliers, de visites croisées entre services et de rencontres avec la direction.",
        "Comité de pilotage paritaire, programme construit avec les agents volontaires.",
        "900 participants sur 2 400 agents ; 60 idées recueillies, 12 retenues au plan d'action.",
        "Montrer ensuite ce que sont devenues les idées, sinon la deuxième édition attire moins.",
        "1 semaine par an",
        "5 000 €",
    ),
    (
        "Le télétravail pour les fonctions administratives",
        ("balance", "gollac:autonomy"),
        "Des trajets longs en zone rurale et des difficultés de recrutement dans les services administratifs.",
        "Un accord local : deux jours par semaine au plus, équipement fourni, droit à la déconnexion.",
        "Négociation avec les organisations syndicales, formation des encadrants au management à distance.",
        "Candidatures sur les postes administratifs multipliées par deux ; 91 % des télétravailleurs satisfaits.",
        "Prévoir des jours de présence communs pour garder le collectif.",
        "12 mois",
        "35 000 € (équipements)",
    ),
    (
        "Une démarche participative en EHPAD sur le sens du travail",
        ("expression", "gollac:values"),
        "Des soignants en conflit de valeurs entre temps imparti et qualité du soin.",
        "Des groupes d'analyse des pratiques et une révision des organisations de toilette avec les équipes.",
        "Accompagnement par un consultant de l'Aract, implication des résidents et des familles.",
        "Sentiment de bien faire son travail : de 48 % à 71 % ; turnover en baisse de 20 %.",
        "Partir des situations concrètes de travail, pas des principes.",
        "15 mois",
        "12 000 €",
    ),
)

PEERS = (
    (
        "chu-besancon-demo",
        "Camille",
        "Roux",
        "Directrice des ressources humaines",
        "Espaces de discussion\nAbsentéisme",
    ),
    ("ch-lons-demo", "Yanis", "Morel", "Cadre supérieur de santé", "Tutorat des nouveaux\nPlannings"),
    (
        "ehpad-macon-demo",
        "Inès",
        "Garnier",
        "Directrice d'EHPAD",
        "Sens du travail en EHPAD\nRésidents et familles",
    ),
    ("hnfc-demo", "Paul", "Lemaire", "Préventeur", "Manutention\nTroubles musculo-squelettiques"),
)


def load_practices_demo(*, password_hash: str | None, progress: Progress = silent) -> bool:
    """The agency, its network, members, stories and peers; False when already there.

    ``password_hash``: the demo password's, already made by the loader (None: made here, only when needed).
    """
    if Organisation.objects.filter(slug=AGENCY_SLUG).exists():
        return False
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    progress(f"Démo : réseau régional QVT de l'ARS ({len(MEMBERS)} établissements, 30 récits)…")
    agency = Organisation.objects.create(
        slug=AGENCY_SLUG,
        name="ARS Bourgogne-Franche-Comté (démonstration)",
        short_name="ARS démo",
        kind=OrganisationKind.AGENCY,
        is_state_service=True,
        brand_lines="Agence régionale de santé|Bourgogne-Franche-Comté",
    )
    network = Network.objects.create(name="Réseau QVT des établissements de santé de Bourgogne-Franche-Comté")
    start = datetime.date(2024, 1, 15)
    NetworkMembership.objects.create(
        network=network, organisation=agency, is_host=True, departement="21", joined_on=start
    )
    facilitator = _user(FACILITATOR_EMAIL, "Nadia", "Animatrice", password_hash)
    RoleGrant.objects.create(user=facilitator, organisation=agency, role=Role.NETWORK_FACILITATOR)

    members: dict[str, Organisation] = {}
    for slug, name, departement, shares in MEMBERS:
        organisation = Organisation.objects.create(slug=slug, name=name, kind=OrganisationKind.HOSPITAL)
        NetworkMembership.objects.create(
            network=network,
            organisation=organisation,
            departement=departement,
            shares_stories=shares,
            joined_on=start,
        )
        lead = _user(
            f"pilote.{slug.removesuffix('-demo')}@demo.qualivie.fr", "Pilote", name[:40], password_hash
        )
        RoleGrant.objects.create(user=lead, organisation=organisation, role=Role.PROGRAMME_LEAD)
        members[slug] = organisation
    hospital = Organisation.objects.filter(slug=HOSPITAL_SLUG).first()
    if hospital is not None:
        NetworkMembership.objects.create(
            network=network, organisation=hospital, departement="25", joined_on=start
        )

    _stories(network, members, facilitator, hospital)
    _peers(network, members, password_hash)

    academy = Organisation.objects.filter(slug=ACADEMY_SLUG).first()
    if academy is not None:  # the academy's own network: its existing facilitator account animates it
        own = Network.objects.create(name="Réseau QVT de l'académie de Besançon (démonstration)")
        NetworkMembership.objects.create(network=own, organisation=academy, is_host=True, departement="25")
    return True


def _user(email: str, first: str, last: str, password_hash: str) -> User:
    return User.objects.create(email=email, first_name=first, last_name=last, password=password_hash)


def _stories(
    network: Network,
    members: dict[str, Organisation],
    facilitator: User,
    hospital: Organisation | None,
) -> None:
    now = timezone.now()
    departement_of = {slug: departement for slug, _name, departement, _shares in MEMBERS}
    slugs = [slug for slug, _name, _departement, shares in MEMBERS if shares]
    rows = []
    for index in range(29):
        title, codes, context, actions, levers, effects, lessons, duration, cost = STORIES[
            index % len(STORIES)
        ]
        slug = slugs[index % len(slugs)]
        rows.append(
            Story(
                network=network,
                organisation=members[slug],
                title=title if index < len(STORIES) else f"{title} ({members[slug].name.split(' (')[0]})",
                context=context,
                actions=actions,
                levers=levers,
                effects=effects,
                lessons=lessons,
                sector="hospital",
                size_band=("250-999", "1000+", "50-249")[index % 3],
                departement=departement_of[slug],
                themes=themes.encode(list(codes)),
                duration=duration,
                cost=cost,
                status=StoryStatus.PUBLISHED,
                visibility=StoryVisibility.PUBLIC if index % 3 == 0 else StoryVisibility.NETWORK,
                submitted_at=now - datetime.timedelta(days=200 - index * 6, hours=2),
                published_at=now - datetime.timedelta(days=200 - index * 6),
                moderated_by=facilitator,
                remarkable=index in {0, 1},
                remarkable_at=now - datetime.timedelta(days=150) if index in {0, 1} else None,
                remarkable_by=facilitator if index in {0, 1} else None,
                contact_name="Camille Roux" if index == 0 else "",
                contact_role="Directrice des ressources humaines" if index == 0 else "",
                contact_consent_at=now - datetime.timedelta(days=200) if index == 0 else None,
            )
        )
    # The one waiting for moderation, by the demo hospital's programme lead (a member's when loaded on its own).
    author = User.objects.filter(email="pilote.hopital@demo.qualivie.fr").first()
    title, codes, context, actions, levers, effects, lessons, duration, cost = STORIES[2]
    rows.append(
        Story(
            network=network,
            organisation=hospital or members["ch-pontarlier-demo"],
            author=author,
            title="Des plannings construits avec l'équipe des urgences",
            context=context,
            actions=actions,
            levers=levers,
            effects=effects,
            lessons=lessons,
            sector="hospital",
            size_band="50-249",
            departement="25",
            themes=themes.encode(list(codes)),
            duration=duration,
            cost=cost,
            status=StoryStatus.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=2),
        )
    )
    Story.objects.bulk_create(rows)


def _peers(network: Network, members: dict[str, Organisation], password_hash: str) -> None:
    now = timezone.now()
    for slug, first, last, role_title, topics in PEERS:
        user = _user(f"{first.lower()}.{last.lower()}@demo.qualivie.fr", first, last, password_hash)
        RoleGrant.objects.create(user=user, organisation=members[slug], role=Role.PROGRAMME_LEAD)
        PeerProfile.objects.create(
            network=network,
            organisation=members[slug],
            user=user,
            role_title=role_title,
            topics=topics,
            reach="Message par la plateforme ; je réponds dans la semaine.",
            consent_at=now - datetime.timedelta(days=90),
        )
