"""A regional network hosted by a regional health agency: its facilitator, the test organisation as a member."""

from __future__ import annotations

import pytest

from accounts.models import Role
from core.tests.factories import OrganisationFactory, RoleGrantFactory, UserFactory
from practices.tests.factories import join, make_network


@pytest.fixture
def agency(db):
    return OrganisationFactory(slug="ars-test", name="ARS de Test", kind="agency")


@pytest.fixture
def network(agency):
    return make_network("Réseau QVT des établissements de santé", host=agency, departement="25")


@pytest.fixture
def membership(network, organisation):
    return join(network, organisation, departement="39")


@pytest.fixture
def facilitator(agency):
    user = UserFactory(email="animatrice@ars-test.fr", first_name="Noa", last_name="Réseau")
    RoleGrantFactory(user=user, organisation=agency, role=Role.NETWORK_FACILITATOR)
    return user


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Background jobs run in the request's thread once the transaction commits, as the worker would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
