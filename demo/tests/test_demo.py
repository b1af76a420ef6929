"""The demo data behind `make run`: the Besançon plan as published, its people, groups and a second tenant."""

from datetime import date

import pytest
from django.core.management import call_command

from accounts import perms
from accounts.models import RoleGrant, User
from coconstruction.models import Proposal, ProposalStatus, WorkingGroup
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.hospital import HOSPITAL_SLUG
from demo.loader import load_demo
from organisations.models import Organisation, Person, Unit
from plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Milestone,
    Plan,
    PlanStatus,
    Theme,
    Visibility,
)

pytestmark = pytest.mark.django_db

ALL_CODES = {
    *(f"1.{n}" for n in range(1, 6)),
    *(f"2.{n}" for n in range(1, 6)),
    *(f"3.{n}" for n in range(1, 6)),
    *(f"4.{n}" for n in range(1, 5)),
}
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"  # as the root conftest does for each test
# People named in the published plan: the demo gives lead functions, never these names.
REAL_LEAD_NAMES = ("ARNOULT", "HARDY", "RIVOIRE", "PAQUIER", "PRILLARD", "CARREY", "MAILLOT", "SIRANTOINE")


def test_load_demo_command_prints_one_line_per_step_with_what_it_builds(_demo_loaded):
    """`make run` is not silent while the demo loads: each step says what it builds, with a count."""
    lines = [line.strip() for line in _demo_loaded.splitlines()]
    steps = [line for line in lines if line.startswith("Démo : ")]
    assert len(steps) >= 10, lines
    assert "Démo : plan QVT 2023-2027 (4 axes, 19 actions)…" in steps
    assert "Démo : agents de l'académie (2\u202f981 personnes)…" in steps
    sealed = [s for s in steps if s.startswith("Démo : baromètre 2024 : ") and "réponses scellées" in s]
    assert sealed and any(ch.isdigit() for ch in sealed[0])
    assert steps[-1] == "Démo : prête." and lines[-1] == "Données de démonstration chargées."


def _plan(org):
    return Plan.objects.get(organisation=org)


def test_demo_plan_is_the_published_2023_2027_plan_with_every_action_numbered_as_in_the_source(demo):
    plan = _plan(demo)
    assert (plan.first_school_year, plan.last_school_year, plan.version) == (2023, 2026, 1)
    assert plan.status == PlanStatus.ADOPTED and plan.visibility == Visibility.PUBLIC
    assert plan.period_label == "2023-2027"
    axes = list(Axis.objects.filter(plan=plan).order_by("number"))
    assert [a.number for a in axes] == [1, 2, 3, 4]
    assert "inclusives et bienveillantes" in axes[0].title
    assert all(a.objective for a in axes)
    actions = list(Action.objects.filter(plan=plan).select_related("axis").prefetch_related("milestones"))
    assert {a.code for a in actions} == ALL_CODES and len(actions) == 19
    for action in actions:
        assert action.title and action.context and action.concrete_actions and action.lead_roles, action.code
        assert not any(name.lower() in action.lead_roles.lower() for name in REAL_LEAD_NAMES)
        assert date(2023, 9, 1) <= action.start_date < action.end_date <= date(2027, 8, 31), action.code
        assert 1 <= len(action.milestones.all()) <= 3, action.code
    assert Action.objects.get(plan=plan, axis__number=1, number=1).existing_links.startswith("Engagements")


def test_demo_plan_has_both_cross_cutting_themes_linked_to_actions(demo):
    themes = Theme.objects.filter(plan=_plan(demo))
    assert sorted(t.title for t in themes) == ["Communication interne", "Organisation du travail"]
    assert all(t.actions.exists() for t in themes)


def test_demo_actions_show_believable_progress_led_by_the_demo_action_lead(demo):
    plan = _plan(demo)
    lead = User.objects.get(email="cheffe.projet@demo.qualivie.fr")
    led = set(Action.objects.filter(plan=plan).led_by(lead).values_list("axis__number", "number"))
    assert (1, 1) in led and len(led) >= 2
    assert Action.objects.filter(plan=plan, leads__isnull=True).count() == 0
    statuses = set(Action.objects.filter(plan=plan).values_list("status", flat=True))
    assert {
        ActionStatus.PLANNED,
        ActionStatus.IN_PROGRESS,
        ActionStatus.DONE,
        ActionStatus.DELAYED,
    } <= statuses
    assert Milestone.objects.filter(action__plan=plan, done_on__isnull=False).exists()
    update = ActionUpdate.objects.filter(action__plan=plan).order_by("created_at").first()
    assert update.created_at.year == 2023 and update.status_before == "planned"
    for action in Action.objects.filter(plan=plan).exclude(status=ActionStatus.PLANNED):
        last = action.updates.first()  # newest first
        assert (last.status_after, last.progress_after) == (action.status, action.progress), action.code


def test_demo_working_groups_are_balanced_and_hold_proposals_in_every_state(demo):
    groups = list(WorkingGroup.objects.filter(plan=_plan(demo)).select_related("axis"))
    assert sorted(g.axis.number for g in groups) == [1, 2]
    for group in groups:
        leads = list(group.leads.select_related("unit"))
        assert len(leads) == 2
        assert {lead.unit.unit_type in {"École", "Collège", "Lycée"} for lead in leads} == {True, False}
        people = {p.pk: p for p in [*leads, *group.members.select_related("unit")]}.values()
        assert 7 <= len(people) <= 8
        assert {p.gender for p in people} >= {"F", "M"}
        assert len({p.unit.departement for p in people}) == 4
        assert len({p.job_family for p in people}) >= 4
    proposals = Proposal.objects.filter(group__in=groups)
    assert set(proposals.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert proposals.filter(status=ProposalStatus.SUBMITTED, criteria_checked_at__isnull=False).exists()
    assert all(p.decline_reason for p in proposals.filter(status=ProposalStatus.DECLINED))
    adopted = proposals.get(status=ProposalStatus.ADOPTED)
    assert adopted.adopted_action.code == "1.1"
    assert all(p.problem and p.proposed_action and p.evaluation for p in proposals)


def test_demo_accounts_sign_in_with_the_demo_password_and_hold_their_roles(demo):
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    assert len({u.password for u in users.values()}) == 1  # one hash shared by every demo account…
    assert users["pilote@demo.qualivie.fr"].check_password(
        DEMO_PASSWORD
    )  # … that matches the printed password
    for account in DEMO_ACCOUNTS:
        user = users[account.email]
        assert perms.is_member(user, demo)
        if account.role != "agent":
            assert RoleGrant.objects.filter(user=user, organisation=demo, role=account.role).exists()
    manager = User.objects.get(email="encadrant@demo.qualivie.fr")
    dsden = Unit.objects.get(organisation=demo, code="DSDEN25")
    assert perms.scoped_units(manager, demo, "manager") == [dsden]
    school_in_doubs = Unit.objects.get(organisation=demo, code="C25-01")
    assert perms.has_role(manager, demo, "manager", unit=school_in_doubs)
    assert not perms.has_role(
        manager, demo, "manager", unit=Unit.objects.get(organisation=demo, code="DSDEN39")
    )


def test_demo_staff_is_synthetic_and_spread_over_a_consistent_unit_tree(demo):
    people = Person.objects.filter(organisation=demo)
    assert 2900 <= people.count() <= 3100
    assert people.filter(user__isnull=True).count() > 2900
    assert not people.exclude(email__endswith="@demo.qualivie.fr").exists()
    assert people.values("email").distinct().count() == people.count()
    assert set(people.values_list("age_band", flat=True)) == {"<30", "30-39", "40-49", "50-59", "60+"}
    assert set(people.values_list("status", flat=True)) == {"titulaire", "contractuel"}
    assert set(people.values_list("category", flat=True)) == {"A", "B", "C"}
    units = list(Unit.objects.filter(organisation=demo).select_related("parent"))
    assert 250 <= len(units) <= 350
    for unit in units:
        parent_path = unit.parent.path if unit.parent else "/"
        assert (unit.path, unit.depth) == (f"{parent_path}{unit.pk}/", unit.path.count("/") - 2)
    dsden = next(u for u in units if u.code == "DSDEN25")
    assert Person.objects.in_subtree(dsden).count() > 500


def test_second_load_changes_nothing_and_says_so(demo, capsys):
    models = (
        Organisation,
        Unit,
        Person,
        User,
        RoleGrant,
        Plan,
        Action,
        ActionUpdate,
        Proposal,
        Plan.history.model,
    )
    before = [m.objects.count() for m in models]
    assert load_demo() is False
    call_command("load_demo")
    assert "déjà présentes" in capsys.readouterr().out
    assert [m.objects.count() for m in models] == before


def test_the_hospital_is_a_separate_tenant_with_a_private_plan(demo):
    hospital = Organisation.objects.get(slug=HOSPITAL_SLUG)
    assert not hospital.is_state_service and hospital.brand_lines == ""
    plan = Plan.objects.get(organisation=hospital)
    assert plan.visibility == Visibility.PRIVATE
    assert list(Plan.objects.published()) == [_plan(demo)]
    hospital_lead = User.objects.get(email="pilote.hopital@demo.qualivie.fr")
    academy_lead = User.objects.get(email="pilote@demo.qualivie.fr")
    assert perms.can_manage_organisation(hospital_lead, hospital)
    assert not perms.is_member(hospital_lead, demo)
    assert not perms.is_member(academy_lead, hospital)


def test_anonymous_api_lists_the_published_demo_plan_with_every_action_and_never_the_hospital_plan(
    demo, client
):
    listing = client.get("/api/plans/").json()
    titles = {plan["organisation"]["slug"]: plan for plan in listing["items"]}
    assert "academie-demo" in titles and "hopital-demo" not in titles
    detail = client.get(f"/api/plans/{titles['academie-demo']['id']}/").json()
    assert [axis["number"] for axis in detail["axes"]] == [1, 2, 3, 4]
    codes = {action["code"] for axis in detail["axes"] for action in axis["actions"]}
    assert codes == ALL_CODES
    hospital_plan = Plan.objects.get(organisation__slug="hopital-demo")
    assert client.get(f"/api/plans/{hospital_plan.pk}/").status_code == 404
