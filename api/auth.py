"""How API callers prove who they are: a personal token, or the browser session (with its CSRF token)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from accounts.models import ApiToken, hash_api_token

LAST_USED_STEP = datetime.timedelta(minutes=5)
TOKEN_PREFIX = "qv_"  # noqa: S105 - the public prefix of every token, not a secret


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer qv_…``: a personal token from the account page, looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX):
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_api_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_STEP:
            # the account page says when a token was last used, to the step: no write on every request
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user  # services and the audit trail see the token's owner
        return found.user


class CsrfSessionAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token (header ``X-CSRFToken``)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)


def anonymous(request: HttpRequest) -> Any:
    """Read-only endpoints also answer visitors, with public data only — unless a credential was sent and failed."""
    if request.headers.get("Authorization"):
        return None
    return AnonymousUser()


token_auth = ApiTokenAuth()
session_auth = CsrfSessionAuth()
AUTHENTICATED = [token_auth, session_auth]
OPTIONAL = [token_auth, session_auth, anonymous]
# In the OpenAPI schema, an empty security requirement says that visitors without any credential are answered too.
OPTIONAL_OPENAPI: dict = {"security": [{}]}
