"""The client's address behind the reverse proxies we trust (``TRUSTED_PROXY_COUNT``), for django-axes.

Each proxy appends the address it received the request from to ``X-Forwarded-For``; whatever the client sent
itself stays on the left. Behind ``n`` trusted proxies, the client is therefore the ``n``-th entry from the right
(``REMOTE_ADDR`` being the proxy nearest to us). With no trusted proxy, the header is ignored: anyone can write it.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.perms import axes_username


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the address the outermost trusted proxy saw, else the peer's address."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return peer  # not written by our proxies: a misconfiguration, never the client's word
    return _address(hops[-count]) or peer


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    """``AXES_LOCKOUT_PARAMETERS``: separate keys (not the pair), the account and the address.

    An e-mailed link's token names no account: its failures count against the address only. Keyed on an empty
    account name as well, five bogus links from anywhere would lock everyone's links.
    """
    if isinstance(request_or_attempt, HttpRequest):
        username = axes_username(request_or_attempt, credentials)
    else:  # an AccessAttempt
        username = getattr(request_or_attempt, "username", "") or ""
    return ["username", "ip_address"] if username else ["ip_address"]
