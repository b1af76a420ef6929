"""Request types for views, so that mypy knows about ``request.user`` and ``request.htmx``."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    user: User  # type: ignore[assignment]
