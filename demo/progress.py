"""Where each action of the demo plan stands in late 2026: leads, status, milestones reached, progress log.

Synthetic: the figures and events are invented for the demo, in the spirit of the plan's indicators.
"""

from dataclasses import dataclass
from datetime import date

CHEFFE = "cheffe.projet@demo.qualivie.fr"
FONTAINE = "m.fontaine@demo.qualivie.fr"
GIRARD = "j.girard@demo.qualivie.fr"
LEMOINE = "a.lemoine@demo.qualivie.fr"
RENAUD = "p.renaud@demo.qualivie.fr"
MOREAU = "s.moreau@demo.qualivie.fr"
BERTIN = "e.bertin@demo.qualivie.fr"
VIDAL = "c.vidal@demo.qualivie.fr"
PERRIN = "n.perrin@demo.qualivie.fr"
BAILLY = "l.bailly@demo.qualivie.fr"
ROUX = "h.roux@demo.qualivie.fr"
MARCHAND = "t.marchand@demo.qualivie.fr"

PLANNED, IN_PROGRESS, DELAYED, DONE, SUSPENDED = "planned", "in_progress", "delayed", "done", "suspended"


@dataclass(frozen=True)
class UpdateData:
    on: date
    text: str
    status_after: str
    progress: int
    milestone: int | None = None  # index in the action's milestones, reached on that day


@dataclass(frozen=True)
class ActionProgress:
    leads: tuple[str, ...]
    updates: tuple[UpdateData, ...] = ()

    @property
    def status(self) -> str:
        return self.updates[-1].status_after if self.updates else PLANNED

    @property
    def progress(self) -> int:
        return self.updates[-1].progress if self.updates else 0


def _u(
    y: int, m: int, d: int, text: str, status: str, progress: int, milestone: int | None = None
) -> UpdateData:
    return UpdateData(date(y, m, d), text, status, progress, milestone)


STARTED = "Lancement de l'action : feuille de route partagée avec le comité de pilotage."

PROGRESS: dict[str, ActionProgress] = {
    "1.1": ActionProgress(
        (CHEFFE,),
        (
            _u(
                2023,
                10,
                12,
                "Cahier des charges du module écrit avec l'école académique de la formation continue ; six "
                "agents d'accueil relisent les scénarios.",
                IN_PROGRESS,
                10,
            ),
            _u(
                2024,
                3,
                25,
                "Module en ligne sur la plateforme de formation : 120 inscrits dès la première semaine.",
                IN_PROGRESS,
                35,
                0,
            ),
            _u(
                2025,
                9,
                15,
                "Guide d'appui des encadrants diffusé aux chefs de service et d'établissement, après relecture "
                "par la médecine de prévention (avec trois mois de retard).",
                IN_PROGRESS,
                55,
                1,
            ),
            _u(
                2026,
                10,
                8,
                "780 personnels ont suivi le module. Première rencontre de la communauté de pratique des agents "
                "d'accueil fixée en janvier.",
                IN_PROGRESS,
                70,
            ),
        ),
    ),
    "1.2": ActionProgress(
        (BERTIN,),
        (
            _u(2023, 9, 20, STARTED, IN_PROGRESS, 10),
            _u(
                2024,
                1,
                26,
                "Trois réunions avec les personnels de direction des quatre départements.",
                IN_PROGRESS,
                35,
                0,
            ),
            _u(2024, 7, 2, "Charte de pilotage des EPLE adoptée en comité de direction.", IN_PROGRESS, 70, 1),
            _u(
                2024,
                12,
                17,
                "Premier suivi présenté aux chefs d'établissement : les délais de réponse des services sont "
                "désormais publiés chaque trimestre. Action close, le suivi de la charte continue.",
                DONE,
                100,
                2,
            ),
        ),
    ),
    "1.3": ActionProgress(
        (LEMOINE,),
        (
            _u(2023, 11, 15, STARTED, IN_PROGRESS, 10),
            _u(
                2024,
                3,
                20,
                "Quatre ateliers (rectorat, deux DSDEN, un collège), 46 participants : la carrière et l'action "
                "sociale arrivent en tête des besoins.",
                IN_PROGRESS,
                30,
                0,
            ),
            _u(
                2025,
                1,
                31,
                "Mise en ligne repoussée : migration de l'hébergement du site académique.",
                DELAYED,
                40,
            ),
            _u(
                2025,
                3,
                10,
                "Espace personnels en ligne ; comité d'utilisateurs installé (9 membres).",
                IN_PROGRESS,
                50,
                1,
            ),
            _u(
                2026,
                10,
                2,
                "11 500 visites sur l'année 2025-2026 ; enquête de satisfaction prête pour décembre.",
                IN_PROGRESS,
                60,
            ),
        ),
    ),
    "1.4": ActionProgress(
        (RENAUD,),
        (
            _u(2024, 1, 15, STARTED, IN_PROGRESS, 10),
            _u(
                2025,
                2,
                14,
                "Charte d'usage des courriels validée (plages sans envoi, droit à la déconnexion).",
                IN_PROGRESS,
                30,
                0,
            ),
            _u(
                2025,
                10,
                6,
                "Campagne de sensibilisation reportée : l'offre de formation dépend du déploiement de la "
                "nouvelle messagerie collaborative.",
                DELAYED,
                35,
            ),
        ),
    ),
    "1.5": ActionProgress(
        (MOREAU,),
        (
            _u(2024, 9, 16, STARTED, IN_PROGRESS, 10),
            _u(2025, 3, 28, "32 agents formés aux logigrammes (DPE, DAFL, DSI).", IN_PROGRESS, 30, 0),
            _u(
                2026,
                7,
                3,
                "Revue des processus menée dans les services du rectorat ; 41 fiches de poste mises à jour.",
                IN_PROGRESS,
                55,
                1,
            ),
        ),
    ),
    "2.1": ActionProgress(
        (FONTAINE,),
        (
            _u(2023, 9, 25, STARTED, IN_PROGRESS, 15),
            _u(2024, 3, 28, "Nouveau cadre de gestion présenté au CSA et approuvé.", IN_PROGRESS, 40, 0),
            _u(2024, 9, 2, "Grille de rémunération revalorisée appliquée à la rentrée.", IN_PROGRESS, 70, 1),
            _u(
                2025,
                1,
                20,
                "Parcours de préparation aux concours ouvert : 64 contractuels inscrits.",
                IN_PROGRESS,
                85,
                2,
            ),
            _u(
                2025,
                6,
                26,
                "19 lauréats parmi les inscrits à la session 2025. Action réalisée ; le suivi de la fidélisation "
                "se poursuit dans le bilan annuel.",
                DONE,
                100,
            ),
        ),
    ),
    "2.2": ActionProgress(
        (CHEFFE,),
        (
            _u(2023, 9, 18, STARTED, IN_PROGRESS, 10),
            _u(
                2024,
                8,
                30,
                "Livret d'accueil remis à 420 nouveaux personnels à la rentrée.",
                IN_PROGRESS,
                35,
                0,
            ),
            _u(
                2025,
                9,
                1,
                "Protocole d'accueil type adopté ; 150 mentors volontaires formés.",
                IN_PROGRESS,
                65,
                1,
            ),
            _u(
                2026,
                11,
                11,
                "Questionnaire envoyé aux nouveaux arrivants de la rentrée 2026 ; résultats mi-décembre.",
                IN_PROGRESS,
                80,
            ),
        ),
    ),
    "2.3": ActionProgress(
        (VIDAL,),
        (
            _u(2023, 10, 16, "Première campagne de promotion des modules bien-être.", IN_PROGRESS, 20, 0),
            _u(
                2024,
                10,
                14,
                "Deuxième campagne, étendue aux écoles par les circonscriptions.",
                IN_PROGRESS,
                45,
                1,
            ),
            _u(
                2026,
                7,
                3,
                "Inscriptions aux modules en hausse de 38 % en deux ans ; les personnels administratifs restent "
                "peu nombreux.",
                IN_PROGRESS,
                75,
                2,
            ),
        ),
    ),
    "2.4": ActionProgress(
        (GIRARD,),
        (
            _u(2024, 1, 15, STARTED, IN_PROGRESS, 10),
            _u(2024, 11, 4, "Salle de ressourcement ouverte au rectorat.", IN_PROGRESS, 30, 0),
            _u(
                2026,
                7,
                6,
                "Deux DSDEN sur quatre disposent d'un lieu ; les travaux prévus dans le Jura et en Haute-Saône "
                "sont reportés à 2027.",
                DELAYED,
                30,
            ),
        ),
    ),
    "2.5": ActionProgress(
        (PERRIN,),
        (
            _u(2023, 9, 11, STARTED, IN_PROGRESS, 10),
            _u(2023, 12, 15, "Le groupe de travail dédié rend ses conclusions.", IN_PROGRESS, 20, 0),
            _u(
                2025,
                2,
                28,
                "Guide des dispositifs publié ; un médecin de prévention supplémentaire recruté.",
                IN_PROGRESS,
                40,
                1,
            ),
            _u(
                2026,
                6,
                5,
                "Panel de 12 agents : le guide est jugé clair, l'annuaire des personnes ressources doit être "
                "mis à jour plus souvent.",
                IN_PROGRESS,
                55,
                2,
            ),
        ),
    ),
    "3.1": ActionProgress(
        (GIRARD,),
        (
            _u(2023, 9, 25, STARTED, IN_PROGRESS, 10),
            _u(2024, 2, 5, "Campagne « Rejoignez l'académie » lancée.", IN_PROGRESS, 30, 0),
            _u(
                2025,
                5,
                20,
                "Convention signée avec le service public de l'emploi et deux fédérations professionnelles.",
                IN_PROGRESS,
                50,
                1,
            ),
            _u(
                2026,
                10,
                15,
                "14 salons de l'emploi en 2025-2026, 310 candidatures recueillies.",
                IN_PROGRESS,
                65,
            ),
        ),
    ),
    "3.2": ActionProgress(
        (FONTAINE,),
        (
            _u(2024, 1, 15, STARTED, IN_PROGRESS, 10),
            _u(
                2024,
                3,
                1,
                "Première lettre d'information RH avec trois portraits métiers.",
                IN_PROGRESS,
                25,
                0,
            ),
            _u(
                2025,
                3,
                19,
                "Forum des mobilités : 380 participants, 26 métiers présentés.",
                IN_PROGRESS,
                50,
                1,
            ),
        ),
    ),
    "3.3": ActionProgress(
        (MOREAU,),
        (
            _u(2024, 9, 16, STARTED, IN_PROGRESS, 10),
            _u(
                2025,
                1,
                31,
                "Module « intelligence collective » inscrit au plan de formation.",
                IN_PROGRESS,
                20,
                0,
            ),
            _u(
                2025,
                11,
                14,
                "Accompagnement des projets d'EPLE suspendu faute de formateurs disponibles ; reprise étudiée "
                "pour la rentrée 2027.",
                SUSPENDED,
                20,
            ),
        ),
    ),
    "3.4": ActionProgress(
        (BAILLY,),
        (
            _u(2024, 1, 22, STARTED, IN_PROGRESS, 10),
            _u(2025, 6, 10, "Kit « temps de remerciement » testé par huit équipes.", IN_PROGRESS, 30, 0),
            _u(2026, 4, 2, "Volet reconnaissance intégré aux rencontres RH en EPLE.", IN_PROGRESS, 45, 1),
        ),
    ),
    "3.5": ActionProgress(
        (GIRARD,),
        (
            _u(2024, 1, 15, STARTED, IN_PROGRESS, 10),
            _u(2024, 6, 7, "Premier baromètre clos : 41 % de participation.", IN_PROGRESS, 30, 0),
            _u(
                2025,
                6,
                6,
                "Deuxième baromètre : 47 % de participation ; la reconnaissance du travail reste la dimension la "
                "moins bien notée.",
                IN_PROGRESS,
                55,
                1,
            ),
            _u(
                2026,
                6,
                5,
                "Troisième baromètre : 52 % de participation, net progrès sur l'accueil des nouveaux arrivants.",
                IN_PROGRESS,
                75,
                2,
            ),
        ),
    ),
    "4.1": ActionProgress(
        (CHEFFE,),
        (
            _u(2023, 9, 18, STARTED, IN_PROGRESS, 10),
            _u(
                2024,
                6,
                13,
                "Première journée QVT : 350 participants, 87 % de satisfaits.",
                IN_PROGRESS,
                30,
                0,
            ),
            _u(
                2025,
                6,
                12,
                "Édition itinérante : neuf sites hôtes dans les quatre départements.",
                IN_PROGRESS,
                50,
                1,
            ),
            _u(
                2026,
                6,
                11,
                "Troisième édition : 21 sites hôtes ; le kit d'organisation intègre leurs retours.",
                IN_PROGRESS,
                70,
                2,
            ),
        ),
    ),
    "4.2": ActionProgress(
        (BERTIN,),
        (
            _u(2024, 1, 15, STARTED, IN_PROGRESS, 10),
            _u(2024, 10, 10, "Première session : 24 encadrants formés.", IN_PROGRESS, 30, 0),
            _u(
                2025,
                5,
                15,
                "Volet QVT ajouté à la trame d'entretien professionnel des encadrants.",
                IN_PROGRESS,
                45,
                1,
            ),
            _u(
                2026,
                9,
                25,
                "38 % des encadrants formés ; deux sessions ouvertes dans le Jura et le Territoire de Belfort.",
                IN_PROGRESS,
                60,
            ),
        ),
    ),
    "4.3": ActionProgress(
        (ROUX,),
        (
            _u(2024, 9, 16, STARTED, IN_PROGRESS, 10),
            _u(2025, 3, 31, "Boîte à outils « réunion en mode QVT » réalisée.", IN_PROGRESS, 40, 0),
            _u(
                2025,
                12,
                19,
                "Expérimentation dans cinq structures : les réunions durent en moyenne vingt minutes de moins.",
                IN_PROGRESS,
                70,
                1,
            ),
            _u(
                2026,
                11,
                6,
                "Kit finalisé ; diffusion à toutes les entités prévue en décembre.",
                IN_PROGRESS,
                85,
            ),
        ),
    ),
    "4.4": ActionProgress(
        (MARCHAND,),
        (
            _u(
                2026,
                11,
                12,
                "Appel à volontaires lancé pour constituer le groupe action ; démarrage en janvier 2027.",
                PLANNED,
                0,
            ),
        ),
    ),
}
