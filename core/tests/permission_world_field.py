"""The field part of the permission matrix's world (``core/tests/permission_world.py``).

A discussion space on the school (the manager facilitates it, the agent is a member) with a session, a proposal
waiting for the steering committee's answer and a photo (no identifiable person); a situation-problem written by
the manager in that space; a blame-free after-action review. Made with the services, as people would.
"""

from __future__ import annotations

import dataclasses
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from field import services as field_services
from field.models import AfterActionReview, Photo, SituationProblem, Space, SpaceProposal
from organisations.models import Organisation, Unit
from prevention.models import WorkUnit


@dataclasses.dataclass
class FieldWorld:
    field_space: Space
    field_proposal: SpaceProposal  # waiting for the committee's answer
    field_situation: SituationProblem  # written by the manager, from the space
    field_photo: Photo  # uploaded by the manager to the space
    field_review: AfterActionReview


def _jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 140, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("couloir.jpg", out.getvalue(), content_type="image/jpeg")


def build_field_world(*, organisation: Organisation, school: Unit, users: dict[str, User]) -> FieldWorld:
    pilot, manager, agent = users["programme_lead"], users["manager"], users["agent"]
    space = field_services.space_create(
        organisation=organisation,
        by=pilot,
        name="Espace de discussion du collège",
        unit=school,
        facilitators=[manager],
        members=[agent],
        rules="On parle du travail, pas des personnes.",
    )
    session = field_services.session_record(
        space=space,
        by=manager,
        held_on=timezone.localdate(),
        participant_count=7,
        participant_roles="4 enseignants, 1 CPE, 2 AED",
        themes="Interruptions, réunions tardives",
        said="les réunions après 18 h empêchent de récupérer",
    )
    proposal = field_services.proposal_create(
        space=space,
        by=manager,
        session=session,
        title="Pas de réunion après 17 h 30",
        text="fixer une heure limite pour les réunions",
    )
    work_unit = WorkUnit.objects.create(organisation=organisation, name="Collège Victor-Hugo")
    work_unit.units.add(school)
    situation = field_services.situation_create(
        organisation=organisation,
        by=manager,
        work_unit=work_unit,
        space=space,
        title="Coordination du périscolaire",
        occurred="chaque soir à 16 h 30",
        place="cour et garderie",
        roles="animateurs, AED",
        what_happened="les consignes de sortie se contredisent",
        problem="deux équipes, deux listes d'élèves",
        consequences="élèves attendus au mauvais endroit",
    )
    photo = field_services.photo_add(
        by=manager,
        upload=_jpeg(),
        caption="Le couloir à 16 h 30",
        alt_text="Un couloir encombré de cartables",
        space=space,
        no_identifiable_person=True,
    )
    review = field_services.review_create(
        organisation=organisation,
        by=pilot,
        subject="Panne du réseau pendant les inscriptions",
        what_happened="deux heures sans réseau",
        analysis="aucune procédure dégradée",
        lessons="prévoir des formulaires papier",
    )
    return FieldWorld(
        field_space=space,
        field_proposal=proposal,
        field_situation=situation,
        field_photo=photo,
        field_review=review,
    )
