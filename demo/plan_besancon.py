"""The Besançon education authority's QVT plan 2023-2027, as plain data for the demo.

Structure, numbering, titles of axes and actions, lead functions and facts come from the published plan
(seed 002) and the two cross-cutting themes from the earlier framework (seed 001). Every long text is a
summary written for Qualivie, not the plan's wording. Lead roles are functions, never people's names.
Calendars and milestones are a plausible schedule within the plan's school years (2023-2024 … 2026-2027).
"""

from dataclasses import dataclass, field
from datetime import date

PLAN_TITLE = "Plan académique pour la qualité de vie au travail 2023-2027"
PLAN_FIRST_SCHOOL_YEAR = 2023
PLAN_LAST_SCHOOL_YEAR = 2026
PLAN_ADOPTED_ON = date(2023, 6, 20)  # public launch at the rectorat (seed 000)
PLAN_SUMMARY = (
    "Prolongeant le plan de prévention des risques psychosociaux engagé après l'accord de 2013, l'académie "
    "se dote d'un plan qui vise à la fois de meilleures conditions de travail, un service de meilleure "
    "qualité et des organisations plus efficaces. La qualité de vie au travail y est comprise comme un "
    "bien-être ressenti individuellement et collectivement : ambiance et relations, culture du service public "
    "et communication, sens du travail, conditions de travail, implication, reconnaissance.\n"
    "Écrit avec une quarantaine d'agents volontaires de tous métiers et de tous lieux d'exercice, il est "
    "incitatif sans être prescriptif : chaque entité peut s'en saisir à son rythme. Il court sur les années "
    "scolaires 2023-2024 à 2026-2027, avec un suivi continu, un bilan annuel présenté après le premier "
    "semestre à un groupe de travail issu du CSA et un débat en formation spécialisée en décembre 2024 et "
    "en décembre 2026."
)


@dataclass(frozen=True)
class MilestoneData:
    title: str
    due: date


@dataclass(frozen=True)
class ActionData:
    number: int
    title: str
    context: str
    concrete_actions: str
    lead_roles: str
    start: date
    end: date
    milestones: tuple[MilestoneData, ...]
    indirect_benefits: str = ""
    existing_links: str = ""
    follow_up_committee: str = ""
    themes: tuple[str, ...] = ()  # keys of THEMES


@dataclass(frozen=True)
class AxisData:
    number: int
    title: str
    objective: str
    actions: tuple[ActionData, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ThemeData:
    key: str
    title: str
    description: str


COMMUNICATION = "communication"
ORGANISATION = "organisation"

THEMES = (
    ThemeData(
        COMMUNICATION,
        "Communication interne",
        "Mieux informer les personnels en organisant la communication interne selon les publics visés, et "
        "aider chacun à situer son travail dans l'ensemble en rendant visibles, régulièrement, les liens et "
        "la cohérence entre les projets menés.",
    ),
    ThemeData(
        ORGANISATION,
        "Organisation du travail",
        "Les choix d'organisation pèsent souvent sur la qualité de vie au travail, en bien comme en mal. "
        "Design de service, prototypage et retours d'expérience sont autant de moyens d'en maîtriser les "
        "effets et de faire évoluer l'organisation.",
    ),
)


def _m(title: str, year: int, month: int, day: int = 1) -> MilestoneData:
    return MilestoneData(title, date(year, month, day))


AXES = (
    AxisData(
        1,
        "Développer des relations de travail inclusives et bienveillantes",
        "Permettre à chaque personne, quel que soit son parcours, de trouver sa place, de se repérer dans "
        "l'institution et d'accéder sans peine aux informations utiles à son travail et à sa carrière. Les "
        "actions de l'axe outillent trois types de relations — entre employeur et personnels, entre "
        "collègues et avec les usagers — pour que chacun s'intègre facilement dans un collectif.",
        (
            ActionData(
                1,
                "Mettre à disposition des personnels un module de formation à distance sur la relation à "
                "l'usager. Outiller les personnels d'encadrement dans leur rôle de protection des équipes "
                "placées sous leur responsabilité",
                context=(
                    "Les agents au contact du public font, pour une large part, l'image du service public. "
                    "Accueillir, au guichet, au téléphone ou par écrit, expose pourtant à des situations "
                    "tendues et à un stress répété. Tenir dans la durée demande des compétences "
                    "psychosociales et la certitude d'être soutenu par sa hiérarchie. Le référentiel "
                    "« Services publics + » fixe un cadre d'engagements utile à cette démarche."
                ),
                concrete_actions=(
                    "- Proposer un parcours de formation à distance sur la relation à l'usager, aligné sur "
                    "« Services publics + » : écoute active, posture, gestion des émotions.\n"
                    "- Donner aux encadrants des outils et un appui pour protéger les équipes dont ils ont "
                    "la charge."
                ),
                indirect_benefits=(
                    "- Une relation à l'usager vécue comme valorisante et porteuse des valeurs de "
                    "l'institution.\n"
                    "- Une communauté de pratique qui partage et capitalise les expériences."
                ),
                existing_links="Engagements « Services publics + ».",
                lead_roles="Secrétaire général·e de la DSDEN du Doubs",
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Module de formation à distance ouvert à tous les personnels", 2024, 3, 29),
                    _m("Guide d'appui des encadrants pour la protection des équipes", 2025, 6, 30),
                    _m("Bilan de la communauté de pratique", 2027, 5, 31),
                ),
            ),
            ActionData(
                2,
                "Améliorer la fluidité des relations entre les services académiques et les EPLE",
                context=(
                    "Une grande part de l'information, de la communication et des politiques académiques "
                    "concerne le pilotage et l'accompagnement des établissements. La qualité de la relation "
                    "entre services et EPLE conditionne le service rendu et pèse sur le quotidien des agents "
                    "des deux côtés. Elle tient à une vision partagée avec les personnels de direction, à des "
                    "règles et dispositifs lisibles, à des circuits d'information simplifiés et à des "
                    "ressources qui sécurisent les chefs d'établissement."
                ),
                concrete_actions=(
                    "- Réunir ces objectifs dans une charte académique de pilotage des EPLE fixant les "
                    "améliorations prioritaires de la relation entre services académiques et établissements."
                ),
                indirect_benefits=(
                    "Plus de cohésion, de confiance et de sentiment d'appartenance, et une mise en œuvre "
                    "facilitée des politiques éducatives et pédagogiques."
                ),
                lead_roles="Conseiller·ère technique établissements et vie scolaire auprès du recteur",
                start=date(2023, 9, 1),
                end=date(2024, 12, 20),
                milestones=(
                    _m("Concertation avec les personnels de direction", 2024, 1, 31),
                    _m("Charte de pilotage des EPLE adoptée", 2024, 6, 28),
                    _m("Premier suivi annuel de la charte", 2024, 12, 20),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                3,
                "Apporter la bonne information au bon endroit et sous la bonne forme",
                context=(
                    "Les informations produites et les canaux de diffusion se sont multipliés. Faute de "
                    "partir des usages et des besoins de leurs destinataires, beaucoup de messages se "
                    "perdent et déçoivent. Un accès simplifié à l'information aide chacun dans sa mission et "
                    "dans la conduite de son parcours professionnel."
                ),
                concrete_actions=(
                    "- Associer les personnels à la définition de leurs besoins par des ateliers de "
                    "co-construction, pour choisir les canaux et formats qui leur conviennent.\n"
                    "- S'appuyer sur une charte académique de communication porteuse de la marque employeur.\n"
                    "- Ouvrir un espace internet dédié aux personnels (métiers, recrutement et concours, "
                    "carrière, formation, action sociale, accompagnement, santé et sécurité au travail), "
                    "conçu en ateliers et soutenu par une communication active.\n"
                    "- Engager une concertation à l'échelle de la région académique sur un intranet."
                ),
                indirect_benefits=(
                    "- Plus de confiance et de proximité.\n"
                    "- Un sentiment d'utilité et d'efficacité renforcé.\n"
                    "- Des politiques RH et éducatives mieux comprises."
                ),
                existing_links="Charte académique de communication ; projet d'intranet de la région académique.",
                lead_roles="Chargé·e de communication académique (service communication)",
                follow_up_committee="Comité d'utilisateurs associé au suivi qualitatif et quantitatif du site.",
                start=date(2023, 11, 1),
                end=date(2026, 12, 18),
                milestones=(
                    _m("Ateliers de co-construction avec les personnels", 2024, 3, 15),
                    _m("Mise en ligne de l'espace personnels", 2025, 1, 31),
                    _m("Enquête de satisfaction des utilisateurs du site", 2026, 12, 18),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                4,
                "Mettre les outils d'échange au service de la qualité de vie",
                context=(
                    "Le courriel s'est imposé parmi les nombreux outils d'échange sans que l'on ait pesé ses "
                    "avantages et ses limites. Beaucoup d'agents, surtout des encadrants, y consacrent près "
                    "d'un tiers de leur temps ; le flux rend la hiérarchisation difficile, disperse "
                    "l'attention, allonge les délais, tend parfois les relations et a un coût "
                    "environnemental. Il s'agit d'en repenser la place dans les processus de travail."
                ),
                concrete_actions=(
                    "Accompagner une évolution progressive des usages de la messagerie :\n"
                    "- une sensibilisation continue, par des messages pratiques ;\n"
                    "- des règles communes, réunies dans une charte d'usage des courriels ;\n"
                    "- des formations pour choisir l'outil de communication le plus adapté."
                ),
                indirect_benefits="- Du temps gagné.\n- Une meilleure appréciation de ce qui est urgent.",
                lead_roles="Responsable du service études, expertise et modernisation",
                start=date(2024, 1, 8),
                end=date(2026, 6, 30),
                milestones=(
                    _m("Charte d'usage des courriels validée", 2024, 11, 29),
                    _m("Campagne de sensibilisation et offre de formation", 2025, 9, 30),
                ),
                themes=(COMMUNICATION, ORGANISATION),
            ),
            ActionData(
                5,
                "Apporter aux équipes des outils et méthodes d'amélioration continue pour mieux faire "
                "évoluer les procédures et les fiches de poste et ainsi donner de la clarté dans le travail",
                context=(
                    "Les services vivent des changements permanents : certains, venus de l'extérieur, sont "
                    "nets (un nouveau logiciel national) ; d'autres s'accumulent sans bruit (un départ, des "
                    "missions qui glissent, un outil ajouté sans retirer l'ancien). Quand l'organisation "
                    "formelle n'est pas remise à jour, ces écarts créent stress, pics de charge et perte de "
                    "sens. Il faut les réduire à intervalles réguliers."
                ),
                concrete_actions=(
                    "Instaurer, à un rythme adapté, un temps de revue des processus dans les services pour :\n"
                    "- échanger collectivement sur les changements et repérer les risques ;\n"
                    "- ajuster l'organisation, le fonctionnement et les outils ;\n"
                    "- mettre à jour les fiches de poste ;\n"
                    "- former les équipes à la cartographie partagée des processus (logigrammes)."
                ),
                indirect_benefits=(
                    "- Les rapports d'étonnement des nouveaux arrivants mieux exploités.\n"
                    "- Des équipes plus habiles à prendre du recul, diagnostiquer et chercher des solutions "
                    "ensemble."
                ),
                lead_roles="Chargé·e de la transformation de l'action publique",
                start=date(2024, 9, 2),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Formation des premières équipes aux logigrammes", 2025, 3, 31),
                    _m("Revue des processus dans tous les services du rectorat", 2026, 6, 30),
                    _m("Fiches de poste révisées dans les DSDEN", 2027, 6, 30),
                ),
                themes=(ORGANISATION,),
            ),
        ),
    ),
    AxisData(
        2,
        "Développer un cadre de travail de qualité",
        "Répondre aux attentes nouvelles des personnels en matière de parcours, de bien-être au quotidien et "
        "d'accompagnement : mieux intégrer les nouveaux agents, améliorer le cadre et les conditions de "
        "travail, soutenir les personnels en difficulté.",
        (
            ActionData(
                1,
                "Mettre en place des cadres de gestion plus sécurisants des personnels contractuels",
                context=(
                    "L'académie veut être mieux identifiée comme employeur, faire connaître ses métiers et "
                    "leurs voies d'accès — concours ou contrat — et mieux intégrer ses agents contractuels. "
                    "Ceux-ci assurent remplacements et postes vacants et contribuent pleinement au "
                    "fonctionnement des services ; la loi de transformation de la fonction publique a de "
                    "plus ouvert de nouvelles possibilités de CDI. D'où la création d'une fonction "
                    "recrutement et la volonté de sécuriser leur gestion."
                ),
                concrete_actions=(
                    "- Améliorer les conditions financières de recrutement et revaloriser les "
                    "rémunérations.\n"
                    "- Offrir un cadre contractuel plus protecteur.\n"
                    "- Accompagner les parcours : préparation aux concours, formation au métier."
                ),
                indirect_benefits="- Des contractuels qui restent.\n- Une institution plus attractive.",
                existing_links="Fonction recrutement académique ; préparation aux concours administratifs.",
                lead_roles="Adjoint·e au DRH",
                start=date(2023, 9, 1),
                end=date(2025, 6, 30),
                milestones=(
                    _m("Nouveau cadre de gestion des contractuels présenté en CSA", 2024, 3, 28),
                    _m("Grille de rémunération revalorisée appliquée", 2024, 9, 1),
                    _m("Parcours de préparation aux concours ouvert aux contractuels", 2025, 1, 15),
                ),
            ),
            ActionData(
                2,
                "Mieux intégrer les nouveaux arrivants et créer les conditions de leur fidélisation",
                context=(
                    "Dans le prolongement du Grenelle de l'éducation, l'académie veut resserrer le lien "
                    "avec ses personnels, titulaires comme contractuels. L'accueil des titulaires, des "
                    "stagiaires et des contractuels nouvellement recrutés est un moment décisif : des "
                    "protocoles d'accueil solides doivent traduire concrètement la promesse de l'employeur."
                ),
                concrete_actions=(
                    "- Éditer un livret sur les métiers et le recrutement et un livret d'accueil sur "
                    "l'organisation de l'académie.\n"
                    "- Définir un protocole d'accueil type.\n"
                    "- Proposer un mentorat à chaque nouvel agent, si possible avant sa prise de poste.\n"
                    "- Programmer des formations dès le recrutement.\n"
                    "- Prévoir des temps conviviaux pour souder les promotions."
                ),
                existing_links="Engagements du Grenelle de l'éducation.",
                lead_roles="Chargé·e de mission recrutement et qualité de vie au travail",
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Livret d'accueil diffusé", 2024, 8, 30),
                    _m("Protocole d'accueil type et mentorat généralisés", 2025, 9, 1),
                    _m("Enquête auprès des nouveaux arrivants", 2026, 12, 15),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                3,
                "Promouvoir les formations dédiées aux compétences psychosociales et au bien-être",
                context=(
                    "Télétravail, dématérialisation et travail à distance font naître de nouvelles "
                    "attentes : des relations humaines de meilleure qualité, un équilibre entre vie "
                    "professionnelle et vie personnelle, le souci de soi au travail. La stratégie RH doit y "
                    "répondre dans la durée, pour tous les personnels."
                ),
                concrete_actions=(
                    "- Faire connaître largement les modules de développement personnel du plan académique "
                    "de formation (compétences psychosociales, savoir-être).\n"
                    "- Mener chaque année une campagne de promotion relayée par tous les canaux."
                ),
                existing_links="Plan académique de formation.",
                lead_roles="Proviseur·e de lycée (chef·fe d'établissement)",
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Première campagne de promotion", 2023, 10, 16),
                    _m("Deuxième campagne, élargie aux écoles", 2024, 10, 14),
                    _m("Bilan des inscriptions par métier", 2026, 7, 3),
                ),
            ),
            ActionData(
                4,
                "Mettre et inciter à mettre à disposition des agents des lieux dédiés au bien-être et au "
                "ressourcement",
                context=(
                    "Respecter les rythmes biologiques améliore la qualité du travail : on a besoin de lieux "
                    "et de moments pour récupérer. Ce besoin reste mal pris en compte et se heurte encore à "
                    "des freins culturels."
                ),
                concrete_actions=(
                    "- Ouvrir un espace calme accessible pendant le temps de travail et l'équiper.\n"
                    "- Faire en sorte que chacun se sente légitime à l'utiliser.\n"
                    "- Expliquer ce qu'il apporte : ambiance, attention, énergie, moindre stress, efficacité.\n"
                    "- Encourager les autres sites à faire de même."
                ),
                indirect_benefits="Des lieux qui peuvent accueillir des activités sportives ou de relaxation.",
                lead_roles="Chargé·e de mission recrutement et qualité de vie au travail",
                start=date(2024, 1, 8),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Espace de ressourcement ouvert au rectorat", 2024, 11, 4),
                    _m("Un lieu dédié dans chaque DSDEN", 2026, 6, 30),
                    _m("Guide pour les établissements volontaires", 2027, 3, 31),
                ),
                themes=(ORGANISATION,),
            ),
            ActionData(
                5,
                "Accompagner les personnels en difficulté",
                context=(
                    "La responsabilité sociale de l'employeur est désormais une priorité. Elle suppose de "
                    "coordonner des accompagnements variés pour couvrir toutes les situations, et de faire "
                    "savoir aux personnels, avant même les premières difficultés, que l'institution peut "
                    "les soutenir."
                ),
                concrete_actions=(
                    "- Revoir et renforcer les dispositifs d'accompagnement.\n"
                    "- Renforcer la médecine de prévention et définir une politique de prévention et de "
                    "sensibilisation en santé.\n"
                    "- Publier une information complète sur les dispositifs et les personnes ressources.\n"
                    "- Tester la lisibilité de cette information auprès d'un panel d'agents."
                ),
                lead_roles="Responsable du service de suivi et d'accompagnement RH",
                follow_up_committee=(
                    "Groupe de travail spécifique réuni en 2023, avec des représentants du CSA, pour "
                    "améliorer les dispositifs d'accompagnement."
                ),
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Conclusions du groupe de travail dédié", 2023, 12, 15),
                    _m("Guide des dispositifs d'accompagnement publié", 2025, 2, 28),
                    _m("Panel d'agents sur la lisibilité de l'information", 2026, 5, 29),
                ),
            ),
        ),
    ),
    AxisData(
        3,
        "Valoriser et reconnaître le travail",
        "Chacun a un avis sur l'école, mais peu connaissent la richesse des missions de l'éducation nationale. "
        "Il s'agit de montrer l'attrait et le sens de ses métiers, et de permettre à chaque agent de percevoir "
        "l'utilité de son travail, de se sentir membre d'un collectif et de voir son engagement reconnu, en "
        "partageant réussites et bonnes pratiques.",
        (
            ActionData(
                1,
                "Mieux faire connaître à l'extérieur la diversité de nos métiers et en montrer l'attrait",
                context=(
                    "Le grand public connaît l'école par les médias et par son expérience d'élève ou de "
                    "parent, beaucoup moins la diversité de ses métiers et de ses parcours. Premier employeur "
                    "de Franche-Comté, présente sur plus de 1 300 sites, l'académie est pourtant peu "
                    "identifiée comme recruteur ; les difficultés de recrutement imposent de mieux montrer "
                    "ses opportunités, ses missions et ses valeurs."
                ),
                concrete_actions=(
                    "- Campagne de communication vers le grand public et les réseaux d'entreprises et "
                    "fédérations professionnelles.\n"
                    "- Partenariats avec les acteurs locaux de l'emploi pour nourrir les viviers, tous "
                    "métiers confondus.\n"
                    "- Présence régulière sur les salons et forums de l'emploi."
                ),
                indirect_benefits=(
                    "- L'académie reprend la main sur son image.\n"
                    "- Une image positive qui renforce chez les personnels le sentiment d'utilité sociale."
                ),
                lead_roles="Chargé·e de mission recrutement",
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Campagne « Rejoignez l'académie » lancée", 2024, 2, 5),
                    _m("Convention avec les acteurs locaux de l'emploi", 2025, 4, 30),
                    _m("Bilan annuel des actions d'attractivité", 2026, 12, 11),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                2,
                "Développer la connaissance de nos métiers et missions auprès des agents de l'académie",
                context=(
                    "Au quotidien, beaucoup d'agents ont du mal à situer leur travail dans l'ensemble et à "
                    "trouver l'information sur les évolutions de carrière possibles ; certains se sentent "
                    "isolés. Mieux connaître la diversité des métiers, c'est mieux reconnaître leur utilité. "
                    "Au-delà des fiches de poste, il faut montrer des visages et des parcours qui donnent "
                    "envie de s'engager."
                ),
                concrete_actions=(
                    "Diffuser des informations et des témoignages sur les métiers par plusieurs canaux :\n"
                    "- lettre d'information RH ;\n"
                    "- webinaires ;\n"
                    "- site internet académique ;\n"
                    "- événements consacrés à la qualité de vie au travail ;\n"
                    "- forum des mobilités ;\n"
                    "- dispositif « vis ma vie »."
                ),
                indirect_benefits=(
                    "- Des compétences et des envies mieux repérées.\n"
                    "- Des souhaits d'évolution mieux pris en compte."
                ),
                lead_roles="Adjoint·e au DRH",
                start=date(2024, 1, 8),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Première lettre d'information RH avec portraits métiers", 2024, 3, 1),
                    _m("Forum des mobilités", 2025, 3, 19),
                    _m("Dispositif « vis ma vie » ouvert à tous", 2026, 9, 30),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                3,
                "Soutenir les collectifs de travail et outiller les porteurs d'initiatives",
                context=(
                    "Les collectifs de travail démultiplient les forces, stimulent la créativité et rompent "
                    "l'isolement. Encore faut-il aider les personnels à les faire naître, à travailler sur "
                    "des sujets transversaux et à porter des projets fédérateurs, notamment en réponse aux "
                    "appels à projets nationaux."
                ),
                concrete_actions=(
                    "- Ajouter au plan académique de formation un module sur l'intelligence collective et "
                    "l'animation de groupes, et un autre sur le montage, la conduite et l'évaluation de "
                    "projets.\n"
                    "- Aider les équipes d'EPLE à faire émerger et écrire leurs projets (veille sur les "
                    "appels à manifestation d'intérêt)."
                ),
                existing_links="Démarche « Notre école, faisons-la ensemble » ; plan académique de formation.",
                lead_roles="Chargé·e de la transformation de l'action publique",
                start=date(2024, 9, 2),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Module « intelligence collective » au plan de formation", 2025, 1, 31),
                    _m("Accompagnement de dix projets d'EPLE", 2026, 6, 30),
                ),
                themes=(ORGANISATION,),
            ),
            ActionData(
                4,
                "Diversifier les vecteurs de reconnaissance individuelle tout au long du parcours "
                "professionnel de l'agent. Mieux faire de cette reconnaissance une fierté collective",
                context=(
                    "Pouvoir bien faire son travail protège. La reconnaissance passe surtout par la voie "
                    "hiérarchique (avancement, promotion, distinctions) ; elle reste rare dans les relations "
                    "de tous les jours et presque toujours individuelle. Or elle nourrit le bien-être, "
                    "l'estime de soi, la motivation et l'appartenance — d'autant plus quand elle est "
                    "partagée par l'équipe."
                ),
                concrete_actions=(
                    "- Multiplier les formes de reconnaissance tout au long du parcours.\n"
                    "- Prévoir des temps de remerciement dans l'agenda des équipes.\n"
                    "- Profiter des moments conviviaux pour mettre les personnes en valeur."
                ),
                indirect_benefits="Des encadrants moteurs de l'évolution des pratiques.",
                existing_links=(
                    "Rencontres RH en EPLE ; projet « accompagner les agents dans les moments clés du "
                    "parcours professionnel »."
                ),
                lead_roles="Conseiller·ère RH de proximité",
                start=date(2024, 1, 8),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Kit « temps de remerciement » pour les équipes", 2025, 5, 30),
                    _m("Rencontres RH en EPLE : volet reconnaissance", 2026, 3, 31),
                ),
            ),
            ActionData(
                5,
                "Instaurer un baromètre annuel de la qualité de vie au travail dans l'académie",
                context=(
                    "La qualité de vie au travail est l'affaire de tous : le plan a été écrit avec les "
                    "agents, son suivi doit l'être aussi. Garant de leurs conditions de travail, l'employeur "
                    "doit les interroger pour repérer ce qui fragilise la qualité de vie au travail et les "
                    "leviers de progrès."
                ),
                concrete_actions=(
                    "- Interroger chaque année l'ensemble des agents sur la politique de qualité de vie au "
                    "travail : ambiance et relations, culture du service public et communication, sens du "
                    "travail, conditions de travail, implication, reconnaissance."
                ),
                lead_roles="Chargé·e de mission recrutement et qualité de vie au travail",
                start=date(2024, 1, 8),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Premier baromètre annuel", 2024, 5, 31),
                    _m("Deuxième baromètre et comparaison avec 2024", 2025, 5, 30),
                    _m("Troisième baromètre", 2026, 5, 29),
                ),
            ),
        ),
    ),
    AxisData(
        4,
        "Partager au quotidien une culture commune de la qualité de vie au travail",
        "La qualité de vie au travail dépend des conditions d'exercice et de la possibilité de s'engager dans "
        "un projet commun. Chaque agent y contribue et en bénéficie : c'est un bien commun et une "
        "responsabilité partagée. L'axe en fait un fondement de l'identité professionnelle et confie aux "
        "encadrants le rôle de porter cette vision et de relayer la politique académique.",
        (
            ActionData(
                1,
                "Instaurer un événement annuel dédié à la qualité de vie au travail",
                context=(
                    "Faire vivre la qualité de vie au travail est une responsabilité de chaque encadrant et "
                    "un enjeu collectif. Elle a besoin de temps forts réguliers qui la remettent au centre "
                    "des préoccupations des équipes, et ces temps forts doivent être simples à organiser."
                ),
                concrete_actions=(
                    "- Fournir aux encadrants un événement annuel « clé en main » à organiser dans leur "
                    "entité.\n"
                    "- Le concevoir pour qu'il se déploie facilement sur chaque site."
                ),
                indirect_benefits=(
                    "Faire circuler les retours des sites qui l'ont accueilli pour donner envie aux autres."
                ),
                lead_roles="Chargé·e de mission recrutement et qualité de vie au travail",
                start=date(2023, 9, 1),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Première journée QVT académique", 2024, 6, 13),
                    _m("Édition itinérante dans les quatre départements", 2025, 6, 12),
                    _m("Troisième édition et questionnaire de satisfaction", 2026, 6, 11),
                ),
                themes=(COMMUNICATION,),
            ),
            ActionData(
                2,
                "Mettre en place une formation des personnels d'encadrement sur la posture et les pratiques "
                "managériales de la qualité de vie au travail",
                context=(
                    "Les encadrants entretiennent surtout leur expertise technique, sur laquelle ils sont "
                    "évalués. Animer une équipe et la faire progresser a longtemps été vu comme une "
                    "compétence parmi d'autres. Les attentes des personnels ont changé : la qualité de vie "
                    "au travail devient prioritaire, et le savoir-faire des encadrants en la matière doit "
                    "être développé et reconnu."
                ),
                concrete_actions=(
                    "- Proposer aux encadrants des formations sur la posture et les pratiques managériales "
                    "favorables à la qualité de vie au travail, et les faire connaître.\n"
                    "- Aborder systématiquement ce sujet lors de l'entretien professionnel des encadrants, "
                    "évaluer et reconnaître les compétences correspondantes."
                ),
                lead_roles="Conseiller·ère technique établissements et vie scolaire auprès du recteur",
                start=date(2024, 1, 8),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Première session de formation des encadrants", 2024, 10, 10),
                    _m("Volet QVT intégré à l'entretien professionnel des encadrants", 2025, 4, 30),
                    _m("La moitié des encadrants formés", 2027, 6, 30),
                ),
            ),
            ActionData(
                3,
                "Faire des réunions des leviers de qualité de vie au travail et des vecteurs de cohésion",
                context=(
                    "Trop de réunions mal préparées donnent un sentiment de temps perdu, d'inutilité, "
                    "parfois d'invisibilité. Sans objectif, format ni rôles clairs, elles nuisent à "
                    "l'efficacité, à la motivation et à la cohésion. Les pratiques bougent timidement ; il "
                    "manque un cadre et une impulsion pour en faire de vrais temps de travail collectif."
                ),
                concrete_actions=(
                    "- Construire une boîte à outils pour des réunions d'équipe « en mode QVT » : des "
                    "réunions qui soudent l'équipe, où chacun écoute, est écouté et se sent responsable de "
                    "leur réussite, quel qu'en soit le but (informer, décider, réfléchir).\n"
                    "- Expérimenter ce kit dans quelques structures volontaires."
                ),
                lead_roles="Direction de l'atelier Canopé",
                start=date(2024, 9, 2),
                end=date(2026, 12, 18),
                milestones=(
                    _m("Boîte à outils « réunion en mode QVT » réalisée", 2025, 3, 31),
                    _m("Expérimentation dans cinq structures volontaires", 2025, 12, 19),
                    _m("Diffusion du kit à toutes les entités", 2026, 12, 18),
                ),
                themes=(ORGANISATION,),
            ),
            ActionData(
                4,
                "Développer des actions permettant d'enrichir les relations interpersonnelles en contexte "
                "professionnel",
                context=(
                    "Partager, si on le souhaite, un peu plus que des dossiers nourrit le lien professionnel. "
                    "L'institution peut y aider avec des outils et des moments dédiés : cela facilite "
                    "l'intégration dans des équipes qui changent souvent (recrutements, suppléances, "
                    "mobilités), élargit les rencontres au-delà des collègues proches et enrichit la "
                    "mémoire collective."
                ),
                concrete_actions=(
                    "- Concevoir et diffuser des outils conviviaux qui facilitent rencontres et échanges, à "
                    "partir d'un groupe action et d'une recherche-action."
                ),
                lead_roles="Cellule budget, direction des affaires financières et de la logistique",
                follow_up_committee="Groupe action chargé de la recherche-action.",
                start=date(2027, 1, 4),
                end=date(2027, 6, 30),
                milestones=(
                    _m("Constitution du groupe action", 2027, 1, 29),
                    _m("Premiers outils testés", 2027, 6, 30),
                ),
                themes=(ORGANISATION,),
            ),
        ),
    ),
)


def action_codes() -> list[str]:
    """Every action code of the plan, in order: ["1.1", …, "4.4"]."""
    return [f"{axis.number}.{action.number}" for axis in AXES for action in axis.actions]
