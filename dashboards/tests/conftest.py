"""The plans app's small published plan (action 1.1 led by ``action_lead``, two milestones past due) for the
dashboards' tests, files under a temporary MEDIA_ROOT and background tasks run inline."""

import pytest

from plans.tests.conftest import (  # noqa: F401 - fixtures
    _media_in_tmp_and_fast_hashing,
    action,
    axis,
    axis3,
    barometer_action,
    plan,
    private_plan,
    themes,
)


@pytest.fixture
def inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
