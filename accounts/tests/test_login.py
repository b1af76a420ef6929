import re

import pytest
from django.urls import reverse

from accounts.models import ApiToken, hash_api_token
from core.tests.factories import UserFactory
from core.tests.smtp import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs_run(settings, django_capture_on_commit_callbacks):
    """The sign-in link leaves from a background job, enqueued after the answer: run it at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _link_from(message) -> tuple[str, str]:
    match = re.search(r"(/compte/connexion/lien/)\?jeton=(\S+)", body_of(message))
    assert match, body_of(message)
    return match.group(1), match.group(2)


def test_staff_member_signs_in_with_an_emailed_one_time_link(client, agent, smtp_server, jobs_run):
    with jobs_run():
        response = client.post(reverse("accounts:login"), {"email": "AGENT@test.fr"})
    assert "Vérifiez votre messagerie" in response.content.decode()
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "agent@test.fr"
    path, token = _link_from(smtp_server.messages[0])

    confirm = client.get(path, {"jeton": token})
    assert confirm.status_code == 200 and "Me connecter" in confirm.content.decode()
    client.post(path, {"jeton": token})
    assert client.get(reverse("accounts:profile")).status_code == 200

    client.post(reverse("accounts:logout"))
    client.post(path, {"jeton": token})  # the link works once only
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_login_form_answers_the_same_for_unknown_addresses_and_sends_nothing(
    client, agent, smtp_server, jobs_run
):
    with jobs_run():
        known = client.post(reverse("accounts:login"), {"email": "agent@test.fr"}).content.decode()
    with jobs_run():
        unknown = client.post(reverse("accounts:login"), {"email": "personne@inconnu.fr"}).content.decode()
    assert known.split("<main")[1] == unknown.split("<main")[1]
    assert len(smtp_server.messages) == 1


def test_login_form_shows_a_french_error_for_a_bad_address(client, organisation):
    html = client.post(reverse("accounts:login"), {"email": "pas-une-adresse"}).content.decode()
    assert "Cette adresse e-mail n&#x27;est pas valide." in html
    assert 'value="pas-une-adresse"' in html  # what was typed is kept


def test_deactivated_people_get_no_link(client, agent, smtp_server, jobs_run):
    agent.is_active = False
    agent.save()
    with jobs_run():
        client.post(reverse("accounts:login"), {"email": "agent@test.fr"})
    assert smtp_server.messages == []


def test_administrator_signs_in_with_a_password(client, admin_user):
    admin_user.set_password("un-mot-de-passe-tres-solide")
    admin_user.save()
    response = client.post(
        reverse("accounts:password_login"),
        {"email": "admin@test.fr", "password": "un-mot-de-passe-tres-solide"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_login_is_rate_limited_after_five_failures(client, admin_user):
    admin_user.set_password("un-mot-de-passe-tres-solide")
    admin_user.save()
    for _ in range(4):
        response = client.post(
            reverse("accounts:password_login"), {"email": "admin@test.fr", "password": "faux"}
        )
        assert "incorrect" in response.content.decode()
    fifth = client.post(reverse("accounts:password_login"), {"email": "admin@test.fr", "password": "faux"})
    assert fifth.status_code == 429
    locked = client.post(
        reverse("accounts:password_login"),
        {"email": "admin@test.fr", "password": "un-mot-de-passe-tres-solide"},
    )
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_passwords_are_hashed_with_scrypt(settings):
    from config import settings as production_settings

    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = UserFactory(email="hash@test.fr")
    user.set_password("un-mot-de-passe-tres-solide")
    assert user.password.startswith("scrypt$")


def test_api_token_is_shown_once_and_only_its_hash_is_stored(client, agent):
    client.force_login(agent)
    html = client.post(reverse("accounts:api_tokens"), {"name": "Tableau"}).content.decode()
    raw = re.search(r"<code>(qv_[^<]+)</code>", html).group(1)
    token = ApiToken.objects.get(user=agent)
    assert token.token_hash == hash_api_token(raw) and raw not in token.token_hash
    assert raw not in client.get(reverse("accounts:api_tokens")).content.decode()


def test_an_outsider_cannot_switch_to_another_organisation(client, outsider, organisation):
    client.force_login(outsider)
    client.post(reverse("accounts:switch_organisation"), {"organisation": organisation.pk})
    html = client.get(reverse("core:home")).content.decode()
    assert "Académie de Test" not in html.split("<main")[0]


def test_revoking_a_malformed_token_id_changes_nothing_and_does_not_fail(client, agent):
    raw = ApiToken.issue(user=agent, name="Tableau")[1]
    client.force_login(agent)
    for bogus in ("abc", "99999999999999999999", "-1", ""):
        response = client.post(reverse("accounts:api_tokens"), {"revoke": bogus})
        assert response.status_code == 302, bogus
    assert (
        client.get("/api/plans/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    )  # the token still works
