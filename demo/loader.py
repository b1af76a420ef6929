"""Demo data: a synthetic education authority running the 2023-2027 plan, and a small hospital. Idempotent.

`load_demo()` creates everything in one transaction and returns True, or does nothing and returns False
when the demo organisation already exists (it only adds the demo barometer, demo/surveys_demo.py, to a
demo loaded before that existed). Rows are written directly with the models (bulk where it
matters): the demo must load in a few seconds on `make run`. ``progress`` receives one French line per step
(what is being built, with a count) so that `make run` does not stay silent while the demo loads.
"""

from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import RoleGrant, User
from demo import plan_besancon as source
from demo.accounts import DEMO_ACCOUNTS, DEMO_ACTION_LEADS, DEMO_PASSWORD, DemoAccount
from demo.dashboards_demo import set_demo_weather
from demo.events_demo import load_events_demo
from demo.field_demo import load_field_demo
from demo.groups import PARIS, create_groups
from demo.hospital import HOSPITAL_STAFF, load_hospital
from demo.indicators_demo import load_indicators_demo
from demo.notifications_demo import load_notifications_demo
from demo.people import EmailBook, create_people
from demo.practices_demo import load_practices_demo
from demo.prevention_demo import load_prevention_demo
from demo.progress import PROGRESS
from demo.reviews_demo import load_reviews_demo
from demo.steps import Progress, silent, thousands
from demo.surveys_demo import load_surveys_demo
from demo.tree import create_units, unit_specs
from organisations.models import Organisation, OrganisationKind, Person, Unit
from plans.models import Action, ActionUpdate, Axis, Milestone, Plan, PlanStatus, Theme, Visibility

DEMO_SLUG = "academie-demo"
DEMO_STAFF = 3000  # people in the academy, named accounts included
SEED = 2023


@transaction.atomic
def load_demo(progress: Progress = silent) -> bool:
    existing = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        # demo loaded before a later part existed (barometer, indicators, reviews, register, field loop): add
        # what is missing, else False
        added = [
            load_surveys_demo(existing, progress=progress),
            load_indicators_demo(existing, progress=progress),
            load_reviews_demo(existing, progress=progress),
            load_prevention_demo(existing, progress=progress),
            load_field_demo(existing, progress=progress),
            load_practices_demo(password_hash=None, progress=progress),
        ]
        return any(added)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    org = _create_organisation()
    specs = unit_specs(SEED)
    progress(f"Démo : académie de Besançon ({thousands(len(specs))} unités)…")
    units = create_units(org, specs)
    named = DEMO_ACCOUNTS + DEMO_ACTION_LEADS
    progress(f"Démo : comptes de démonstration ({len(named)} comptes nommés)…")
    users = _create_accounts(org, units, named, password_hash)
    emails = EmailBook({account.email for account in named})
    progress(f"Démo : agents de l'académie ({thousands(DEMO_STAFF - len(named))} personnes)…")
    staff = create_people(
        org,
        [(units[spec.code], spec.kind) for spec in specs],
        total=DEMO_STAFF - len(named),
        seed=SEED,
        emails=emails,
    )
    actions = sum(len(axis.actions) for axis in source.AXES)
    progress(f"Démo : plan QVT 2023-2027 ({len(source.AXES)} axes, {actions} actions)…")
    plan = _create_plan(org, users)
    set_demo_weather(plan, progress=progress)
    progress("Démo : groupes de travail et leurs propositions…")
    groups = create_groups(
        plan=plan,
        staff=staff,
        users_by_email=users,
        reviewer=users["pilote@demo.qualivie.fr"],
        password_hash=password_hash,
    )
    progress(f"Démo : {len(groups)} groupes de travail créés.")
    follows = load_notifications_demo(org, plan, users)
    progress(f"Démo : rappels mensuels des chef·fes de projet, {follows} actions suivies.")
    progress(f"Démo : centre hospitalier, second organisme ({thousands(HOSPITAL_STAFF)} agents)…")
    hospital = load_hospital(password_hash=password_hash, emails=emails)
    registered = load_events_demo(org, hospital, users)
    progress(f"Démo : webinaire du réseau ({registered} inscriptions) et journée QVT académique.")
    load_surveys_demo(org, progress=progress)
    load_indicators_demo(org, progress=progress)
    load_reviews_demo(org, progress=progress)
    load_prevention_demo(org, progress=progress)
    load_field_demo(org, progress=progress)
    load_practices_demo(password_hash=password_hash, progress=progress)
    progress("Démo : prête.")
    return True


def _create_organisation() -> Organisation:
    return Organisation.objects.create(
        slug=DEMO_SLUG,
        name="Académie de Besançon (démonstration)",
        short_name="Académie démo",
        kind=OrganisationKind.EDUCATION,
        is_state_service=True,
        brand_lines="Académie|de Besançon",
        publisher=(
            "Académie de Besançon (démonstration) — instance fictive de Qualivie, toutes les personnes et "
            "données sont synthétiques.\nRectorat de démonstration, 1 place de l'Exemple, 25000 Besançon."
        ),
        publication_director="Le recteur ou la rectrice de l'académie (démonstration)",
        host="Instance de démonstration de Qualivie, hébergée par l'équipe du projet (données fictives).",
        dpo_contact="dpd@demo.qualivie.fr",
        privacy_contact="donnees-personnelles@demo.qualivie.fr",
        retention_people_months=12,
        accessibility_status="partial",
        accessibility_contact="accessibilite@demo.qualivie.fr",
    )


def _create_accounts(
    org: Organisation, units: dict[str, Unit], accounts: list[DemoAccount], password_hash: str
) -> dict[str, User]:
    """Users, Person rows and role grants of the named demo accounts; returns users by e-mail."""
    existing = {u.email: u for u in User.objects.filter(email__in=[a.email for a in accounts])}
    User.objects.bulk_create(
        [
            User(email=a.email, first_name=a.first_name, last_name=a.last_name, password=password_hash)
            for a in accounts
            if a.email not in existing
        ]
    )
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in accounts])}
    Person.objects.bulk_create(
        [
            Person(
                organisation=org,
                hr_id=f"DEMO{i:04d}",
                user=users[a.email],
                email=a.email,
                first_name=a.first_name,
                last_name=a.last_name,
                unit=units[a.home_unit],
                job_family=a.job_family,
                category=a.category,
                status="titulaire",
                gender=a.gender,
                age_band=("30-39", "40-49", "50-59")[i % 3],
            )
            for i, a in enumerate(accounts)
        ]
    )
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(
                user=users[a.email],
                organisation=org,
                unit=units[a.unit_code] if a.unit_code else None,
                role=a.role,
            )
            for a in accounts
            if a.role != "agent"
        ]
    )
    return users


def _create_plan(org: Organisation, users: dict[str, User]) -> Plan:
    """The published plan with its axes, themes and actions, then where each action stands."""
    plan = Plan.objects.create(
        organisation=org,
        title=source.PLAN_TITLE,
        summary=source.PLAN_SUMMARY,
        first_school_year=source.PLAN_FIRST_SCHOOL_YEAR,
        last_school_year=source.PLAN_LAST_SCHOOL_YEAR,
        status=PlanStatus.ADOPTED,
        visibility=Visibility.PUBLIC,
        version=1,
        adopted_on=source.PLAN_ADOPTED_ON,
    )
    themes = {
        t.key: Theme.objects.create(plan=plan, title=t.title, description=t.description)
        for t in source.THEMES
    }
    updates: list[ActionUpdate] = []
    dates: list[datetime] = []
    for axis_data in source.AXES:
        axis = Axis.objects.create(
            plan=plan, number=axis_data.number, title=axis_data.title, objective=axis_data.objective
        )
        for data in axis_data.actions:
            code = f"{axis_data.number}.{data.number}"
            progress = PROGRESS[code]
            action = Action.objects.create(
                plan=plan,
                axis=axis,
                number=data.number,
                title=data.title,
                context=data.context,
                concrete_actions=data.concrete_actions,
                indirect_benefits=data.indirect_benefits,
                existing_links=data.existing_links,
                lead_roles=data.lead_roles,
                follow_up_committee=data.follow_up_committee,
                start_date=data.start,
                end_date=data.end,
                status=progress.status,
                progress=progress.progress,
            )
            action.leads.set([users[email] for email in progress.leads])
            action.themes.set([themes[key] for key in data.themes])
            reached = {u.milestone: u.on for u in progress.updates if u.milestone is not None}
            milestones = [
                Milestone.objects.create(action=action, title=m.title, due_date=m.due, done_on=reached.get(i))
                for i, m in enumerate(data.milestones)
            ]
            status = "planned"
            for update in progress.updates:
                updates.append(
                    ActionUpdate(
                        action=action,
                        author=users[progress.leads[0]],
                        text=update.text,
                        status_before=status,
                        status_after=update.status_after,
                        progress_after=update.progress,
                        milestone_done=milestones[update.milestone] if update.milestone is not None else None,
                    )
                )
                dates.append(datetime(update.on.year, update.on.month, update.on.day, 17, 30, tzinfo=PARIS))
                status = update.status_after
    created = ActionUpdate.objects.bulk_create(updates)  # sets created_at to now (auto_now_add)…
    for row, when in zip(created, dates, strict=True):
        row.created_at = when
    ActionUpdate.objects.bulk_update(created, ["created_at"])  # … so the real dates are written after
    return plan
