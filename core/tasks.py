"""Background jobs of the core app (run by the daily scheduler, core.schedule)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django_tasks import task


@task()
def purge_expired_sessions() -> None:
    """Django's ``clearsessions``: delete the expired server-side sessions (the default daily job, 03:00)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
