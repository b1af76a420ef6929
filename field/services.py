"""Writes of the field loop. Each one is a keyword-only function in one transaction; e-mails go through a job."""

from __future__ import annotations

import datetime
import io
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.jobs import enqueue_on_commit
from core.models import Job, JobStatus
from field import perms
from field.models import (
    DEFAULT_ANSWER_DAYS,
    AcceptedAs,
    AfterActionReview,
    AnswerStatus,
    Cause,
    FieldSettings,
    Photo,
    PlanStep,
    SituationProblem,
    Space,
    SpaceProposal,
    SpaceSession,
)
from organisations.models import Organisation, Unit
from plans.models import Action
from prevention import services as prevention_services
from prevention.models import Measure, Risk, WorkUnit
from prevention.perms import can_keep

MAX_PIXELS = 2000
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
Image.MAX_IMAGE_PIXELS = 60_000_000  # a decompression bomb is refused rather than decoded

PHOTO_REFUSAL = _(
    "Photo refusée : attestez qu'aucune personne n'est identifiable, ou enregistrez le consentement des "
    "personnes photographiées, à la prise de vue et à la diffusion."
)


def _need(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def settings_for(organisation: Organisation) -> FieldSettings:
    found, _created = FieldSettings.objects.get_or_create(organisation=organisation)
    return found


def answer_days(organisation: Organisation) -> int:
    found = (
        FieldSettings.objects.filter(organisation=organisation).values_list("answer_days", flat=True).first()
    )
    return found if found is not None else DEFAULT_ANSWER_DAYS


@transaction.atomic
def settings_update(
    *, organisation: Organisation, by: Any, answer_days: int, committee: Iterable[Any]
) -> None:
    _need(perms.can_configure(by, organisation))
    if not 1 <= answer_days <= 365:
        raise ValidationError({"answer_days": _("Le délai va de 1 à 365 jours.")})
    found = settings_for(organisation)
    found.answer_days = answer_days
    found.save(update_fields=["answer_days"])
    found.committee.set(list(committee))


# --- Spaces ------------------------------------------------------------------------------------------------


def _check_space(
    organisation: Organisation, unit: Unit | None, work_unit: WorkUnit | None, facilitators: list[Any]
) -> None:
    errors: dict[str, Any] = {}
    if (unit is None) == (work_unit is None):
        errors["unit"] = _("Choisissez une unité ou une unité de travail (l'une des deux).")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors["unit"] = _("Cette unité n'appartient pas à l'organisation.")
    if work_unit is not None and work_unit.organisation_id != organisation.pk:
        errors["work_unit"] = _("Cette unité de travail n'appartient pas à l'organisation.")
    if not 1 <= len(facilitators) <= 2:
        errors["facilitators"] = _(
            "Un espace a un ou deux animateurs (par ex. un encadrant et un représentant)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def space_create(
    *,
    organisation: Organisation,
    by: Any,
    name: str,
    unit: Unit | None = None,
    work_unit: WorkUnit | None = None,
    facilitators: Iterable[Any],
    members: Iterable[Any] = (),
    rules: str = "",
) -> Space:
    _need(perms.can_create_space(by, organisation))
    leads = list(facilitators)
    _check_space(organisation, unit, work_unit, leads)
    space = Space(organisation=organisation, name=name, unit=unit, work_unit=work_unit, rules=rules)
    space.full_clean()
    space.save()
    space.facilitators.set(leads)
    space.members.set(list(members))
    return space


@transaction.atomic
def space_update(
    *, space: Space, by: Any, name: str, rules: str, facilitators: Iterable[Any], members: Iterable[Any]
) -> Space:
    _need(perms.can_run_space(by, space))
    leads = list(facilitators)
    _check_space(space.organisation, space.unit, space.work_unit, leads)
    space.name, space.rules = name, rules
    space.full_clean()
    space.save(update_fields=["name", "rules"])
    space.facilitators.set(leads)
    space.members.set(list(members))
    return space


@transaction.atomic
def session_record(
    *,
    space: Space,
    by: Any,
    held_on: datetime.date,
    participant_count: int,
    participant_roles: str,
    themes: str,
    said: str,
) -> SpaceSession:
    _need(perms.can_run_space(by, space))
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("Une séance se note une fois tenue : la date est dans le futur.")}
        )
    session = SpaceSession(
        space=space,
        held_on=held_on,
        participant_count=participant_count,
        participant_roles=participant_roles,
        themes=themes,
        said=said,
        created_by=by,
    )
    session.full_clean()
    session.save()
    return session


def _check_links(organisation: Organisation, actions: list[Action]) -> None:
    if any(action.plan.organisation_id != organisation.pk for action in actions):
        raise ValidationError({"actions": _("Ces actions n'appartiennent pas au plan de l'organisation.")})


@transaction.atomic
def proposal_create(
    *,
    space: Space,
    by: Any,
    title: str,
    text: str,
    session: SpaceSession | None = None,
    dimension: str = "",
    actions: Iterable[Action] = (),
) -> SpaceProposal:
    """Record a proposal of the space: it goes at once to the steering committee, which answers by a date."""
    _need(perms.can_run_space(by, space))
    linked = list(actions)
    _check_links(space.organisation, linked)
    if session is not None and session.space_id != space.pk:
        raise ValidationError({"session": _("Cette séance n'est pas celle de l'espace.")})
    due = timezone.localdate() + datetime.timedelta(days=answer_days(space.organisation))
    proposal = SpaceProposal(
        space=space,
        session=session,
        title=title,
        text=text,
        dimension=dimension,
        created_by=by,
        answer_due_on=due,
    )
    proposal.full_clean()
    proposal.save()
    proposal.actions.set(linked)
    return proposal


@transaction.atomic
def proposal_answer(
    *,
    proposal: SpaceProposal,
    by: Any,
    status: str,
    text: str = "",
    accepted_as: str = "",
    action: Action | None = None,
    measure_title: str = "",
    measure_due_date: datetime.date | None = None,
) -> SpaceProposal:
    """The steering committee answers: accepted (as a plan action, a local action or a new PAPRIPACT measure),
    refused with a reason, or under study. The space's people are e-mailed the answer by a background job."""
    _need(perms.can_answer(by, proposal))
    organisation = proposal.space.organisation
    if proposal.is_final:
        raise ValidationError(_("Cette proposition a déjà reçu une réponse définitive."))
    errors: dict[str, str] = {}
    measure: Measure | None = None
    if status == AnswerStatus.REFUSED and not text.strip():
        errors["text"] = _("Indiquez le motif du refus : l'espace le lira.")
    if status == AnswerStatus.ACCEPTED:
        if accepted_as == AcceptedAs.PLAN_ACTION and action is None:
            errors["action"] = _("Choisissez l'action du plan qui reprend la proposition.")
        elif (
            accepted_as == AcceptedAs.PLAN_ACTION
            and action
            and action.plan.organisation_id != organisation.pk
        ):
            errors["action"] = _("Cette action n'appartient pas au plan de l'organisation.")
        elif accepted_as == AcceptedAs.LOCAL_ACTION and not text.strip():
            errors["text"] = _("Décrivez l'action locale décidée.")
        elif accepted_as not in AcceptedAs.values:
            errors["accepted_as"] = _("Dites sous quelle forme la proposition est acceptée.")
    elif status not in (AnswerStatus.REFUSED, AnswerStatus.STUDYING):
        errors["status"] = _("Choisissez une réponse.")
    if errors:
        raise ValidationError(errors)
    if status == AnswerStatus.ACCEPTED and accepted_as == AcceptedAs.MEASURE:
        try:
            measure = prevention_services.measure_create(
                organisation=organisation,
                by=by,
                title=(measure_title or proposal.title)[:250],
                description=proposal.text,
                due_date=measure_due_date,
                by_committee=not can_keep(
                    by, organisation
                ),  # a committee member (checked above), not a keeper
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "due_date" in error.error_dict:
                raise ValidationError({"measure_due_date": error.error_dict["due_date"]}) from error
            raise
    proposal.status = status
    proposal.accepted_as = accepted_as if status == AnswerStatus.ACCEPTED else ""
    proposal.answer_text = text
    proposal.answer_action = action if proposal.accepted_as == AcceptedAs.PLAN_ACTION else None
    proposal.answer_measure = measure
    proposal.answered_at, proposal.answered_by = timezone.now(), by
    proposal.full_clean()
    proposal.save()
    if proposal.answer_action is not None:
        proposal.actions.add(proposal.answer_action)
    job = Job.objects.create(
        organisation=organisation,
        owner=by,
        kind="field_answer_emails",
        label=_("Envoi de la réponse aux membres de l'espace « %(s)s »") % {"s": proposal.space.name},
    )
    enqueue_on_commit("field.tasks.send_answer_emails", proposal_id=proposal.pk, job_id=str(job.pk))
    return proposal


def answer_emails_send(*, proposal_id: int, job_id: str) -> None:
    """E-mail the answer to each facilitator and member of the space (run by the worker)."""
    job = Job.objects.get(pk=job_id)
    proposal = SpaceProposal.objects.select_related("space").get(pk=proposal_id)
    space = proposal.space
    people = {user.pk: user for user in [*space.facilitators.all(), *space.members.all()] if user.email}
    job.start()
    job.advance(0, total=len(people))
    url = settings.SITE_URL + reverse("field:proposal", args=[proposal.pk])
    subject = _("Réponse du comité de pilotage : %(t)s") % {"t": proposal.title}
    body = "\n".join(
        [
            _("Le comité de pilotage a répondu à la proposition de l'espace « %(s)s » :") % {"s": space.name},
            "",
            f"« {proposal.title} »",
            _("Réponse : %(r)s") % {"r": proposal.get_status_display()},
            *([str(proposal.get_accepted_as_display())] if proposal.accepted_as else []),
            *([proposal.answer_text] if proposal.answer_text else []),
            "",
            _("La réponse complète : %(url)s") % {"url": url},
        ]
    )
    connection = get_connection()
    sent = failed = 0
    for user in people.values():
        message = EmailMessage(subject=subject, body=body, to=[user.email], connection=connection)
        try:
            message.send()
            sent += 1
        except (smtplib.SMTPException, OSError):
            connection.close()
            failed += 1
        job.advance(sent + failed)
    connection.close()
    text = _("%(n)s e-mail(s) envoyé(s).") % {"n": sent}
    if failed:
        text += " " + _("%(n)s échec(s).") % {"n": failed}
    job.finish(JobStatus.DONE, text)


# --- Situation-problems -------------------------------------------------------------------------------------


@transaction.atomic
def situation_create(
    *,
    organisation: Organisation,
    by: Any,
    work_unit: WorkUnit,
    space: Space | None = None,
    actions: Iterable[Action] = (),
    **fields: Any,
) -> SituationProblem:
    _need(perms.can_create_situation(by, organisation))
    if space is not None and not perms.can_run_space(by, space):
        raise ValidationError({"space": _("Vous n'animez pas cet espace.")})
    if work_unit.organisation_id != organisation.pk:
        raise ValidationError({"work_unit": _("Cette unité de travail n'appartient pas à l'organisation.")})
    linked = list(actions)
    _check_links(organisation, linked)
    situation = SituationProblem(
        organisation=organisation, work_unit=work_unit, space=space, created_by=by, **fields
    )
    situation.full_clean()
    situation.save()
    situation.actions.set(linked)
    return situation


@transaction.atomic
def situation_update(
    *, situation: SituationProblem, by: Any, actions: Iterable[Action] = (), **fields: Any
) -> SituationProblem:
    """Complete or correct the template as the analysis goes on (work unit and space stay)."""
    _need(perms.can_edit_situation(by, situation))
    for fixed in ("work_unit", "space"):
        fields.pop(fixed, None)
    linked = list(actions)
    _check_links(situation.organisation, linked)
    for name, value in fields.items():
        setattr(situation, name, value)
    situation.full_clean()
    situation.save()
    situation.actions.set(linked)
    return situation


@transaction.atomic
def proposal_link(*, proposal: SpaceProposal, by: Any, dimension: str, actions: Iterable[Action]) -> None:
    """Link a proposal to a barometer dimension and to the plan actions that answer it."""
    _need(perms.can_run_space(by, proposal.space))
    linked = list(actions)
    _check_links(proposal.space.organisation, linked)
    proposal.dimension = dimension
    proposal.full_clean()
    proposal.save(update_fields=["dimension"])
    proposal.actions.set(linked)


@transaction.atomic
def cause_add(*, situation: SituationProblem, by: Any, text: str, axis: str, sub_factor: str) -> Cause:
    from field.gollac import SUB_FACTORS

    _need(perms.can_edit_situation(by, situation))
    if sub_factor not in dict(SUB_FACTORS.get(axis, [])):
        raise ValidationError({"factor": _("Choisissez un facteur de l'axe.")})
    cause = Cause(situation=situation, text=text, axis=axis, sub_factor=sub_factor)
    cause.full_clean()
    cause.save()
    return cause


@transaction.atomic
def step_add(
    *,
    situation: SituationProblem,
    by: Any,
    solution: str,
    owner: str,
    due_date: datetime.date | None,
    status: str,
) -> PlanStep:
    _need(perms.can_edit_situation(by, situation))
    step = PlanStep(situation=situation, solution=solution, owner=owner, due_date=due_date, status=status)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_set_status(*, step: PlanStep, by: Any, status: str) -> PlanStep:
    _need(perms.can_edit_situation(by, step.situation))
    step.status = status
    step.full_clean()
    step.save(update_fields=["status"])
    return step


@transaction.atomic
def situation_promote(
    *,
    situation: SituationProblem,
    by: Any,
    danger_family: str,
    exposed_count: int | None = None,
    make_risk: bool = True,
    make_measure: bool = False,
    measure_title: str = "",
    measure_due_date: datetime.date | None = None,
) -> tuple[Risk | None, Measure | None]:
    """In one step, a register risk (exposure situation = the problem, axis = the causes' main axis) and/or a
    PAPRIPACT measure (treating that risk), both linked back to the situation-problem."""
    _need(perms.can_promote(by, situation))
    if not make_risk and not make_measure:
        raise ValidationError(_("Choisissez un risque, une mesure, ou les deux."))
    if make_measure and not measure_title.strip():
        raise ValidationError({"measure_title": _("Donnez un intitulé à la mesure.")})
    risk = measure = None
    if make_risk:
        axes = [cause.axis for cause in situation.causes.all()]
        main_axis = max(set(axes), key=axes.count) if axes else ""
        risk = prevention_services.risk_create(
            organisation=situation.organisation,
            by=by,
            work_unit=situation.work_unit,
            danger_family=danger_family,
            exposure_situation=f"{situation.title} — {situation.problem}"[:2000],
            gollac_axis=main_axis,
            exposed_count=exposed_count,
            existing_measures=situation.coping,
        )
        situation.risks.add(risk)
    if make_measure:
        measure = prevention_services.measure_create(
            organisation=situation.organisation,
            by=by,
            title=measure_title.strip()[:250],
            description=situation.ideas,
            risks=[risk] if risk else [],
            due_date=measure_due_date,
        )
        situation.measures.add(measure)
    return risk, measure


# --- Photos ---------------------------------------------------------------------------------------------------


def clean_image(upload: UploadedFile) -> bytes:
    """The image re-encoded as a JPEG with no EXIF (GPS included) nor any other metadata, at most 2000 px."""
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"image": _("Image trop lourde (15 Mo au plus).")})
    try:
        with Image.open(upload) as source:
            source.load()
            image = ImageOps.exif_transpose(source) or source
            image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError({"image": _("Ce fichier n'est pas une image JPEG ou PNG lisible.")}) from error
    image.thumbnail((MAX_PIXELS, MAX_PIXELS))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)  # no exif=…: nothing is copied over
    return out.getvalue()


@transaction.atomic
def photo_add(
    *,
    by: Any,
    upload: UploadedFile,
    caption: str,
    alt_text: str,
    space: Space | None = None,
    situation: SituationProblem | None = None,
    no_identifiable_person: bool = False,
    people_count: int | None = None,
    consent_capture: bool = False,
    consent_publish: bool = False,
    consent_on: datetime.date | None = None,
    consent_how: str = "",
) -> Photo:
    if space is not None:
        _need(perms.can_run_space(by, space))
        organisation = space.organisation
    elif situation is not None:
        _need(perms.can_edit_situation(by, situation))
        organisation = situation.organisation
    else:
        raise ValueError("a photo belongs to a space or a situation-problem")
    consented = bool(
        people_count and consent_capture and consent_publish and consent_on and consent_how.strip()
    )
    if not no_identifiable_person and not consented:
        raise ValidationError(PHOTO_REFUSAL)
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Décrivez la photo pour les personnes qui ne la voient pas.")})
    photo = Photo(
        organisation=organisation,
        space=space,
        situation=situation,
        caption=caption,
        alt_text=alt_text,
        no_identifiable_person=no_identifiable_person,
        people_count=None if no_identifiable_person else people_count,
        consent_capture=consent_capture,
        consent_publish=consent_publish,
        consent_on=consent_on,
        consent_how=consent_how,
        uploaded_by=by,
    )
    photo.image.save("photo.jpg", ContentFile(clean_image(upload)), save=False)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def photo_withdraw_consent(*, photo: Photo, by: Any, reason: str = "") -> None:
    """Consent withdrawn: the photo is hidden at once and its file erased (the record says when and why)."""
    _need(perms.can_withdraw_photo(by, photo))
    photo.withdrawn_at, photo.withdrawn_reason = timezone.now(), reason
    photo.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    name = photo.image.name
    storage = photo.image.storage
    transaction.on_commit(lambda: storage.delete(name))


# --- After-action reviews --------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, organisation: Organisation, by: Any, **fields: Any) -> AfterActionReview:
    _need(perms.can_write_review(by, organisation))
    review = AfterActionReview(organisation=organisation, created_by=by, **fields)
    review.full_clean()
    review.save()
    return review
