import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coconstruction import services
from coconstruction.models import ProposalStatus
from coconstruction.tests.conftest import TEMPLATE
from core.tests.factories import ActionFactory, PersonFactory
from organisations.models import Person

pytestmark = pytest.mark.django_db

ALL_MET = {"steerable": True, "concrete": True, "all_staff": True, "feasible": True}


def test_member_writes_a_draft_on_the_fixed_template(group, agent):
    proposal = services.proposal_create(group=group, by=agent, **TEMPLATE)
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.author == agent
    assert proposal.proposed_calendar == TEMPLATE["proposed_calendar"]


def test_staff_outside_the_group_cannot_propose(group, other_agent):
    with pytest.raises(PermissionDenied):
        services.proposal_create(group=group, by=other_agent, **TEMPLATE)


def test_programme_lead_and_group_lead_may_propose(group, programme_lead, group_lead):
    assert services.proposal_create(group=group, by=programme_lead, **TEMPLATE).pk
    assert services.proposal_create(group=group, by=group_lead, **TEMPLATE).pk


def test_every_template_field_is_required(group, agent):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(group=group, by=agent, **{**TEMPLATE, "evaluation": "  "})
    assert "evaluation" in error.value.message_dict


def test_author_group_lead_and_programme_lead_edit_but_other_members_do_not(
    proposal, group, programme_lead, group_lead, organisation, school
):
    for who in (proposal.author, group_lead, programme_lead):
        services.proposal_update(proposal=proposal, by=who, title=f"Titre par {who.email}")
    colleague = PersonFactory(organisation=organisation, unit=school)
    group.members.add(colleague)
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=proposal, by=colleague.user, title="Non")


def test_closed_proposals_cannot_be_edited(eligible, programme_lead, axis):
    services.proposal_adopt(proposal=eligible, by=programme_lead, axis=axis)
    with pytest.raises(ValidationError):
        services.proposal_update(proposal=eligible, by=programme_lead, title="Trop tard")


def test_submit_only_once(proposal, agent):
    services.proposal_submit(proposal=proposal, by=agent)
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.proposal_submit(proposal=proposal, by=agent)


def test_group_leads_and_programme_lead_check_criteria_but_members_do_not(
    submitted, agent, group_lead, programme_lead
):
    with pytest.raises(PermissionDenied):
        services.proposal_check_criteria(proposal=submitted, by=agent, note="", **ALL_MET)
    services.proposal_check_criteria(
        proposal=submitted, by=group_lead, note="", **{**ALL_MET, "feasible": False}
    )
    assert submitted.criteria_met_count == 3
    services.proposal_check_criteria(proposal=submitted, by=programme_lead, note="Budget confirmé", **ALL_MET)
    submitted.refresh_from_db()
    assert submitted.meets_all_criteria
    assert submitted.criteria_note == "Budget confirmé"
    assert submitted.criteria_checked_by == programme_lead


def test_adopting_creates_the_action_in_the_chosen_axis_with_the_next_number(
    eligible, programme_lead, axis2, plan
):
    ActionFactory(axis=axis2, number=1)
    ActionFactory(axis=axis2, number=2)
    action = services.proposal_adopt(proposal=eligible, by=programme_lead, axis=axis2)
    assert action.plan == plan
    assert action.code == "2.3"
    assert action.title == TEMPLATE["title"]
    assert action.context == TEMPLATE["problem"]
    assert action.concrete_actions.startswith(TEMPLATE["proposed_action"])
    assert TEMPLATE["proposed_calendar"] in action.concrete_actions
    assert TEMPLATE["success_conditions"] in action.concrete_actions
    eligible.refresh_from_db()
    assert eligible.status == ProposalStatus.ADOPTED
    assert eligible.adopted_action == action


def test_adopting_with_a_chosen_number(eligible, programme_lead, axis):
    assert services.proposal_adopt(proposal=eligible, by=programme_lead, axis=axis, number=5).code == "1.5"


def test_adoption_announces_the_proposal_and_its_action_once_committed(
    eligible, programme_lead, axis, django_capture_on_commit_callbacks
):
    from coconstruction.signals import proposal_adopted

    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    proposal_adopted.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            action = services.proposal_adopt(proposal=eligible, by=programme_lead, axis=axis)
            assert heard == []  # not before the commit
    finally:
        proposal_adopted.disconnect(listener)
    assert [(h["proposal"], h["action"], h["by"]) for h in heard] == [(eligible, action, programme_lead)]


def test_adopting_on_a_taken_number_is_refused(eligible, programme_lead, axis):
    ActionFactory(axis=axis, number=1)
    with pytest.raises(ValidationError) as error:
        services.proposal_adopt(proposal=eligible, by=programme_lead, axis=axis, number=1)
    assert "1.1" in str(error.value)


def test_adoption_refused_unless_all_four_criteria_are_met(submitted, programme_lead, axis):
    submitted.crit_steerable = submitted.crit_concrete = submitted.crit_all_staff = True
    submitted.save()
    with pytest.raises(ValidationError) as error:
        services.proposal_adopt(proposal=submitted, by=programme_lead, axis=axis)
    assert "quatre critères (3 sur 4)" in error.value.messages[0]
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED and submitted.adopted_action is None


def test_only_the_programme_lead_adopts(eligible, group_lead, axis):
    with pytest.raises(PermissionDenied):
        services.proposal_adopt(proposal=eligible, by=group_lead, axis=axis)


def test_drafts_cannot_be_adopted(proposal, programme_lead, axis):
    proposal.crit_steerable = proposal.crit_concrete = proposal.crit_all_staff = proposal.crit_feasible = True
    proposal.save()
    with pytest.raises(ValidationError):
        services.proposal_adopt(proposal=proposal, by=programme_lead, axis=axis)


def test_axis_of_another_plan_is_refused(eligible, programme_lead, organisation):
    from core.tests.factories import AxisFactory, PlanFactory

    foreign_axis = AxisFactory(plan=PlanFactory(organisation=organisation), number=1)
    with pytest.raises(ValidationError):
        services.proposal_adopt(proposal=eligible, by=programme_lead, axis=foreign_axis)


def test_decline_needs_a_reason(submitted, programme_lead):
    with pytest.raises(ValidationError) as error:
        services.proposal_decline(proposal=submitted, by=programme_lead, reason="   ")
    assert "reason" in error.value.message_dict
    services.proposal_decline(proposal=submitted, by=programme_lead, reason="Déjà couvert par l'action 3.2")
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.DECLINED
    assert submitted.decline_reason == "Déjà couvert par l'action 3.2"


def test_any_member_of_the_organisation_comments_a_submitted_proposal(submitted, other_agent, outsider):
    comment = services.proposal_comment(proposal=submitted, by=other_agent, text="Bonne idée")
    assert comment.author == other_agent
    with pytest.raises(PermissionDenied):
        services.proposal_comment(proposal=submitted, by=outsider, text="Intrusion")


def test_working_group_pair_and_members(plan, axis, programme_lead, agent, group_lead, other_agent, outsider):
    people = {u: Person.objects.get(user=u) for u in (agent, group_lead, other_agent)}
    group = services.working_group_create(
        plan=plan,
        by=programme_lead,
        name="Axe 1",
        axis=axis,
        leads=[people[group_lead]],
        members=[people[agent]],
    )
    assert list(group.leads.all()) == [people[group_lead]]
    with pytest.raises(ValidationError):
        services.working_group_update(
            group=group, by=programme_lead, name="Axe 1", axis=axis, leads=list(people.values()), members=[]
        )
    with pytest.raises(ValidationError):
        services.working_group_update(
            group=group,
            by=programme_lead,
            name="Axe 1",
            axis=axis,
            leads=[],
            members=[Person.objects.get(user=outsider)],
        )
    with pytest.raises(PermissionDenied):
        services.working_group_update(group=group, by=agent, name="Pris", axis=axis, leads=[], members=[])
