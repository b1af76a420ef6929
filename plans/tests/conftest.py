"""A small published plan taken from the seeds: axis 1 and axis 3, the two cross-cutting themes,
action 1.1 led by the ``action_lead`` fixture, with two milestones."""

import datetime

import pytest

from plans import services
from plans.models import ActionStatus, Visibility


@pytest.fixture(autouse=True)
def _media_in_tmp_and_fast_hashing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fixture users, fast


@pytest.fixture
def plan(organisation, programme_lead):
    plan = services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan académique pour la qualité de vie au travail",
        first_school_year=2023,
        last_school_year=2026,
    )
    services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=programme_lead)
    services.plan_set_status(plan=plan, status="adopted", by=programme_lead)
    return plan


@pytest.fixture
def axis(plan, programme_lead):
    return services.axis_create(
        plan=plan,
        by=programme_lead,
        number=1,
        title="Développer des relations de travail inclusives et bienveillantes",
    )


@pytest.fixture
def axis3(plan, programme_lead):
    return services.axis_create(
        plan=plan, by=programme_lead, number=3, title="Valoriser et reconnaître le travail"
    )


@pytest.fixture
def themes(plan, programme_lead):
    return [
        services.theme_create(plan=plan, by=programme_lead, title="Communication interne"),
        services.theme_create(plan=plan, by=programme_lead, title="Organisation du travail"),
    ]


@pytest.fixture
def action(plan, axis, themes, action_lead, programme_lead):
    action = services.action_create(
        plan=plan,
        axis=axis,
        by=programme_lead,
        number=1,
        title="Mettre à disposition des personnels un module de formation à distance sur la relation à l'usager",
        context="Les personnels en contact avec les usagers sont exposés à des situations de tension.",
        concrete_actions="Concevoir un module de formation à distance.",
        indirect_benefits="Faire des personnels d'encadrement des moteurs de cette évolution des pratiques.",
        existing_links="Rencontres RH en EPLE.",
        lead_roles="Secrétaire général de la DSDEN du Doubs",
        follow_up_committee="Comité de suivi opérationnel de la DRH",
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2025, 6, 30),
        status=ActionStatus.IN_PROGRESS,
        progress=20,
        leads=[action_lead],
        themes=themes[:1],
    )
    services.milestone_create(
        action=action, by=programme_lead, title="Module en ligne", due_date=datetime.date(2024, 3, 15)
    )
    services.milestone_create(
        action=action,
        by=programme_lead,
        title="Bilan de la première session",
        due_date=datetime.date(2025, 6, 1),
    )
    return action


@pytest.fixture
def barometer_action(plan, axis3, programme_lead):
    return services.action_create(
        plan=plan,
        axis=axis3,
        by=programme_lead,
        number=5,
        title="Instaurer un baromètre annuel de la qualité de vie au travail dans l'académie",
        start_date=datetime.date(2024, 1, 1),
    )


@pytest.fixture
def private_plan(organisation, programme_lead):
    return services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Projet de plan",
        first_school_year=2027,
        last_school_year=2029,
    )
