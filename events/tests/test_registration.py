"""Registering, the first-come waiting list, promotion on cancellation, and the e-mails with their cancel link."""

import re
from email.header import decode_header, make_header
from html import unescape

import pytest
from django.urls import reverse

from core.tests.factories import PersonFactory, UserFactory
from core.tests.smtp import body_of
from events import selectors, services
from events.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def subject_of(message):
    return str(make_header(decode_header(message["Subject"])))


CANCEL = re.compile(r"http://testserver(/evenements/annulation/[^/\s]+/)")


def staff(organisation, unit, email):
    return PersonFactory(organisation=organisation, unit=unit, user=UserFactory(email=email)).user


def register_all(event, users, capture):
    with capture(execute=True):
        return [services.register(event=event, user=user) for user in users]


def test_places_go_first_come_and_the_rest_wait_in_order(
    event, organisation, school, django_capture_on_commit_callbacks
):
    people = [staff(organisation, school, f"p{i}@test.fr") for i in range(4)]
    regs = register_all(event, people, django_capture_on_commit_callbacks)
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [selectors.waiting_position(r) for r in regs[2:]] == [1, 2]
    assert selectors.event_figures(event) == {
        "registered": 2,
        "waiting": 2,
        "attended": 0,
        "satisfaction": None,
    }


def test_a_cancellation_promotes_the_first_waiting_person_who_is_emailed_with_a_cancel_link(
    event, organisation, school, smtp_server, django_capture_on_commit_callbacks
):
    people = [staff(organisation, school, f"p{i}@test.fr") for i in range(4)]
    regs = register_all(event, people, django_capture_on_commit_callbacks)
    subjects = [subject_of(m) for m in smtp_server.messages]
    assert subjects[0].startswith("Inscription confirmée") and subjects[2].startswith("Liste d'attente")
    assert all(CANCEL.search(body_of(m)) for m in smtp_server.messages)  # every e-mail has its cancel link
    assert "visio.example.org" not in body_of(smtp_server.messages[2])  # no online link for the waiting list
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=regs[0])
    assert promoted == regs[2]
    regs[2].refresh_from_db()
    regs[3].refresh_from_db()
    assert regs[2].status == RegistrationStatus.CONFIRMED and regs[3].status == RegistrationStatus.WAITING
    last = smtp_server.messages[-1]
    assert last["To"] == "p2@test.fr" and "Une place s'est libérée" in subject_of(last)
    body = body_of(last)
    assert "https://visio.example.org/salle-qvt" in body and CANCEL.search(body)
    assert any(part.get_filename() == "billet-qr.svg" for part in last.walk())


def test_the_cancel_link_works_signed_out_after_a_confirmation(
    client, event, agent, smtp_server, django_capture_on_commit_callbacks
):
    register_all(event, [agent], django_capture_on_commit_callbacks)
    path = CANCEL.search(body_of(smtp_server.messages[0])).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer l'annulation" in unescape(page.content.decode())
    assert (
        selectors.registration_of(agent, event).status == RegistrationStatus.CONFIRMED
    )  # a GET changes nothing
    done = client.post(path, {"confirm": "oui"})
    assert done.status_code == 200 and "Votre inscription à « " in done.content.decode()
    assert selectors.registration_of(agent, event) is None


def test_a_tampered_cancel_link_is_refused_in_french(
    client, event, agent, django_capture_on_commit_callbacks
):
    (registration,) = register_all(event, [agent], django_capture_on_commit_callbacks)
    token = services.cancel_token(registration)
    bogus = reverse("events:cancel", args=[token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")])
    for response in (client.get(bogus), client.post(bogus, {"confirm": "oui"})):
        assert response.status_code == 400 and "Ce lien n'est pas valide" in unescape(
            response.content.decode()
        )
    assert selectors.registration_of(agent, event) is not None


def test_registering_from_the_page_puts_the_agent_on_the_waiting_list_of_a_full_event(
    client, organisation, school, programme_lead, agent, django_capture_on_commit_callbacks
):
    from events.tests.conftest import make_event

    event = make_event(organisation, programme_lead, capacity=1)
    register_all(event, [staff(organisation, school, "first@test.fr")], django_capture_on_commit_callbacks)
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    page = unescape(response.content.decode())
    assert "vous êtes sur la liste d'attente" in page and "position 1" in page
    assert "visio.example.org" not in page


def test_registrations_close_at_the_deadline(organisation, programme_lead, agent):
    from django.core.exceptions import ValidationError

    from events.tests.conftest import make_event

    event = make_event(organisation, programme_lead, days=1)
    event.registration_deadline = event.starts_at.replace(year=2000)
    event.save()
    with pytest.raises(ValidationError, match="closes"):
        services.register(event=event, user=agent)


def test_re_registering_after_cancelling_goes_to_the_end_of_the_queue(
    event, organisation, school, django_capture_on_commit_callbacks
):
    people = [staff(organisation, school, f"p{i}@test.fr") for i in range(3)]
    regs = register_all(event, people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=regs[1])  # p2 promoted
        again = services.register(event=event, user=people[1])
    assert again.pk == regs[1].pk and again.status == RegistrationStatus.WAITING
