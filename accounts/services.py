"""Writes on accounts: sign-in links."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

from accounts.models import User


def magic_link_send(*, email: str) -> bool:
    """E-mail a one-time sign-in link to an active account. Returns False when nobody has that address.

    Callers must answer the same thing either way, so that the form tells nobody who has an account.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return False
    link = settings.SITE_URL + reverse("accounts:magic_login") + get_query_string(user)
    minutes = settings.SESAME_MAX_AGE // 60
    body = _(
        "Bonjour,\n\nPour vous connecter à Qualivie, ouvrez ce lien (valable %(minutes)s minutes, "
        "utilisable une seule fois) :\n\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message."
    ) % {"minutes": minutes, "link": link}
    send_mail(_("Votre lien de connexion à Qualivie"), body, None, [user.email])
    return True
