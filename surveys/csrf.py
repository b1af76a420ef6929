"""CSRF protection compatible with ``Referrer-Policy: no-referrer``.

Under that policy browsers send ``Origin: null`` with same-origin form posts (Fetch standard, "serializing a
request origin"), and no ``Referer``: Django's stock check then refuses every form. The survey pages keep
``no-referrer`` and rely on the CSRF token pair (cookie + form field) alone when the origin is ``null``; a
real, different origin is still refused. The session cookie is also ``SameSite=Lax``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt


class _NullOriginCsrf(CsrfViewMiddleware):
    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        return bool(super()._origin_verified(request))  # type: ignore[misc]


_protect = decorator_from_middleware(_NullOriginCsrf)


def survey_csrf_protect(view: Callable[..., Any]) -> Callable[..., Any]:
    """Replace the global CSRF check by the one above for this view (token still required)."""
    return csrf_exempt(_protect(view))


def no_referrer(view: Callable[..., Any]) -> Callable[..., Any]:
    """Survey answering pages send no referrer at all (the rest of the site uses ``same-origin``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped
