"""The demo's field loop: discussion spaces in two schools and a DSDEN service, with sessions, proposals and the
steering committee's answers; two situation-problems (an overloaded reception desk, the coordination of
after-school staff) carried through to register risks and PAPRIPACT measures; a photo diagnosis with generated
images; one after-action review.

Everything goes through ``field.services`` as the programme lead and the facilitators would, so the links both
ways (situation-problem ↔ risk and measure, proposal ↔ plan action or measure) are the real ones. No person is
named in any text. Idempotent: nothing is added when the organisation already has a discussion space.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from demo.steps import Progress, silent
from field import services
from field.models import AcceptedAs, AnswerStatus, Space, SpaceProposal, StepStatus
from organisations.models import Organisation, Unit
from plans.models import Action
from prevention.models import WorkUnit

PILOT = "pilote@demo.qualivie.fr"
MANAGER = "encadrant@demo.qualivie.fr"
REP = "representant@demo.qualivie.fr"
AGENT = "agent@demo.qualivie.fr"
ADVISER = "prevention@demo.qualivie.fr"  # keeps the register and the programme


def _image(colour: tuple[int, int, int], shapes: int) -> SimpleUploadedFile:
    """A synthetic « photo »: a floor, a counter and a queue of grey silhouettes without faces."""
    image = Image.new("RGB", (1600, 1000), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 700, 1600, 1000), fill=(170, 160, 150))
    draw.rectangle((100, 450, 700, 720), fill=(120, 90, 60))
    for n in range(shapes):
        x = 800 + n * 110
        draw.rectangle((x, 420, x + 70, 760), fill=(110, 110, 120))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("diagnostic.jpg", out.getvalue(), content_type="image/jpeg")


def _work_unit(org: Organisation, unit: Unit, name: str, headcount: int) -> WorkUnit:
    work_unit = WorkUnit.objects.create(organisation=org, name=name, headcount=headcount)
    work_unit.units.add(unit)
    return work_unit


def _session(space: Space, by: User, days_ago: int, count: int, roles: str, themes: str, said: str) -> None:
    services.session_record(
        space=space,
        by=by,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        participant_count=count,
        participant_roles=roles,
        themes=themes,
        said=said,
    )


def _propose(space: Space, by: User, title: str, text: str, dimension: str = "") -> SpaceProposal:
    return services.proposal_create(
        space=space, by=by, title=title, text=text, session=space.sessions.first(), dimension=dimension
    )


def load_field_demo(org: Organisation, progress: Progress = silent) -> bool:
    if Space.objects.filter(organisation=org).exists():
        return False
    users = {u.email: u for u in User.objects.filter(email__in=[PILOT, MANAGER, REP, AGENT, ADVISER])}
    if len(users) < 5:
        return False
    pilot, manager, rep, agent = users[PILOT], users[MANAGER], users[REP], users[AGENT]
    adviser = users[ADVISER]
    units = {
        u.code: u for u in Unit.objects.filter(organisation=org, code__in=["C25-01", "L25-01", "DSDEN25-SG"])
    }
    if len(units) < 3:
        return False
    progress("Démo : espaces de discussion, situations-problèmes, diagnostic photo…")
    college, lycee, service = units["C25-01"], units["L25-01"], units["DSDEN25-SG"]

    college_space = services.space_create(
        organisation=org,
        by=pilot,
        name=f"Espace de discussion — {college.name}",
        unit=college,
        facilitators=[manager, rep],
        members=[agent],
        rules="On parle du travail, pas des personnes. Ce qui se dit ici reste ici ; seules les propositions "
        "sortent, rédigées ensemble. Une séance par mois, une heure, sur le temps de travail.",
    )
    _session(
        college_space,
        rep,
        40,
        8,
        "4 enseignants, 1 CPE, 2 AED, 1 agent d'accueil",
        "Interruptions, réunions tardives",
        "« On commence une tâche, on est appelé ailleurs, on ne finit rien. » Les réunions après 18 h "
        "empêchent de récupérer les enfants ; le groupe demande une heure limite.",
    )
    _session(
        college_space,
        manager,
        10,
        7,
        "3 enseignants, 2 AED, 1 CPE, 1 animateur périscolaire",
        "Sortie de 16 h 30, consignes",
        "« Deux listes d'élèves, deux consignes : on ne sait jamais qui part avec qui. »",
    )
    accepted = _propose(
        college_space,
        rep,
        "Pas de réunion après 17 h 30",
        "Fixer une heure limite pour toutes les réunions de l'établissement.",
        dimension="conditions",
    )
    services.proposal_answer(
        proposal=accepted,
        by=pilot,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.LOCAL_ACTION,
        text="Accepté : la direction l'inscrit au règlement intérieur dès la rentrée.",
    )
    plan_action = Action.objects.filter(plan__organisation=org).order_by("axis__number", "number").first()
    if plan_action is not None:
        as_action = _propose(
            college_space,
            manager,
            "Un temps d'accueil des nouveaux AED",
            "Une demi-journée d'accueil et un binôme pendant le premier mois.",
            dimension="accueil",
        )
        services.proposal_answer(
            proposal=as_action,
            by=pilot,
            status=AnswerStatus.ACCEPTED,
            accepted_as=AcceptedAs.PLAN_ACTION,
            action=plan_action,
            text="Repris dans l'action du plan académique.",
        )

    lycee_space = services.space_create(
        organisation=org,
        by=pilot,
        name=f"Espace de discussion — {lycee.name}",
        unit=lycee,
        facilitators=[rep],
        members=[agent],
        rules="Parole libre, pas de nom, pas de jugement ; le compte rendu est relu par le groupe.",
    )
    _session(
        lycee_space,
        rep,
        20,
        9,
        "6 enseignants, 2 agents techniques, 1 gestionnaire",
        "Salles, bruit, matériel",
        "« Les salles du bâtiment B sont trop bruyantes pour faire cours. »",
    )
    measure = _propose(
        lycee_space,
        rep,
        "Traiter l'acoustique du bâtiment B",
        "Panneaux absorbants dans les six salles les plus bruyantes.",
        dimension="conditions",
    )
    services.proposal_answer(
        proposal=measure,
        by=adviser,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.MEASURE,
        measure_title="Traitement acoustique du bâtiment B",
        measure_due_date=date(timezone.localdate().year, 12, 15),
    )
    refused = _propose(lycee_space, rep, "Une salle de sport pour le personnel", "Ouvrir le gymnase le midi.")
    services.proposal_answer(
        proposal=refused,
        by=pilot,
        status=AnswerStatus.REFUSED,
        text="Refusé : le gymnase appartient à la région, qui ne l'ouvre pas le midi. Nous posons la question "
        "au prochain conseil d'administration.",
    )

    service_space = services.space_create(
        organisation=org,
        by=pilot,
        name=f"Espace de discussion — {service.name}",
        unit=service,
        facilitators=[manager],
        members=[agent],
        rules="Une heure tous les quinze jours ; l'encadrant anime, le groupe décide de ce qui sort.",
    )
    _session(
        service_space,
        manager,
        35,
        6,
        "3 gestionnaires, 2 agents d'accueil, 1 secrétaire",
        "Accueil du public, téléphone",
        "« Le lundi matin, on ne sait plus où donner de la tête : le guichet et le téléphone en même temps. »",
    )
    studying = _propose(
        service_space, manager, "Un accueil téléphonique séparé", "Une ligne dédiée, tenue à tour de rôle."
    )
    services.proposal_answer(
        proposal=studying, by=pilot, status=AnswerStatus.STUDYING, text="À l'étude avec la DSI (standard)."
    )
    late = _propose(
        service_space, manager, "Des horaires d'ouverture réduits", "Fermer l'accueil le mercredi après-midi."
    )
    SpaceProposal.objects.filter(pk=late.pk).update(answer_due_on=timezone.localdate() - timedelta(days=5))

    reception = services.situation_create(
        organisation=org,
        by=manager,
        work_unit=_work_unit(org, service, f"Accueil — {service.name}", 6),
        space=service_space,
        title="Accueil saturé le lundi matin",
        occurred="chaque lundi, de 8 h à 10 h 30",
        place="banque d'accueil du rez-de-chaussée",
        roles="deux agents d'accueil, une gestionnaire en renfort, usagers",
        what_happened="une file d'une trentaine de personnes, des appels sans réponse, un usager excédé",
        problem="l'accueil physique et téléphonique reposent sur les mêmes personnes aux heures de pointe",
        consequences="tensions avec le public, fatigue, erreurs de saisie, arrêts courts",
        coping="on décroche moins le téléphone ; une gestionnaire descend quand elle peut",
        ideas="séparer l'accueil téléphonique ; prise de rendez-vous en ligne",
        dimension="conditions",
    )
    for text, axis, code in [
        ("guichet et téléphone en même temps", "intensity", "interruptions"),
        ("pic de fréquentation prévisible mais non anticipé", "intensity", "pace"),
        ("usagers excédés par l'attente", "emotional", "public_contact"),
    ]:
        services.cause_add(situation=reception, by=manager, text=text, axis=axis, sub_factor=code)
    services.step_add(
        situation=reception,
        by=manager,
        solution="ligne téléphonique dédiée, tenue à tour de rôle le lundi",
        owner="chef·fe du service",
        due_date=timezone.localdate() + timedelta(days=60),
        status=StepStatus.IN_PROGRESS,
    )
    services.situation_promote(
        situation=reception,
        by=adviser,
        danger_family="psychosocial",
        exposed_count=6,
        make_measure=True,
        measure_title="Séparer l'accueil téléphonique de l'accueil physique",
        measure_due_date=timezone.localdate() + timedelta(days=90),
    )
    for colour, shapes, caption, alt in [
        (
            (215, 225, 235),
            6,
            "La file d'attente un lundi à 8 h 45",
            "Une file de six silhouettes devant le guichet",
        ),
        (
            (230, 220, 200),
            0,
            "Le guichet et le téléphone côte à côte",
            "Un guichet vide avec un téléphone posé",
        ),
    ]:
        services.photo_add(
            by=manager,
            upload=_image(colour, shapes),
            caption=caption,
            alt_text=alt,
            situation=reception,
            no_identifiable_person=True,
        )

    periscolaire = services.situation_create(
        organisation=org,
        by=rep,
        work_unit=_work_unit(org, college, f"Vie scolaire et périscolaire — {college.name}", 14),
        space=college_space,
        title="Coordination des personnels du périscolaire",
        occurred="chaque soir à 16 h 30",
        place="cour, garderie et hall",
        roles="AED, animateurs périscolaires, CPE",
        what_happened="deux listes d'élèves différentes, des élèves attendus au mauvais endroit",
        problem="la vie scolaire et le périscolaire ne partagent ni liste ni consigne de sortie",
        consequences="inquiétude des familles, reproches croisés, sentiment de travail mal fait",
        coping="appels téléphoniques aux familles au cas par cas",
        ideas="une liste unique partagée ; un point de cinq minutes à 16 h 20",
    )
    for text, axis, code in [
        ("consignes différentes selon l'employeur", "intensity", "contradictions"),
        ("pas de temps commun entre les deux équipes", "relations", "colleagues"),
        ("impression de mal faire son travail", "values", "quality"),
    ]:
        services.cause_add(situation=periscolaire, by=rep, text=text, axis=axis, sub_factor=code)
    services.situation_promote(
        situation=periscolaire,
        by=adviser,
        danger_family="psychosocial",
        exposed_count=14,
        make_measure=True,
        measure_title="Liste unique et point de coordination quotidien à 16 h 20",
        measure_due_date=timezone.localdate() + timedelta(days=45),
    )
    services.photo_add(
        by=rep,
        upload=_image((200, 230, 205), 0),
        caption="Le hall à 16 h 30 : deux points de rendez-vous",
        alt_text="Un hall avec deux panneaux de rendez-vous éloignés",
        space=college_space,
        no_identifiable_person=True,
    )

    services.review_create(
        organisation=org,
        by=pilot,
        subject="Panne du réseau pendant les inscriptions au lycée",
        happened_on=timezone.localdate() - timedelta(days=60),
        what_happened="le réseau est tombé deux heures pendant la journée des inscriptions ; files d'attente, "
        "familles renvoyées au lendemain",
        analysis="aucune procédure dégradée n'était prévue ; le contact de la DSI n'était pas affiché ; "
        "personne n'est en cause, l'organisation n'avait pas prévu ce cas",
        lessons="prévoir des formulaires papier et une fiche réflexe ; afficher le numéro d'astreinte",
        actions="fiche réflexe rédigée avec l'équipe de direction ; exercice avant chaque période d'inscription",
    )
    return True
