from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from core.demo.loader import DEMO_SLUG
from organisations.models import Organisation

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"  # as the root conftest does for each test


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once per test module with the `load_demo` command (what it printed is the fixture's value),
    inside a transaction rolled back at the end (each test rolls back to a savepoint within it)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_demo", stdout=out)
            assert "Données de démonstration chargées." in out.getvalue()
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_loaded, db):
    """The demo academy, loaded once for the module."""
    return Organisation.objects.get(slug=DEMO_SLUG)
