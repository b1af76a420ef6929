"""Schemathesis against ``/api/openapi.json``: generated requests (valid and invalid) on every operation, through
the Django WSGI application and the test database. No answer may be a 5xx or differ from what the schema says.

The number of examples is bounded so that the run stays well under a minute; it runs with the unit tests
(``make unit``/``make test`` and on PostgreSQL in CI).
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from accounts.models import ApiToken
from plans.models import Milestone

pytestmark = pytest.mark.django_db

EXAMPLES = 500  # over every operation, valid and invalid requests: a few seconds


@pytest.fixture
def wsgi_application():
    """The real WSGI handler, kept from closing the test's database connection after each request (as Django's
    test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_application, plans, action, programme_lead):
    """Plans of each visibility and an action with a milestone, read through the WSGI application."""
    Milestone.objects.create(action=action, title="Livret imprimé", due_date="2024-09-01")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_application)


@pytest.fixture
def pilot_token(programme_lead):
    return ApiToken.issue(user=programme_lead, name="Schemathesis")[1]


# Schemathesis's own pytest plugin (``from_fixture``) does not run under pytest 9 yet: drive Hypothesis directly.
def test_the_api_answers_as_documented_and_never_fails(api_schema, pilot_token):
    cases = st.one_of(
        api_schema.as_strategy(GenerationMode.POSITIVE), api_schema.as_strategy(GenerationMode.NEGATIVE)
    )
    seen: set[str] = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def run(case):
        seen.add(f"{case.method} {case.path}")
        case.call_and_validate(headers={"Authorization": f"Bearer {pilot_token}"})

    run()
    assert len(seen) == 18, seen  # every operation was exercised
