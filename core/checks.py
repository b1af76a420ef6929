"""Deploy checks (``manage.py check --deploy``): an incomplete production configuration refuses to start.

Production runs ``check --deploy`` before starting the web and worker processes (``ExecStartPre`` in
docs/deploy.md); development (``make run``) and the tests never run the deploy checks, so their embedded
defaults keep working.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}  # noqa: S104 - names to refuse, not to bind
NO_DELIVERY_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_one(app_configs: Any, **kwargs: Any) -> list[Error]:
    from config.settings import _DEV_SECRET

    if settings.SECRET_KEY == _DEV_SECRET:
        return [
            Error("SECRET_KEY must be set in production (it is the development key).", id="qualivie.E001")
        ]
    return []


@register(Tags.security, deploy=True)
def email_goes_through_smtp(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Without EMAIL_HOST the console backend would print every invitation, with its personal code, in the log."""
    if not settings.EMAIL_HOST or settings.EMAIL_BACKEND in NO_DELIVERY_BACKENDS:
        return [
            Error(
                "EMAIL_HOST must be set in production: without it, e-mails (and the personal survey codes "
                "they carry) are printed in the worker's log instead of being sent.",
                id="qualivie.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs: Any, **kwargs: Any) -> list[Error]:
    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127."):
        return [
            Error(
                f"SITE_URL must be the public address in production (it is {settings.SITE_URL!r}): the links "
                "of the e-mails would not work.",
                id="qualivie.E003",
            )
        ]
    return []
