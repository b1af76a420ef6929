"""Writes on accounts: sign-in links."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from sesame.utils import get_token

from accounts.models import User
from core import jobs

if TYPE_CHECKING:
    from django.http import HttpRequest


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def magic_link_request(*, email: str) -> None:
    """Someone asked for a sign-in link: enqueue its sending after the answer, whoever owns the address.

    The request does the same work either way (one job enqueued, no lookup): neither its answer nor its duration
    tells whether the address has an account. The job looks the account up and sends the link, or nothing.
    """
    address = email.strip()
    jobs.enqueue_on_commit("accounts.tasks.send_sign_in_link", email=address)


def magic_link_send(*, email: str) -> bool:
    """E-mail a one-time sign-in link to an active account. Returns False when nobody has that address.

    The new link revokes the account's older unused ones (only the newest token's digest is accepted).
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return False
    token = get_token(user)
    User.objects.filter(pk=user.pk).update(sign_in_link_digest=_digest(token))
    link = (
        settings.SITE_URL
        + reverse("accounts:magic_login")
        + "?"
        + urlencode({settings.SESAME_TOKEN_NAME: token})
    )
    minutes = settings.SESAME_MAX_AGE // 60
    body = _(
        "Bonjour,\n\nPour vous connecter à Qualivie, ouvrez ce lien (valable %(minutes)s minutes, "
        "utilisable une seule fois) :\n\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message."
    ) % {"minutes": minutes, "link": link}
    send_mail(_("Votre lien de connexion à Qualivie"), body, None, [user.email])
    return True


def magic_link_authenticate(request: HttpRequest, token: str) -> User | None:
    """The account of a valid, unused and newest sign-in link; None otherwise. The link is spent on success."""
    user = authenticate(request, sesame=token)
    if not isinstance(user, User) or not user.sign_in_link_digest:
        return None
    if not constant_time_compare(user.sign_in_link_digest, _digest(token)):
        return None
    User.objects.filter(pk=user.pk).update(sign_in_link_digest="")
    user.sign_in_link_digest = ""
    return user
