"""Deploy checks: an incomplete production configuration refuses to start (``manage.py check --deploy``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import checks

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "s3cr3t-" + "x" * 50,
    "SITE_URL": "https://qvt.exemple.fr",
    "ALLOWED_HOSTS": "qvt.exemple.fr",
    "EMAIL_HOST": "smtp.exemple.fr",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "DEBUG": "false",
}


def check_deploy(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({**PRODUCTION, **overrides})
    env = {k: v for k, v in env.items() if v != ""}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ids(errors: list) -> list[str]:
    return [e.id for e in errors]


def production(settings):
    settings.SECRET_KEY = PRODUCTION["SECRET_KEY"]
    settings.SITE_URL = PRODUCTION["SITE_URL"]
    settings.EMAIL_HOST = PRODUCTION["EMAIL_HOST"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def all_errors() -> list[str]:
    return ids(
        checks.secret_key_is_not_the_development_one(None)
        + checks.email_goes_through_smtp(None)
        + checks.site_url_is_public(None)
    )


def test_a_complete_production_configuration_passes_the_checks(settings):
    production(settings)
    assert all_errors() == []


def test_the_development_secret_key_refuses(settings):
    from config.settings import _DEV_SECRET

    production(settings)
    settings.SECRET_KEY = _DEV_SECRET
    assert all_errors() == ["qualivie.E001"]


def test_no_smtp_host_refuses_because_the_console_would_print_the_codes(settings):
    production(settings)
    settings.EMAIL_HOST = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert all_errors() == ["qualivie.E002"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "https://localhost",
        "http://[::1]:8000",
        "http://qv.localhost",
    ],
)
def test_a_site_url_on_this_machine_refuses(settings, url):
    production(settings)
    settings.SITE_URL = url
    assert all_errors() == ["qualivie.E003"]


def test_check_deploy_with_production_environment_variables():
    complete = check_deploy()
    assert complete.returncode == 0, complete.stderr
    incomplete = check_deploy(SECRET_KEY="", EMAIL_HOST="", SITE_URL="")
    assert incomplete.returncode != 0
    for error in ("qualivie.E001", "qualivie.E002", "qualivie.E003"):
        assert error in incomplete.stderr
