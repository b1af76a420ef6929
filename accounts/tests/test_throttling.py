"""Sign-in throttling behind the documented reverse proxy: the real client address, per account and per address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttle import client_ip
from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-tres-solide"
PROXY = "127.0.0.1"  # docs/deploy.md: gunicorn listens on 127.0.0.1 behind nginx


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_without_a_trusted_proxy_the_address_is_the_peer_whatever_the_header_says(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_is_the_rightmost_forwarded_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(PROXY, "198.51.100.1")) == "198.51.100.1"
    # A client cannot choose its address: what it sent itself is on the left, the proxy appends on the right.
    assert client_ip(_request(PROXY, "10.9.9.9, 198.51.100.1")) == "198.51.100.1"


def test_behind_two_proxies_the_address_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(PROXY, "10.9.9.9, 198.51.100.1, 192.0.2.7")) == "198.51.100.1"


def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(PROXY)) == PROXY
    assert (
        client_ip(_request(PROXY, "198.51.100.1")) == PROXY
    )  # fewer entries than proxies: not from our proxies
    assert client_ip(_request(PROXY, "pas-une-adresse, 192.0.2.7")) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(PROXY, "2001:db8::1")) == "2001:db8::1"


def _accounts(n):
    users = []
    for i in range(n):
        user = UserFactory(email=f"admin{i}@test.fr")
        user.set_password(PASSWORD)
        user.save()
        users.append(user)
    return users


def _try(client, email, password, address):
    return client.post(
        reverse("accounts:password_login"),
        {"email": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_spraying_many_accounts_from_one_address_locks_that_address_only(client, behind_proxy):
    """32 guesses over 8 accounts used to lock nothing (the lock was keyed on the pair account + address)."""
    users = _accounts(9)
    statuses = [
        _try(client, u.email, f"essai-{k}", "198.51.100.1").status_code for k in range(4) for u in users[:8]
    ]
    assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {
        429
    }  # the fifth failure locks, as for one account
    # The sprayer's address is locked, even for a right password…
    assert _try(client, users[8].email, PASSWORD, "198.51.100.1").status_code == 429
    # …but nobody else is: behind the proxy, another person has another address.
    assert _try(client, users[8].email, PASSWORD, "203.0.113.20").status_code == 302


def test_five_failures_on_one_account_lock_that_account_from_every_address(client):
    """Without a proxy too: five guesses from five addresses used to lock nothing."""
    (admin, other) = _accounts(2)
    url = reverse("accounts:password_login")
    for k in range(5):
        client.post(url, {"email": admin.email, "password": "faux"}, REMOTE_ADDR=f"198.51.100.{k + 1}")
    right = {"email": admin.email, "password": PASSWORD}
    assert client.post(url, right, REMOTE_ADDR="203.0.113.20").status_code == 429
    right = {"email": other.email, "password": PASSWORD}
    assert client.post(url, right, REMOTE_ADDR="203.0.113.20").status_code == 302  # the address is not locked


def test_signing_in_to_ones_own_account_does_not_wipe_the_addresss_failures(client, behind_proxy):
    """Otherwise a sprayer with an account of their own would reset the address's counter every four guesses."""
    own, *others = _accounts(5)
    for user in others:
        assert _try(client, user.email, "faux", "198.51.100.1").status_code == 400
    assert _try(client, own.email, PASSWORD, "198.51.100.1").status_code == 302
    client.post(reverse("accounts:logout"))
    assert _try(client, others[0].email, "faux", "198.51.100.1").status_code == 429


def test_bogus_sign_in_links_lock_their_address_never_everyones_links(client, agent):
    """A link's token names no account: its failures count against the address only. Keyed on an empty account
    name, five bogus links from anywhere would lock every sign-in link for everyone."""
    from sesame.utils import get_token

    from accounts.services import _digest

    url = reverse("accounts:magic_login")
    for k in range(5):
        client.post(url, {"jeton": f"faux-{k}"}, REMOTE_ADDR=f"198.51.100.{k + 1}")
    statuses = [client.post(url, {"jeton": "faux"}, REMOTE_ADDR="192.0.2.1").status_code for _ in range(5)]
    assert statuses == [302] * 4 + [429]  # guessing from one address is limited

    token = get_token(agent)
    type(agent).objects.filter(pk=agent.pk).update(sign_in_link_digest=_digest(token))
    assert client.post(url, {"jeton": token}, REMOTE_ADDR="203.0.113.20").status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
