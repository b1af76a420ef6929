"""Demo register (DUERP) of the Doubs département office (DSDEN 25) and this year's prevention programme.

About thirty risks across the DSDEN's work units (its services, and the public reception desk split out of the
secretariat), psychosocial ones with their Gollac axis, a few from an RPS grid; one published version (eight
months old) and a draft with later edits; this year's PAPRIPACT submitted to the F3SCT, with its opinion, and
adopted. Everything goes through ``prevention.services``, as the prevention adviser would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from demo.steps import Progress, silent
from organisations.models import Organisation, Unit
from prevention import selectors, services
from prevention.models import Programme, RegisterVersion, WorkUnit

ADVISER_EMAIL = "prevention@demo.qualivie.fr"
MANAGER_EMAIL = "encadrant@demo.qualivie.fr"
REP_EMAIL = "representant@demo.qualivie.fr"
DSDEN = "DSDEN25"
RECEPTION = "Accueil du public de la DSDEN du Doubs"

# (work unit: a unit code or RECEPTION, danger family, Gollac axis, exposure situation, people exposed,
#  existing measures, method, inputs)
RISKS = [
    (
        "DSDEN25-SG",
        "screen",
        "",
        "Travail prolongé sur écran (gestion administrative, messagerie)",
        14,
        "Écrans réglables, repose-poignets à la demande",
        "french",
        {"severity": 5, "frequency": 9},
    ),
    (
        "DSDEN25-SG",
        "fall_same_level",
        "",
        "Circulation dans les couloirs encombrés de cartons d'archives",
        14,
        "",
        "gf4",
        {"gravity": 2, "frequency": 2},
    ),
    (
        "DSDEN25-SG",
        "psychosocial",
        "intensity",
        "Pics d'activité à la rentrée et lors des mouvements",
        14,
        "Planning partagé des échéances",
        "french",
        {"severity": 7, "frequency": 7},
    ),
    (
        "DSDEN25-SG",
        "fire",
        "",
        "Local d'archives sans détection automatique",
        20,
        "Extincteurs vérifiés chaque année",
        "kinney",
        {"probability": 1, "frequency": 4, "effect": 10},
    ),
    (
        "DSDEN25-SG",
        "electrical",
        "",
        "Multiprises en cascade dans les bureaux du 2e étage",
        8,
        "",
        "gf4",
        {"gravity": 3, "frequency": 2},
    ),
    (
        "DSDEN25-RH1D",
        "psychosocial",
        "intensity",
        "Volume de dossiers de remplacement en période d'épidémie",
        11,
        "Renfort ponctuel de vacataires",
        "french",
        {"severity": 7, "frequency": 9},
    ),
    (
        "DSDEN25-RH1D",
        "psychosocial",
        "emotional",
        "Appels d'enseignants en difficulté ou en colère",
        11,
        "Consignes d'orientation vers la cellule d'écoute",
        "french",
        {"severity": 5, "frequency": 7},
    ),
    (
        "DSDEN25-RH1D",
        "psychosocial",
        "values",
        "Impossibilité de satisfaire les demandes de mutation",
        11,
        "",
        "gf4",
        {"gravity": 2, "frequency": 3},
    ),
    (
        "DSDEN25-RH1D",
        "screen",
        "",
        "Saisie intensive dans les applications de gestion",
        11,
        "Écrans doubles",
        "gf4",
        {"gravity": 2, "frequency": 4},
    ),
    (
        "DSDEN25-RH1D",
        "manual_handling",
        "",
        "Port de cartons de dossiers papier vers les archives",
        4,
        "Chariot disponible",
        "gf4",
        {"gravity": 2, "frequency": 1},
    ),
    (
        "DSDEN25-SDEI",
        "road",
        "",
        "Déplacements en voiture vers les écoles du département",
        9,
        "Véhicules de service entretenus, formation éco-conduite",
        "kinney",
        {"probability": 3, "frequency": 7, "effect": 5},
    ),
    (
        "DSDEN25-SDEI",
        "psychosocial",
        "emotional",
        "Équipes de suivi de la scolarisation avec des familles en détresse",
        9,
        "Analyse de pratiques trimestrielle",
        "french",
        {"severity": 7, "frequency": 7},
    ),
    (
        "DSDEN25-SDEI",
        "psychosocial",
        "relations",
        "Coordination avec les partenaires médico-sociaux",
        9,
        "",
        "gf4",
        {"gravity": 2, "frequency": 2},
    ),
    (
        "DSDEN25-SDEI",
        "violence",
        "",
        "Agressivité de familles lors des réunions",
        9,
        "Réunions à deux, salle proche de l'accueil",
        "french",
        {"severity": 5, "frequency": 3},
    ),
    (
        "DSDEN25-SDEI",
        "thermal",
        "",
        "Bureaux sous toiture, chaleur en juin",
        9,
        "Ventilateurs",
        "gf4",
        {"gravity": 2, "frequency": 2},
    ),
    (
        "DSDEN25-SANTE",
        "biological",
        "",
        "Contact avec des élèves malades lors des visites médicales",
        6,
        "Gants, gel hydroalcoolique, vaccinations à jour",
        "french",
        {"severity": 5, "frequency": 7},
    ),
    (
        "DSDEN25-SANTE",
        "psychosocial",
        "emotional",
        "Situations de maltraitance signalées",
        6,
        "Supervision par le médecin conseiller technique",
        "french",
        {"severity": 10, "frequency": 3},
    ),
    (
        "DSDEN25-SANTE",
        "road",
        "",
        "Trajets entre les établissements du secteur",
        6,
        "",
        "kinney",
        {"probability": 3, "frequency": 4, "effect": 5},
    ),
    (
        "DSDEN25-SANTE",
        "psychosocial",
        "insecurity",
        "Postes vacants de médecins et d'infirmières",
        6,
        "",
        "gf4",
        {"gravity": 3, "frequency": 3},
    ),
    (
        "DSDEN25-SANTE",
        "chemical",
        "",
        "Produits de désinfection de l'infirmerie",
        3,
        "Fiches de données de sécurité affichées",
        "gf4",
        {"gravity": 2, "frequency": 2},
    ),
    (
        RECEPTION,
        "violence",
        "",
        "Accueil physique et téléphonique du public, usagers mécontents",
        4,
        "Bouton d'alerte, consignes",
        "french",
        {"severity": 7, "frequency": 7},
    ),
    (
        RECEPTION,
        "psychosocial",
        "emotional",
        "Exposition répétée à l'agressivité verbale",
        4,
        "",
        "french",
        {"severity": 7, "frequency": 9},
    ),
    (
        RECEPTION,
        "noise",
        "",
        "Hall d'accueil réverbérant aux heures d'affluence",
        4,
        "",
        "gf4",
        {"gravity": 2, "frequency": 3},
    ),
    (
        RECEPTION,
        "thermal",
        "",
        "Courants d'air à la porte d'entrée en hiver",
        4,
        "Chauffage d'appoint",
        "gf4",
        {"gravity": 1, "frequency": 3},
    ),
    (
        RECEPTION,
        "psychosocial",
        "autonomy",
        "Horaires d'ouverture imposés sans marge pour les pauses",
        4,
        "",
        "gf4",
        {"gravity": 2, "frequency": 3},
    ),
    (
        DSDEN,
        "psychosocial",
        "insecurity",
        "Réorganisation des services départementaux annoncée",
        70,
        "Réunions d'information",
        "french",
        {"severity": 5, "frequency": 3},
    ),
    (
        DSDEN,
        "fall_height",
        "",
        "Accès aux rayonnages hauts des archives",
        5,
        "Escabeau à plateforme",
        "gf4",
        {"gravity": 3, "frequency": 1},
    ),
    (
        DSDEN,
        "traffic",
        "",
        "Parking partagé avec les livraisons",
        70,
        "Marquage au sol",
        "gf4",
        {"gravity": 3, "frequency": 1},
    ),
]
# Lines added after the publication: the draft of the next version.
DRAFT_RISKS = [
    (
        RECEPTION,
        "psychosocial",
        "intensity",
        "Afflux d'appels lors de la publication des affectations",
        4,
        "",
        "french",
        {"severity": 5, "frequency": 7},
    ),
    (
        "DSDEN25-SG",
        "lighting",
        "",
        "Éclairage insuffisant des bureaux en rez-de-jardin",
        6,
        "",
        "gf4",
        {"gravity": 1, "frequency": 4},
    ),
]
MEASURES = [
    ("Formation à la gestion des situations de tension à l'accueil", [20, 21], "done", "2500", "2300", 3),
    ("Traitement acoustique du hall d'accueil", [22], "in_progress", "8000", None, 6),
    ("Bouton d'alerte relié au secrétariat général", [20], "done", "600", "540", 2),
    ("Groupe d'analyse de pratiques pour le service de santé", [16, 18], "planned", "1800", None, 9),
    ("Plan de charge partagé en période de rentrée", [2, 5], "in_progress", "0", None, 10),
    ("Détection automatique d'incendie dans le local d'archives", [3], "planned", "12000", None, 11),
    ("Remplacement des multiprises par des prises murales", [4], "done", "1500", "1720", 4),
    ("Stage de conduite préventive pour les équipes itinérantes", [10, 17], "not_done", "3000", None, 5),
]
OPINION = (
    "La formation spécialisée en santé, sécurité et conditions de travail émet un avis favorable au programme. "
    "Elle demande que le traitement acoustique du hall soit achevé avant la rentrée et qu'un bilan des "
    "situations de tension à l'accueil lui soit présenté au dernier trimestre."
)


def _work_units(org: Organisation, adviser: User) -> dict[str, WorkUnit]:
    services.work_units_default(org)
    dsden = Unit.objects.get(organisation=org, code=DSDEN)
    codes = [DSDEN, *(f"{DSDEN}-{s}" for s in ("SG", "RH1D", "SDEI", "SANTE"))]
    by_code = {u.code: u.work_units.get() for u in Unit.objects.filter(organisation=org, code__in=codes)}
    secretariat = Unit.objects.get(organisation=org, code=f"{DSDEN}-SG")
    by_code[RECEPTION] = services.work_unit_create(
        organisation=org,
        by=adviser,
        name=RECEPTION,
        code="DSDEN25-ACCUEIL",
        units=[secretariat],
        description="Découpée du secrétariat général : deux agents d'accueil et deux standardistes.",
        headcount=4,
    )
    assert dsden.pk
    return by_code


def _add(
    org: Organisation, adviser: User, owner: User, units: dict[str, WorkUnit], rows: list, on: datetime.date
) -> list:
    risks = []
    for i, (code, family, axis, situation, exposed, existing, method, inputs) in enumerate(rows):
        risk = services.risk_create(
            organisation=org,
            by=adviser,
            work_unit=units[code],
            danger_family=family,
            gollac_axis=axis,
            exposure_situation=situation,
            exposed_count=exposed,
            existing_measures=existing,
            owner=owner if i % 3 == 0 else adviser,
        )
        services.risk_assess(risk=risk, by=adviser, method=method, inputs=inputs, evaluated_on=on)
        risks.append(risk)
    return risks


def load_prevention_demo(org: Organisation, progress: Progress = silent) -> bool:
    """The DSDEN's register and this year's programme; False if they are already there."""
    if RegisterVersion.objects.filter(organisation=org).exists():
        return False
    adviser = User.objects.get(email=ADVISER_EMAIL)
    manager = User.objects.get(email=MANAGER_EMAIL)
    rep = User.objects.get(email=REP_EMAIL)
    progress(f"Démo : document unique de la DSDEN du Doubs ({len(RISKS) + len(DRAFT_RISKS)} risques)…")
    today = timezone.localdate()
    published_on = today - datetime.timedelta(days=240)
    units = _work_units(org, adviser)
    risks = _add(org, adviser, manager, units, RISKS, published_on - datetime.timedelta(days=20))

    # A grid of the RPS-DU tool answered by the reception team, turned into register lines.
    questions = selectors.rps_questions(org)
    grid = services.rps_grid_create(
        organisation=org,
        by=adviser,
        work_unit=units["DSDEN25-RH1D"],
        held_on=published_on - datetime.timedelta(days=30),
        participant_count=7,
        participant_roles="5 gestionnaires, 1 cheffe de bureau, 1 secrétaire",
        answers={q.pk: 3 if q.family in ("hours", "relations") else 2 for q in questions},
    )
    risks += services.rps_grid_to_risks(grid=grid, by=adviser)

    version = services.register_publish(organisation=org, by=adviser)
    RegisterVersion.objects.filter(pk=version.pk).update(  # the demo's story: published eight months ago
        valid_from=published_on,
        published_at=timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(10))),
        keep_until=published_on.replace(year=published_on.year + services.KEEP_YEARS),
    )
    # The draft of the next version: later edits and new lines.
    services.risk_update(
        risk=risks[21],
        by=adviser,
        existing_measures="Formation à la gestion des tensions suivie par toute l'équipe d'accueil",
    )
    _add(org, adviser, manager, units, DRAFT_RISKS, today - datetime.timedelta(days=15))

    progress(
        f"Démo : programme annuel de prévention {today.year} ({len(MEASURES)} mesures) et avis de la F3SCT…"
    )
    measures = []
    for title, risk_numbers, status, estimated, actual, month in MEASURES:
        measure = services.measure_create(
            organisation=org,
            by=adviser,
            title=title,
            risks=[risks[n] for n in risk_numbers],
            owner=manager,
            due_date=datetime.date(today.year, month, 28),
        )
        services.measure_update(
            measure=measure,
            by=adviser,
            start_date=datetime.date(today.year, 1, 15),
            estimated_cost=Decimal(estimated),
            resources="Budget de la DSDEN" if estimated != "0" else "Temps de l'encadrement",
            contributors="Conseiller·ère de prévention, secrétariat général",
            target="Aucune agression signalée à l'accueil sur le trimestre" if "accueil" in title else "",
        )
        measures.append((measure, status, actual))
    programme = services.programme_for_year(organisation=org, year=today.year, by=adviser)
    services.programme_submit(programme=programme, by=adviser, meeting_date=datetime.date(today.year, 1, 20))
    services.programme_record_opinion(
        programme=programme, by=rep, text=OPINION, votes_for=6, votes_against=0, votes_abstain=2
    )
    services.programme_adopt(programme=programme, by=adviser)
    for measure, status, actual in measures:
        if status == "done":
            services.measure_complete(measure=measure, by=adviser, actual_cost=Decimal(actual or "0"))
        elif status == "not_done":
            services.measure_update(
                measure=measure,
                by=adviser,
                status=status,
                not_done_reason="Prestataire indisponible, reporté",
            )
        elif status != "planned":
            services.measure_update(measure=measure, by=adviser, status=status)
    assert Programme.objects.filter(organisation=org, year=today.year).exists()
    return True
