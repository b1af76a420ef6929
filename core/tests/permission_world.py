"""One small but complete organisation for the permission matrix: every URL of the project finds its object here.

Built once per test module (see ``core/tests/test_permission_matrix.py``) with the services where they exist, so
that objects look like what a real user would create. Every role of DOMAIN.md gets one signed-in session.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, Role, RoleGrant, User
from coconstruction import services as coco_services
from coconstruction.models import Proposal, ProposalComment, WorkingGroup
from core.models import Job
from core.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoleGrantFactory,
    UnitFactory,
    UserFactory,
)
from core.tests.permission_world_dash import DashWorld, build_dash_world
from core.tests.permission_world_events import EventsWorld, build_events_world
from core.tests.permission_world_field import FieldWorld, build_field_world
from core.tests.permission_world_ind import IndicatorWorld, build_indicator_world
from core.tests.permission_world_notif import NotifWorld, build_notif_world
from core.tests.permission_world_prac import PracticesWorld, build_practices_world
from core.tests.permission_world_prev import PreventionWorld, build_prevention_world
from core.tests.permission_world_rev import ReviewWorld, build_review_world
from core.tests.permission_world_revis import RevisionWorld, build_revision_world
from core.tests.permission_world_surveys import SurveyWorld, build_survey_world
from organisations import services as org_services
from organisations.models import ImportStatus, Organisation, PeopleImport, Person, Unit
from plans import services as plan_services
from plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Milestone,
    Plan,
    Theme,
    UpdateAttachment,
    Visibility,
)

# The columns of the matrix, in order. ``anonymous`` has no session.
ROLES = (
    "anonymous",
    "agent",
    "manager",
    "action_lead",
    "staff_rep",
    "programme_lead",
    "admin",
    "network_facilitator",
    "outsider",
)

PDF = b"%PDF-1.4\n% compte rendu du comite de suivi\n"
HR_EXPORT = (
    "Identifiant;Code unité;Nom;Prénom;E-mail;Métier;Catégorie;Statut;Genre;Tranche d'âge\r\n"
    "HR900001;EPLE1;Durand;Léa;lea.durand@matrice.fr;Enseignant;A;titulaire;F;30-39\r\n"
    "HR900002;EPLE2;Petit;Hugo;hugo.petit@matrice.fr;Administratif;B;contractuel;M;<30\r\n"
).encode("utf-8-sig")


@dataclass
class World:
    organisation: Organisation
    other_organisation: Organisation
    root: Unit
    dsden: Unit
    school: Unit
    other_school: Unit
    users: dict[str, User]
    staff_plan: Plan
    private_plan: Plan
    public_plan: Plan  # published by the OTHER organisation: everyone may read it
    axis: Axis
    theme: Theme
    action: Action  # 1.1, led by the ``action_lead`` user
    other_action: Action  # 1.2, led by nobody of the matrix
    private_action: Action
    milestone: Milestone
    attachment: UpdateAttachment
    update: ActionUpdate  # posted by the action lead just now: within the correction window
    old_update: ActionUpdate  # posted by the action lead two days ago: past the window
    group: WorkingGroup
    proposal: Proposal  # submitted by the agent, who is a member of the group
    draft: Proposal  # written by the group's lead, still a draft
    comment: ProposalComment  # the agent's comment on the proposal, just now
    old_comment: ProposalComment  # the agent's comment two days ago
    people_import: PeopleImport
    grant: RoleGrant  # a manager role on the other school, revocable by the programme lead
    admin_grant: RoleGrant  # the administrator's own role: only an administrator removes it
    job: Job  # owned by the programme lead
    surveys: SurveyWorld  # questionnaires, campaigns, results: its fields are targets too
    field: FieldWorld  # discussion spaces, situation-problems, photos, reviews: its fields are targets too
    notif: NotifWorld  # follow button, unsubscribe links: its fields are targets too
    events: EventsWorld  # events, network, cancel and check-in links: its fields are targets too
    revis: RevisionWorld  # a plan and its version under revision: its fields are targets too
    indicators: IndicatorWorld  # indicators of the staff plan and a proposed value: targets too
    reviews: ReviewWorld  # annual reviews: its fields are targets too
    dash: DashWorld  # dashboards: a committee document of the staff plan
    prevention: PreventionWorld  # register, versions, RPS grid, programmes: its fields are targets too
    practices: PracticesWorld  # the network: memberships, stories, peers (targets too)
    sessions: dict[str, str] = field(default_factory=dict)  # role → session key
    tokens: dict[str, str] = field(default_factory=dict)  # role → raw API token

    def target(self, name: str) -> Any:
        """The object a matrix row is about (its primary key fills ``pk``/``id`` of the URL)."""
        if name in SurveyWorld.__dataclass_fields__:
            return getattr(self.surveys, name)
        if name in FieldWorld.__dataclass_fields__:
            return getattr(self.field, name)
        if name in NotifWorld.__dataclass_fields__:
            return getattr(self.notif, name)
        if name in EventsWorld.__dataclass_fields__:
            return getattr(self.events, name)
        if name in RevisionWorld.__dataclass_fields__:
            return getattr(self.revis, name)
        if name in IndicatorWorld.__dataclass_fields__:
            return getattr(self.indicators, name)
        if name in ReviewWorld.__dataclass_fields__:
            return getattr(self.reviews, name)
        if name in DashWorld.__dataclass_fields__:
            return getattr(self.dash, name)
        if name in PreventionWorld.__dataclass_fields__:
            return getattr(self.prevention, name)
        if name in PracticesWorld.__dataclass_fields__:
            return getattr(self.practices, name)
        return getattr(self, name)


def _person(organisation: Organisation, unit: Unit, email: str, first: str, last: str) -> Person:
    user = UserFactory(email=email, first_name=first, last_name=last)
    return PersonFactory(organisation=organisation, unit=unit, user=user)


def build_world() -> World:
    """Create everything; the caller decides on the transaction and the clean-up."""
    organisation = OrganisationFactory(slug="academie-matrice", name="Académie de la Matrice", state=True)
    root = UnitFactory(organisation=organisation, code="RECT", name="Rectorat", unit_type="Rectorat")
    dsden = UnitFactory(organisation=organisation, parent=root, code="DSDEN25", name="DSDEN du Doubs")
    school = UnitFactory(organisation=organisation, parent=dsden, code="EPLE1", name="Collège Victor-Hugo")
    other_school = UnitFactory(organisation=organisation, parent=dsden, code="EPLE2", name="Lycée Pasteur")

    other = OrganisationFactory(slug="chu-voisin", name="CHU voisin", kind="hospital")
    other_root = UnitFactory(organisation=other, code="CHU", name="Direction générale")

    agent = _person(organisation, school, "agent@matrice.fr", "Aline", "Agent").user
    manager = _person(organisation, school, "encadrant@matrice.fr", "Marc", "Encadrant").user
    RoleGrantFactory(user=manager, organisation=organisation, role=Role.MANAGER, unit=school)
    lead = _person(organisation, root, "cheffe@matrice.fr", "Chloé", "Cheffe").user
    RoleGrantFactory(user=lead, organisation=organisation, role=Role.ACTION_LEAD)
    rep = _person(organisation, school, "representant@matrice.fr", "René", "Représentant").user
    RoleGrantFactory(user=rep, organisation=organisation, role=Role.STAFF_REP)
    pilot = _person(organisation, root, "pilote@matrice.fr", "Paule", "Pilote").user
    RoleGrantFactory(user=pilot, organisation=organisation, role=Role.PROGRAMME_LEAD)
    admin = _person(organisation, root, "admin@matrice.fr", "Adam", "Admin").user
    admin_grant = RoleGrantFactory(user=admin, organisation=organisation, role=Role.ADMIN)
    # A second administrator, so that removing the first one is not refused as "the last administrator".
    RoleGrantFactory(user=UserFactory(email="admin2@matrice.fr"), organisation=organisation, role=Role.ADMIN)
    # The network facilitator works for the regional network, not for this employer: a role, no staff record.
    facilitator = UserFactory(email="animatrice@reseau.fr", first_name="Noa", last_name="Réseau")
    RoleGrantFactory(user=facilitator, organisation=organisation, role=Role.NETWORK_FACILITATOR)
    outsider = _person(other, other_root, "pilote@chu-voisin.fr", "Olga", "Outsider").user
    RoleGrantFactory(user=outsider, organisation=other, role=Role.PROGRAMME_LEAD)
    grant = RoleGrantFactory(
        user=_person(organisation, other_school, "proviseur@matrice.fr", "Paul", "Proviseur").user,
        organisation=organisation,
        role=Role.MANAGER,
        unit=other_school,
    )

    # The staff-visible, adopted plan with its structure and a progress update carrying an attachment.
    staff_plan = plan_services.plan_create(
        organisation=organisation,
        by=pilot,
        title="Plan académique QVT 2023-2027",
        first_school_year=2023,
        last_school_year=2026,
    )
    plan_services.plan_publish(plan=staff_plan, visibility=Visibility.STAFF, by=pilot)
    plan_services.plan_set_status(plan=staff_plan, status="adopted", by=pilot)
    axis = plan_services.axis_create(
        plan=staff_plan, by=pilot, number=1, title="Des relations de travail inclusives et bienveillantes"
    )
    theme = plan_services.theme_create(plan=staff_plan, by=pilot, title="Communication interne")
    action = plan_services.action_create(
        plan=staff_plan,
        axis=axis,
        by=pilot,
        number=1,
        title="Former à la relation à l'usager",
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2025, 6, 30),
        leads=[lead],
        themes=[theme],
    )
    other_action = plan_services.action_create(
        plan=staff_plan, axis=axis, by=pilot, number=2, title="Accueillir les nouveaux arrivants"
    )
    milestone = plan_services.milestone_create(
        action=action, by=pilot, title="Module en ligne", due_date=datetime.date(2024, 3, 15)
    )
    update = plan_services.action_update_post(
        action=action,
        by=lead,
        text="Le cahier des charges du module est validé.",
        status=ActionStatus.IN_PROGRESS,
        progress=20,
        files=[SimpleUploadedFile("compte-rendu.pdf", PDF, content_type="application/pdf")],
    )
    attachment = update.attachments.get()
    fresh_update = plan_services.action_update_post(action=action, by=lead, text="Premier module en test.")
    old_update = plan_services.action_update_post(action=action, by=lead, text="Réunion de lancement tenue.")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    ActionUpdate.objects.filter(pk=old_update.pk).update(created_at=two_days_ago)

    # A draft plan seen only by the steering team.
    private_plan = plan_services.plan_create(
        organisation=organisation,
        by=pilot,
        title="Projet de plan 2027-2030",
        first_school_year=2027,
        last_school_year=2029,
    )
    private_axis = plan_services.axis_create(
        plan=private_plan, by=pilot, number=1, title="Axe en préparation"
    )
    private_action = plan_services.action_create(
        plan=private_plan, axis=private_axis, by=pilot, number=1, title="Action en préparation"
    )

    # The other organisation publishes its plan for everyone.
    public_plan = plan_services.plan_create(
        organisation=other,
        by=outsider,
        title="Projet social du CHU",
        first_school_year=2024,
        last_school_year=2027,
    )
    plan_services.plan_publish(plan=public_plan, visibility=Visibility.PUBLIC, by=outsider)

    # Co-construction: a working group of axis 1 (the agent is a member), a submitted proposal and a draft.
    group_lead = _person(organisation, other_school, "binome@matrice.fr", "Bérénice", "Binôme")
    group = coco_services.working_group_create(
        plan=staff_plan,
        by=pilot,
        name="Groupe de l'axe 1",
        axis=axis,
        leads=[group_lead],
        members=[Person.objects.get(user=agent)],
    )
    template = {
        "problem": "Les nouveaux personnels se sentent isolés à leur arrivée.",
        "proposed_action": "Un livret d'accueil et un parrainage dans chaque service.",
        "success_conditions": "Des parrains volontaires et formés.",
        "proposed_calendar": "Rentrée 2024 : deux bassins pilotes ; 2025 : généralisation.",
        "evaluation": "Enquête des nouveaux arrivants, taux de parrainage.",
    }
    proposal = coco_services.proposal_create(
        group=group, by=agent, title="Parrainer les nouveaux", **template
    )
    coco_services.proposal_submit(proposal=proposal, by=agent)
    draft = coco_services.proposal_create(
        group=group, by=group_lead.user, title="Un café des nouveaux", **template
    )
    comment = coco_services.proposal_comment(proposal=proposal, by=agent, text="Pensons aux contractuels.")
    old_comment = coco_services.proposal_comment(proposal=proposal, by=agent, text="Et aux AED.")
    ProposalComment.objects.filter(pk=old_comment.pk).update(created_at=two_days_ago)

    # A people import checked by the real background task (run inline by the caller's TASKS setting): a report
    # to preview, and the Job that showed its progress.
    people_import = org_services.people_import_start(
        organisation=organisation,
        by=pilot,
        upload=SimpleUploadedFile("agents-2024.csv", HR_EXPORT, content_type="text/csv"),
        scope=dsden,
        dry_run=False,
    )
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.READY, people_import.report
    job = people_import.validation_job
    assert job is not None

    users = {
        "agent": agent,
        "manager": manager,
        "action_lead": lead,
        "staff_rep": rep,
        "programme_lead": pilot,
        "admin": admin,
        "network_facilitator": facilitator,
        "outsider": outsider,
    }
    surveys = build_survey_world(
        organisation=organisation, root=root, school=school, other_school=other_school, users=users
    )
    world = World(
        organisation=organisation,
        other_organisation=other,
        root=root,
        dsden=dsden,
        school=school,
        other_school=other_school,
        users=users,
        staff_plan=staff_plan,
        private_plan=private_plan,
        public_plan=public_plan,
        axis=axis,
        theme=theme,
        action=action,
        other_action=other_action,
        private_action=private_action,
        milestone=milestone,
        attachment=attachment,
        update=fresh_update,
        old_update=old_update,
        group=group,
        proposal=proposal,
        draft=draft,
        comment=comment,
        old_comment=old_comment,
        people_import=people_import,
        grant=grant,
        admin_grant=admin_grant,
        job=job,
        surveys=surveys,
        indicators=build_indicator_world(
            plan=staff_plan,
            action=action,
            other_action=other_action,
            campaign=surveys.published_campaign,
            users=users,
        ),
        field=build_field_world(organisation=organisation, school=school, users=users),
        notif=build_notif_world(organisation=organisation, action=action, users=users),
        events=build_events_world(organisation=organisation, users=users),
        revis=build_revision_world(organisation=organisation, users=users),
        reviews=build_review_world(organisation=organisation, plan=staff_plan, users=users),
        dash=build_dash_world(plan=staff_plan, pilot=pilot),
        prevention=build_prevention_world(
            organisation=organisation, school=school, other_school=other_school, users=users
        ),
        practices=build_practices_world(organisation=organisation, users=users),
    )
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        world.tokens[role] = ApiToken.issue(user=user, name="Tableau de bord")[1]
    return world
