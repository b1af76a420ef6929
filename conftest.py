"""Named users per role, as in CONVENTIONS.md: one organisation with a small tree, and an outsider."""

import os
from io import StringIO

import pytest

from core.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoleGrantFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """scrypt is slow on purpose; tests that check the production hasher override this."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    """Tests render templates without running collectstatic first, and write uploads in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="academie-test", name="Académie de Test", state=True)


@pytest.fixture
def root_unit(organisation):
    return UnitFactory(organisation=organisation, code="RECT", name="Rectorat", unit_type="Rectorat")


@pytest.fixture
def school(organisation, root_unit):
    return UnitFactory(organisation=organisation, parent=root_unit, code="ECOLE1", name="Collège Victor-Hugo")


def _staff(organisation, unit, email, role=None, scope=None):
    person = PersonFactory(organisation=organisation, unit=unit, user=UserFactory(email=email))
    if role:
        RoleGrantFactory(user=person.user, organisation=organisation, role=role, unit=scope)
    return person.user


@pytest.fixture
def agent(organisation, school):
    return _staff(organisation, school, "agent@test.fr")


@pytest.fixture
def programme_lead(organisation, root_unit):
    return _staff(organisation, root_unit, "pilote@test.fr", "programme_lead")


@pytest.fixture
def action_lead(organisation, root_unit):
    return _staff(organisation, root_unit, "cheffe@test.fr", "action_lead")


@pytest.fixture
def manager(organisation, school):
    return _staff(organisation, school, "encadrant@test.fr", "manager", scope=school)


@pytest.fixture
def staff_rep(organisation, root_unit):
    return _staff(organisation, root_unit, "representant@test.fr", "staff_rep")


@pytest.fixture
def admin_user(organisation, root_unit):
    return _staff(organisation, root_unit, "admin@test.fr", "admin")


@pytest.fixture
def outsider(db):
    other = OrganisationFactory(slug="autre-organisation", name="Autre organisation")
    unit = UnitFactory(organisation=other, code="AUTRE")
    return _staff(other, unit, "intrus@autre.fr", "programme_lead")


# --- Browser tests: Playwright driving Debian's Chromium ---
os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop in the test thread

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django sends through it. `smtp_server.messages` holds what arrived."""
    from core.tests import smtp

    handler = smtp.CatchingHandler()
    controller = smtp.start(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def _fresh_questionnaire_cache():
    """Rolled-back tests reuse primary keys: never let one test see another's cached questionnaire items."""
    from analytics import selectors as result_selectors
    from api import auth as api_auth
    from surveys import services as survey_services

    for clear in (
        survey_services._ITEMS_CACHE.clear,
        result_selectors.caches_clear,
        api_auth.tokens_forget,
    ):
        clear()
    yield
    for clear in (
        survey_services._ITEMS_CACHE.clear,
        result_selectors.caches_clear,
        api_auth.tokens_forget,
    ):
        clear()


@pytest.fixture(autouse=True)
def _site_language_between_tests():
    """A request in English leaves English active in the thread: start and end every test in the site's language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- The demo (demo app), loaded once per test module: any app's tests may ask for `demo` ---
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"  # as _fast_password_hashing does for each test


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once per test module with the `load_demo` command (what it printed is the fixture's value),
    inside a transaction rolled back at the end (each test rolls back to a savepoint within it)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

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
    from demo.loader import DEMO_SLUG
    from organisations.models import Organisation

    return Organisation.objects.get(slug=DEMO_SLUG)
