"""The attendees' satisfaction questionnaire: unlinkable single-use links, results from 5 answers."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.tests.smtp import body_of
from events import selectors, services
from events.models import Event, Registration, RegistrationStatus, SatisfactionAnswer, SatisfactionToken
from events.satisfaction import ITEMS
from events.tests.conftest import make_event

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/evenements/\d+/satisfaction/[A-Za-z0-9_-]{43}/)")
GOOD = {"evt_satisfaction": "8", "evt_utile": "5", "evt_organisation": "2", "evt_revenir": "oui"}


def ended_event(organisation, by, *, attendees=5, absent=1):
    event = make_event(organisation, by, capacity=attendees + absent)
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), registration_deadline=start
    )
    for i in range(attendees + absent):
        Registration.objects.create(
            event=event,
            name=f"Personne {i}",
            email=f"p{i}@test.fr",
            status=RegistrationStatus.CONFIRMED,
            queued_at=start - datetime.timedelta(days=5),
            attended=i < attendees,
        )
    event.refresh_from_db()
    return event


def send(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("events:satisfaction_send", args=[event.pk]), {"confirm": "oui"})


@pytest.fixture
def ended(organisation, programme_lead):
    return ended_event(organisation, programme_lead)


def test_only_the_attendees_receive_a_link_and_only_hashes_are_stored(
    ended, client, programme_lead, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    assert send(client, ended, django_capture_on_commit_callbacks).status_code == 302
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == [f"p{i}@test.fr" for i in range(5)]  # p5 was absent: nothing for them
    links = [LINK.search(body_of(m)).group(1) for m in smtp_server.messages]
    tokens = {link.rstrip("/").rsplit("/", 1)[1] for link in links}
    stored = set(SatisfactionToken.objects.filter(event=ended).values_list("token_hash", flat=True))
    assert len(stored) == 5 and not tokens & stored  # hashes only, never the token
    ended.refresh_from_db()
    assert ended.satisfaction_sent == 5 and ended.satisfaction_sent_at is not None
    # Once only.
    assert send(client, ended, django_capture_on_commit_callbacks).status_code == 302
    assert len(smtp_server.messages) == 5 and SatisfactionToken.objects.count() == 5


def test_not_before_the_event_has_ended(event, client, programme_lead):
    client.force_login(programme_lead)
    client.post(reverse("events:satisfaction_send", args=[event.pk]), {"confirm": "oui"})
    event.refresh_from_db()
    assert event.satisfaction_sent_at is None and not SatisfactionToken.objects.exists()


def test_a_link_works_once_and_nothing_links_an_answer_to_a_person(ended, client):
    token = services.satisfaction_tokens_issue(event=ended, count=1)[0]
    url = reverse("events:satisfaction_answer", args=[ended.pk, token])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "fr-fieldset" in html and "Tout à fait d&#x27;accord" in html
    missing = client.post(url, {"evt_satisfaction": "8"})
    assert missing.status_code == 400 and "Choisissez une réponse." in missing.content.decode()
    assert client.post(url, GOOD).status_code == 200
    again = client.post(url, GOOD)
    assert again.status_code == 400 and "déjà servi" in again.content.decode()
    assert client.get(url).status_code == 400
    assert SatisfactionAnswer.objects.get().answers == GOOD
    assert not SatisfactionToken.objects.exists()
    with connection.cursor() as cursor:
        answer_columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "events_satisfactionanswer")
        }
        token_columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "events_satisfactiontoken")
        }
    assert answer_columns == {"id", "event_id", "answers"}
    assert token_columns == {"id", "event_id", "token_hash"}


def test_a_token_of_another_event_or_a_made_up_one_is_refused(ended, organisation, programme_lead, client):
    other = ended_event(organisation, programme_lead, attendees=0, absent=0)
    token = services.satisfaction_tokens_issue(event=ended, count=1)[0]
    assert client.get(reverse("events:satisfaction_answer", args=[other.pk, token])).status_code == 400
    assert (
        client.post(reverse("events:satisfaction_answer", args=[ended.pk, "x" * 43]), GOOD).status_code == 400
    )


def test_results_are_hidden_at_four_answers_and_shown_at_five(ended, client):
    tokens = services.satisfaction_tokens_issue(event=ended, count=5)
    answers = [GOOD, GOOD, {**GOOD, "evt_satisfaction": "3"}, {**GOOD, "evt_revenir": "non"}, GOOD]
    for token, answer in zip(tokens[:4], answers[:4], strict=True):
        assert services.satisfaction_answer(event=ended, token=token, answers=answer)
    detail = reverse("events:detail", args=[ended.pk])
    client.force_login(Registration.objects.filter(event=ended).first().event.created_by)
    assert "Résultats affichés à partir de 5 réponses" in client.get(detail).content.decode()
    assert selectors.event_figures(ended)["satisfaction"] is None
    assert not selectors.satisfaction_results(ended)["items"]
    services.satisfaction_answer(event=ended, token=tokens[4], answers=answers[4])
    results = selectors.satisfaction_results(ended)
    by_key = {item["key"]: item for item in results["items"]}
    assert (
        dict(by_key["evt_satisfaction"]["rows"])["8"] == 4
        and dict(by_key["evt_satisfaction"]["rows"])["3"] == 1
    )
    assert by_key["evt_satisfaction"]["favourable"] == 80
    assert by_key["evt_utile"]["favourable"] == 100 and by_key["evt_organisation"]["favourable"] == 0
    assert dict(by_key["evt_revenir"]["rows"]) == {"Oui": 4, "Peut-être": 0, "Non": 1}
    assert by_key["evt_revenir"]["favourable"] is None
    assert results["favourable"] == round(100 * (4 + 5 + 0) / 15)
    assert selectors.event_figures(ended)["satisfaction"] == results["favourable"]
    html = client.get(detail).content.decode()
    assert (
        "Satisfaction des participants" in html
        and "5 réponses" in html
        and "80 % d'avis favorables (5 réponses)" in html
    )
    assert len(ITEMS) == len(results["items"])


def test_the_results_stay_after_the_purge(ended, settings):
    for token in services.satisfaction_tokens_issue(event=ended, count=5):
        services.satisfaction_answer(event=ended, token=token, answers=GOOD)
    settings.QUALIVIE_EVENTS_RETENTION_DAYS = 0
    assert services.purge_due() == 1
    ended.refresh_from_db()
    assert not ended.registrations.exists() and selectors.event_figures(ended)["satisfaction"] == 67
