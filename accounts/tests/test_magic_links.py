"""E-mailed sign-in links: only the newest works, the confirmation page is never cached, and asking for one does
the same work whether or not the address has an account (the e-mail leaves from the background worker)."""

import re
import time

import pytest
import sesame.tokens_v2
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a link as a visitor would; the job enqueued after the answer runs at once (immediate backend)."""

    def ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:login"), {"email": email})
        assert "Vérifiez votre messagerie" in response.content.decode()
        return response

    return ask


def _last_link() -> str:
    match = re.search(r"/compte/connexion/lien/\?jeton=(\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_new_link_revokes_the_older_unused_ones(client, agent, settings, ask, monkeypatch):
    settings.TASKS = IMMEDIATE
    ask("agent@test.fr")
    first = _last_link()
    later = (
        time.time() + 60
    )  # the second link is asked for a minute later (tokens carry their second of issue)
    monkeypatch.setattr(sesame.tokens_v2.time, "time", lambda: later)
    ask("agent@test.fr")
    second = _last_link()
    assert first != second

    refused = client.post(reverse("accounts:magic_login"), {"jeton": first}, follow=True)
    assert "Ce lien de connexion n&#x27;est plus valable" in refused.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302

    client.post(reverse("accounts:magic_login"), {"jeton": second})
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_confirmation_page_and_its_answer_are_never_cached(client, agent):
    page = client.get(reverse("accounts:magic_login"), {"jeton": "un-jeton"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    answer = client.post(reverse("accounts:magic_login"), {"jeton": "un-jeton"})
    assert "no-store" in answer["Cache-Control"]


def test_the_link_sent_page_is_never_cached(client, organisation):
    response = client.post(reverse("accounts:login"), {"email": "personne@inconnu.fr"})
    assert "no-store" in response["Cache-Control"]


def _ask_and_measure(client, email, capture):
    with CaptureQueriesContext(connection) as queries, capture() as callbacks:
        response = client.post(reverse("accounts:login"), {"email": email})
    assert response.status_code == 200
    return len(queries), len(callbacks), callbacks


def test_asking_for_a_link_does_the_same_work_for_known_and_unknown_addresses(
    client, agent, django_capture_on_commit_callbacks
):
    """The answer comes before any lookup or e-mail: both branches enqueue the same job, nothing else."""
    client.get(reverse("accounts:login"))  # the session and its language are set up before measuring
    known = _ask_and_measure(client, "agent@test.fr", django_capture_on_commit_callbacks)
    unknown = _ask_and_measure(client, "personne@inconnu.fr", django_capture_on_commit_callbacks)
    assert known[:2] == unknown[:2] == (known[0], 1)
    assert mail.outbox == []  # nothing was sent while answering

    for callback in known[2] + unknown[2]:
        callback()
    jobs = list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True))
    assert jobs == ["accounts.tasks.send_sign_in_link"] * 2


def test_the_job_sends_a_link_to_an_account_and_nothing_to_an_unknown_address(agent, settings, ask):
    settings.TASKS = IMMEDIATE
    ask("personne@inconnu.fr")
    assert mail.outbox == []
    ask("AGENT@test.fr")
    assert [m.to for m in mail.outbox] == [["agent@test.fr"]]
