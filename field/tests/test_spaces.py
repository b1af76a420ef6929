"""Discussion spaces: sessions and proposals, the steering committee's answers, late answers, who sees what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus
from core.tests.factories import OrganisationFactory, PersonFactory, UnitFactory, UserFactory
from core.tests.smtp import body_of
from field import selectors, services
from field.models import AcceptedAs, AnswerStatus, FieldSettings, SpaceProposal
from prevention.models import Measure, Programme, ProgrammeStatus

pytestmark = pytest.mark.django_db


def _proposal(space, by, title="Un temps d'échange en début de semaine"):
    return services.proposal_create(space=space, by=by, title=title, text="Dix minutes le lundi matin.")


def test_a_proposal_is_due_within_the_organisations_answer_time(space, manager, organisation):
    assert _proposal(space, manager).answer_due_on == timezone.localdate() + datetime.timedelta(days=30)
    FieldSettings.objects.update_or_create(organisation=organisation, defaults={"answer_days": 10})
    assert _proposal(space, manager).answer_due_on == timezone.localdate() + datetime.timedelta(days=10)


def test_only_facilitators_and_the_committee_record_sessions_and_proposals(space, agent, manager):
    with pytest.raises(PermissionDenied):
        _proposal(space, agent)
    session = services.session_record(
        space=space,
        by=manager,
        held_on=timezone.localdate(),
        participant_count=6,
        participant_roles="3 AED, 2 CPE, 1 secrétaire",
        themes="Pauses, interruptions",
        said="on est interrompus sans arrêt au bureau",
    )
    assert session.space == space


def test_accepting_as_a_measure_creates_the_papripact_measure_in_one_step(space, manager, adviser):
    proposal = _proposal(space, manager)
    services.proposal_answer(
        proposal=proposal,
        by=adviser,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.MEASURE,
        measure_title="Temps d'échange hebdomadaire",
        measure_due_date=datetime.date(2027, 1, 15),
    )
    measure = Measure.objects.get()
    assert measure.title == "Temps d'échange hebdomadaire" and measure.year == 2027
    assert measure.organisation == space.organisation
    proposal.refresh_from_db()
    assert proposal.answer_measure == measure and proposal.is_final


def test_a_committee_member_who_does_not_keep_the_programme_accepts_as_a_measure_into_its_draft(
    space, manager, programme_lead, staff_rep, organisation
):
    """The programme lead, and a member the programme lead added to the committee, accept a proposal as a
    PAPRIPACT measure: it lands in the draft programme of its year, with no owner nor risk until the adviser sets
    them; a programme already submitted to the F3SCT is refused with the reason."""
    services.proposal_answer(
        proposal=_proposal(space, manager),
        by=programme_lead,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.MEASURE,
        measure_due_date=datetime.date(2027, 1, 15),
    )
    measure = Measure.objects.get()
    assert measure.title == "Un temps d'échange en début de semaine" and measure.owner is None
    assert not measure.risks.exists()
    programme = Programme.objects.get(organisation=organisation)
    assert (programme.year, programme.status) == (2027, ProgrammeStatus.DRAFT)

    services.settings_update(
        organisation=organisation, by=programme_lead, answer_days=30, committee=[staff_rep]
    )
    services.proposal_answer(
        proposal=_proposal(space, manager, title="Une salle calme"),
        by=staff_rep,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.MEASURE,
        measure_due_date=datetime.date(2027, 3, 1),
    )
    assert Measure.objects.filter(title="Une salle calme", owner=None).exists()

    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.SUBMITTED)
    late = _proposal(space, manager, title="Un casier par personne")
    with pytest.raises(ValidationError) as refused:
        services.proposal_answer(
            proposal=late,
            by=programme_lead,
            status=AnswerStatus.ACCEPTED,
            accepted_as=AcceptedAs.MEASURE,
            measure_due_date=datetime.date(2027, 6, 1),
        )
    assert "Le programme de prévention 2027 n'est plus un brouillon" in str(refused.value)
    late.refresh_from_db()
    assert late.status == AnswerStatus.PENDING and Measure.objects.count() == 2


def test_a_refusal_needs_its_reason_and_a_final_answer_cannot_change(space, manager, programme_lead):
    proposal = _proposal(space, manager)
    with pytest.raises(ValidationError) as refused:
        services.proposal_answer(proposal=proposal, by=programme_lead, status=AnswerStatus.REFUSED)
    assert "motif du refus" in str(refused.value)
    services.proposal_answer(
        proposal=proposal, by=programme_lead, status=AnswerStatus.REFUSED, text="Hors du budget cette année."
    )
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, by=programme_lead, status=AnswerStatus.STUDYING)


def test_accepting_as_a_plan_action_links_the_action_and_shows_the_origin(
    space, manager, programme_lead, action
):
    proposal = _proposal(space, manager)
    services.proposal_answer(
        proposal=proposal,
        by=programme_lead,
        status=AnswerStatus.ACCEPTED,
        accepted_as=AcceptedAs.PLAN_ACTION,
        action=action,
    )
    assert selectors.origins_of_action(action)["proposals"] == [proposal]


def test_the_facilitator_cannot_answer_and_the_committee_can_be_widened(
    space, manager, programme_lead, staff_rep, organisation
):
    proposal = _proposal(space, manager)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(proposal=proposal, by=staff_rep, status=AnswerStatus.STUDYING)
    services.settings_update(
        organisation=organisation, by=programme_lead, answer_days=15, committee=[staff_rep]
    )
    staff_rep.__dict__.pop("_qv_field_steering", None)
    services.proposal_answer(
        proposal=proposal, by=staff_rep, status=AnswerStatus.STUDYING, text="On chiffre."
    )
    assert SpaceProposal.objects.get().status == AnswerStatus.STUDYING


def test_late_answers_are_listed_for_the_programme_lead(space, manager, programme_lead, client):
    late = _proposal(space, manager, title="Une salle de repos")
    SpaceProposal.objects.filter(pk=late.pk).update(
        answer_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    _proposal(space, manager, title="Un planning affiché")
    assert list(selectors.late_proposals(space.organisation)) == [late]
    client.force_login(programme_lead)
    page = client.get(reverse("field:index")).content.decode()
    retards = page.split('id="retards"')[1].split('id="attente"')[0]
    assert "Une salle de repos" in retards and "Un planning affiché" not in retards


def test_members_get_the_answer_by_email_through_a_background_job(
    space, manager, agent, programme_lead, smtp_server, inline_tasks, django_capture_on_commit_callbacks
):
    proposal = _proposal(space, manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            proposal=proposal,
            by=programme_lead,
            status=AnswerStatus.REFUSED,
            text="Les locaux ne le permettent pas avant les travaux.",
        )
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([agent.email, manager.email])
    assert "Les locaux ne le permettent pas" in body_of(smtp_server.messages[0])
    job = Job.objects.get(kind="field_answer_emails")
    assert job.status == JobStatus.DONE and job.percent == 100


def test_members_see_their_space_and_answers_others_of_the_organisation_get_403_outsiders_404(
    space, manager, agent, staff_rep, outsider, programme_lead, client
):
    proposal = _proposal(space, manager)
    services.proposal_answer(
        proposal=proposal, by=programme_lead, status=AnswerStatus.STUDYING, text="Étude en cours avec la DRH."
    )
    client.force_login(agent)
    assert (
        "Étude en cours avec la DRH."
        in client.get(reverse("field:proposal", args=[proposal.pk])).content.decode()
    )
    assert client.get(reverse("field:session_create", args=[space.pk])).status_code == 403
    client.force_login(staff_rep)
    assert client.get(reverse("field:space", args=[space.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("field:space", args=[space.pk])).status_code == 404


def test_names_of_staff_are_flagged_before_a_session_is_saved(space, manager, organisation, school, client):
    PersonFactory(
        organisation=organisation,
        unit=school,
        user=UserFactory(first_name="Gwendoline", last_name="Kerhervé"),
    )
    client.force_login(manager)
    url = reverse("field:session_create", args=[space.pk])
    data = {
        "held_on": timezone.localdate().isoformat(),
        "participant_count": 5,
        "participant_roles": "AED et CPE",
        "themes": "Interruptions",
        "said": "Kerhervé nous interrompt tout le temps",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "« Kerhervé »" in page.content.decode() and not space.sessions.exists()
    confirmed = client.post(url, {**data, "confirm_names": "on"})
    assert confirmed.status_code == 302 and space.sessions.count() == 1


def test_a_space_belongs_to_one_unit_or_work_unit_of_the_organisation(organisation, programme_lead, manager):
    other = UnitFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        services.space_create(organisation=organisation, by=programme_lead, name="X", facilitators=[manager])
    with pytest.raises(ValidationError):
        services.space_create(
            organisation=organisation, by=programme_lead, name="X", unit=other, facilitators=[manager]
        )


def test_a_facilitator_links_a_proposal_to_a_dimension_and_the_actions_that_answer_it(
    space, manager, action, client
):
    proposal = _proposal(space, manager)
    client.force_login(manager)
    url = reverse("field:proposal_links", args=[proposal.pk])
    assert client.post(url, {"dimension": "reconnaissance", "actions": [action.pk]}).status_code == 302
    assert selectors.origins_of_action(action)["proposals"] == [proposal]
    page = client.get(reverse("field:proposal", args=[proposal.pk])).content.decode()
    assert "Reconnaissance du travail" in page and reverse("analytics:index") in page


def test_the_programme_lead_sets_the_answer_time_and_widens_the_committee(
    space, manager, programme_lead, staff_rep, organisation, client
):
    client.force_login(programme_lead)
    response = client.post(reverse("field:settings"), {"answer_days": "12", "committee": staff_rep.email})
    assert response.status_code == 302
    settings = FieldSettings.objects.get(organisation=organisation)
    assert settings.answer_days == 12 and list(settings.committee.all()) == [staff_rep]
    assert _proposal(space, manager).answer_due_on == timezone.localdate() + datetime.timedelta(days=12)
    client.force_login(staff_rep)
    assert client.get(reverse("field:space", args=[space.pk])).status_code == 200


def test_a_facilitator_lists_only_their_spaces(space, manager, programme_lead, organisation, school, client):
    other_lead = PersonFactory(organisation=organisation, unit=school).user
    services.space_create(
        organisation=organisation,
        by=programme_lead,
        name="Espace de l'intendance",
        unit=school,
        facilitators=[other_lead],
    )
    client.force_login(manager)
    page = client.get(reverse("field:index")).content.decode()
    assert "Espace de la vie scolaire" in page and "Espace de l&#x27;intendance" not in page
    assert "Réponses en retard" not in page
