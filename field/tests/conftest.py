"""A school with its work unit, a discussion space (the manager facilitates, the agent is a member), a plan action."""

import pytest

from accounts.models import Role
from core.tests.factories import (
    ActionFactory,
    AxisFactory,
    PersonFactory,
    PlanFactory,
    RoleGrantFactory,
    UserFactory,
)
from field import services
from prevention.models import WorkUnit


@pytest.fixture
def inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def adviser(organisation, root_unit):
    """The prevention adviser: on the steering committee, and the keeper of the register and the programme."""
    person = PersonFactory(
        organisation=organisation, unit=root_unit, user=UserFactory(email="prevention@test.fr")
    )
    RoleGrantFactory(user=person.user, organisation=organisation, role=Role.PREVENTION_ADVISER)
    return person.user


@pytest.fixture
def work_unit(organisation, school):
    unit = WorkUnit.objects.create(
        organisation=organisation, name="Vie scolaire du collège", code="VSC", headcount=9
    )
    unit.units.add(school)
    return unit


@pytest.fixture
def space(organisation, school, manager, agent, programme_lead):
    return services.space_create(
        organisation=organisation,
        by=programme_lead,
        name="Espace de la vie scolaire",
        unit=school,
        facilitators=[manager],
        members=[agent],
        rules="On parle du travail, pas des personnes ; ce qui se dit ici reste ici.",
    )


@pytest.fixture
def action(organisation):
    plan = PlanFactory(organisation=organisation)
    return ActionFactory(axis=AxisFactory(plan=plan), title="Réorganiser l'accueil")
