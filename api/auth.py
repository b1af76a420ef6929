"""How API callers prove who they are: a personal token, or the browser session (with its CSRF token)."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from accounts.models import ApiToken, hash_api_token

LAST_USED_STEP = datetime.timedelta(minutes=5)
TOKEN_PREFIX = "qv_"  # noqa: S105 - the public prefix of every token, not a secret


# Tokens already checked by this process: token hash → [checked at (monotonic), token's pk, last_used_at, user].
# Kept TOKEN_CACHE_SECONDS; cleared in this process whenever a token, user, role grant or person is saved or
# deleted (api.apps), so a revocation applies at once here and within that delay in the other processes.
_TOKENS: dict[str, list[Any]] = {}
TOKEN_CACHE_SECONDS = 10.0
TOKEN_CACHE_SIZE = 1024


def tokens_forget(**_kwargs: Any) -> None:
    """Forget every token checked by this process (a signal receiver: accounts or people changed)."""
    _TOKENS.clear()


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer qv_…``: a personal token from the account page, looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX):
            return None
        digest = hash_api_token(token)
        clock = time.monotonic()
        entry = _TOKENS.get(digest)
        if entry is None or clock - entry[0] >= TOKEN_CACHE_SECONDS:
            found = (
                ApiToken.objects.select_related("user")
                .filter(token_hash=digest, user__is_active=True)
                .first()
            )
            if found is None:
                _TOKENS.pop(digest, None)
                return None
            if len(_TOKENS) >= TOKEN_CACHE_SIZE:
                _TOKENS.clear()
            entry = _TOKENS[digest] = [clock, found.pk, found.last_used_at, found.user]
        now = timezone.now()
        if entry[2] is None or now - entry[2] >= LAST_USED_STEP:
            # the account page says when a token was last used, to the step: no write on every request
            ApiToken.objects.filter(pk=entry[1]).update(last_used_at=now)
            entry[2] = now
        user = entry[3]
        request.user = user  # services and the audit trail see the token's owner
        return user


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
