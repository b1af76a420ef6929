"""Attacks on the server-side sessions: someone holding a copy of the database (with or without SECRET_KEY)
must find in ``django_session`` no trace of who is answering, and a signed-in person's session row must not
change when they submit (its expiry date would tell when they answered)."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from surveys import crypto
from surveys.tests.conftest import valid_answers
from surveys.tests.test_answering import answer_all_pages, session_url

pytestmark = pytest.mark.django_db

# Every purpose label a SECRET_KEY-derived key was ever given in surveys.crypto: the attacker reads the source.
LABELS = [b"qualivie:surveys:session:v1", b"qualivie:surveys:pool:v1", b"qualivie:surveys:cookie:v1"]


def session_rows() -> list[tuple[str, str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_key, session_data, expire_date FROM django_session ORDER BY session_key"
        )
        return [(str(k), str(d), e) for k, d, e in cursor.fetchall()]


def strings_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *strings_in(v)]]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return [str(value)]


def decrypted_with_secret_key(text: str) -> list[str]:
    """What an attacker with SECRET_KEY gets by trying every key the code derives from it on a value."""
    found = []
    for label in LABELS:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
            settings.SECRET_KEY.encode()
        )
        try:
            found.append(
                Fernet(base64.urlsafe_b64encode(key)).decrypt(text.encode()).decode(errors="replace")
            )
        except (InvalidToken, ValueError):
            continue
    return found


def payload_without_key(session_data: str) -> str:
    """Django signs sessions, it does not encrypt them: the payload is readable without SECRET_KEY."""
    payload = session_data.split(":")[0]
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode(errors="replace")


def traces_of(token: str) -> list[str]:
    normal = crypto.normalise_token(token)
    return [token, normal, crypto.format_token(normal), crypto.token_hash(token), crypto.draft_lookup(token)]


def leaked(texts: list[str], tokens: list[str]) -> list[str]:
    return [t for t in texts for token in tokens for trace in traces_of(token) if trace in t]


@pytest.fixture
def respondents(client, agent, open_campaign):
    """A signed-in agent and an anonymous visitor each start answering and save a draft."""
    _campaign, tokens = open_campaign
    from django.test import Client

    client.force_login(agent)
    anonymous = Client()
    for browser, token in ((client, tokens[0]), (anonymous, tokens[1])):
        url = session_url(browser, token)
        browser.get(url)
        saved = browser.post(f"{url}1/", {"rel_ambiance": "4", "action": "save"})
        assert "Vos réponses sont enregistrées" in saved.content.decode()
    return tokens[:2]


def test_with_secret_key_no_session_row_holds_a_code_its_hash_or_its_draft_lookup(respondents):
    rows = session_rows()
    assert rows, "the signed-in agent has a session"
    texts = []
    for _key, data, _expiry in rows:
        decoded = SessionStore().decode(data)
        values = strings_in(decoded)
        texts += [json.dumps(decoded), *values]
        texts += [clear for value in values for clear in decrypted_with_secret_key(value)]
    assert not leaked(texts, respondents)
    # Nothing about answering is kept at all: the signed-in agent's session holds only the sign-in keys.
    for _key, data, _expiry in rows:
        assert set(SessionStore().decode(data)) <= {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}


def test_without_secret_key_no_session_row_holds_a_code_its_hash_or_its_draft_lookup(respondents):
    texts = [payload_without_key(data) for _key, data, _expiry in session_rows()]
    assert texts
    assert not leaked(texts, respondents)
    assert not any("qv_survey" in t for t in texts)


def test_an_anonymous_respondent_gets_no_server_side_session_at_all(client, open_campaign):
    _campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    client.post(f"{url}1/", {"rel_ambiance": "4", "action": "save"})
    assert "/merci/" in answer_all_pages(client, url, valid_answers())["Location"]
    assert session_rows() == []


def test_submitting_leaves_the_signed_in_persons_session_row_byte_identical(client, agent, open_campaign):
    _campaign, tokens = open_campaign
    client.force_login(agent)
    client.get("/")
    url = session_url(client, tokens[0])
    client.get(url)
    client.post(f"{url}1/", {"rel_ambiance": "4", "action": "save"})
    before = session_rows()
    assert len(before) == 1
    done = answer_all_pages(client, url, valid_answers())
    assert "/merci/" in done["Location"]
    client.get(done["Location"])
    assert session_rows() == before


def test_the_whole_answering_flow_leaves_the_signed_in_persons_session_row_byte_identical(
    client, agent, open_campaign
):
    _campaign, tokens = open_campaign
    client.force_login(agent)
    before = session_rows()
    url = session_url(client, tokens[0])
    client.get(url)
    client.post(f"{url}1/", {"rel_ambiance": "4", "action": "save"})
    done = answer_all_pages(client, url, valid_answers())
    client.get(done["Location"])
    assert session_rows() == before


def test_sessions_are_not_saved_on_every_request():
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_the_code_lives_in_a_strict_httponly_cookie_of_the_answering_pages_only(client, open_campaign):
    _campaign, tokens = open_campaign
    started = client.post("/barometre/repondre/commencer/", {"code": tokens[0]}, secure=True)
    url = started["Location"]
    cookie = started.cookies["qv_code"]
    assert url.startswith("/barometre/repondre/s/") and cookie["path"] == url
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["secure"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert not leaked([cookie.value, started.content.decode()], tokens)  # wrapped, not in clear
    assert client.get(url, secure=True).status_code == 200
    done = answer_all_pages(client, url, valid_answers())
    assert "/merci/" in done["Location"]
    assert done.cookies["qv_code"].value == "" and done.cookies["qv_code"]["path"] == url


def test_without_the_cookie_the_pages_ask_for_the_code_again_and_write_nothing(client, open_campaign):
    _campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    client.cookies.pop("qv_code")
    lost = client.get(url, follow=True)
    assert lost.redirect_chain == [("/barometre/repondre/", 302)]
    assert "saisissez à nouveau votre code" in lost.content.decode()
    assert client.cookies["qv_notice"].value == ""  # shown once, then deleted
    assert "saisissez à nouveau" not in client.get("/barometre/repondre/").content.decode()
    tampered = client.get(url, HTTP_COOKIE="qv_code=gAAAAAnot-a-real-one")
    assert tampered.status_code == 302 and tampered["Location"] == "/barometre/repondre/"
    assert session_rows() == []


def test_answering_views_never_touch_the_session_or_messages():
    import inspect

    from surveys import views_answer

    answering = [
        views_answer.landing,
        views_answer.start,
        views_answer.intro,
        views_answer.page,
        views_answer._submit,
        views_answer.done,
        views_answer.opt_out,
        views_answer._session_lost,
        views_answer._remember,
        views_answer._token,
        views_answer._forget,
        views_answer._with_notice,
        views_answer._shown,
    ]
    for view in answering:
        source = inspect.getsource(inspect.unwrap(view))
        code = "\n".join(line for line in source.splitlines() if not line.strip().startswith("#"))
        for forbidden in ("request.session", "messages.", "cycle_key", "login(", "rotate_token"):
            assert forbidden not in code, (view.__name__, forbidden)
