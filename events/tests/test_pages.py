"""Who sees and organises an event, the organiser's form, the attendance list and the QR code at the door."""

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import Role
from core.tests.factories import RoleGrantFactory, UserFactory
from events import selectors, services
from events.models import Event
from events.tests.conftest import make_event
from practices.tests.factories import make_network

pytestmark = pytest.mark.django_db


def test_an_organisation_event_is_hidden_from_outsiders_and_only_organisers_edit_it(
    client, event, agent, outsider, programme_lead
):
    for user, page, edit in ((outsider, 404, 404), (agent, 200, 403), (programme_lead, 200, 200)):
        client.force_login(user)
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == page
        assert client.get(reverse("events:edit", args=[event.pk])).status_code == edit


def test_a_public_event_is_open_to_visitors_who_sign_in_to_register(client, organisation, programme_lead):
    event = make_event(organisation, programme_lead, audience="public")
    page = unescape(client.get(reverse("events:detail", args=[event.pk])).content.decode())
    assert "Se connecter pour s'inscrire" in page and "visio.example.org" not in page
    assert event in selectors.events_visible_to(UserFactory())


def test_the_programme_lead_creates_an_event_with_french_errors(client, organisation, programme_lead):
    client.force_login(programme_lead)
    url = reverse("events:create", args=[organisation.slug])
    bad = client.post(
        url, {"kind": "workshop", "title": "Atelier", "audience": "organisation", "capacity": "0"}
    )
    text = unescape(bad.content.decode())
    assert bad.status_code == 400 and "Ce champ est obligatoire." in text and "Indiquez un lieu" in text
    data = {
        "kind": "annual",
        "title": "Journée annuelle de la QVT",
        "starts_at": "2030-06-12T09:00",
        "ends_at": "2030-06-12T17:00",
        "registration_deadline": "2030-06-01T12:00",
        "place": "Besançon, Kursaal",
        "capacity": "300",
        "audience": "organisation",
    }
    response = client.post(url, data)
    event = Event.objects.get(title="Journée annuelle de la QVT")
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert event.starts_at.isoformat() == "2030-06-12T07:00:00+00:00"  # 09:00 in Paris, summer time


def test_a_network_facilitator_organises_network_events_but_not_the_organisation_ones(
    client, organisation, programme_lead, agent
):
    network = make_network("Réseau régional", host=organisation)
    facilitator = UserFactory(email="animatrice@reseau.fr")
    RoleGrantFactory(user=facilitator, organisation=organisation, role=Role.NETWORK_FACILITATOR)
    internal = make_event(organisation, programme_lead)
    shared = make_event(organisation, programme_lead, audience="network", network=network)
    client.force_login(facilitator)
    assert client.get(reverse("events:detail", args=[internal.pk])).status_code == 404
    assert client.get(reverse("events:edit", args=[shared.pk])).status_code == 200
    form = client.get(reverse("events:create", args=[organisation.slug])).content.decode()
    assert 'value="network"' in form and 'value="organisation"' not in form


def test_attendance_from_the_list_and_by_qr_code_for_organisers_only(
    client, event, agent, staff_rep, programme_lead, outsider
):
    first = services.register(event=event, user=agent)
    second = services.register(event=event, user=staff_rep)
    client.force_login(agent)
    detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert (
        "<svg" in detail and "Code QR de votre billet" in detail and "visio.example.org/salle-qvt" in detail
    )
    checkin = re.sub(r"^http://testserver", "", services.checkin_url(first))
    assert client.post(checkin).status_code == 403  # the agent cannot mark themselves present
    client.force_login(outsider)
    assert client.post(checkin).status_code == 404
    client.force_login(programme_lead)
    assert "Aline" in client.get(checkin).content.decode() or client.get(checkin).status_code == 200
    assert client.post(checkin)["Location"] == reverse("events:registrations", args=[event.pk])
    first.refresh_from_db()
    assert first.attended
    client.post(reverse("events:registrations", args=[event.pk]), {"present": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.attended and not first.attended
    assert selectors.event_figures(event)["attended"] == 1


def test_the_events_list_is_in_the_navigation_with_a_creation_button_for_organisers(
    client, event, agent, programme_lead
):
    client.force_login(agent)
    response = client.get(reverse("events:index"))
    assert [(n.label, n.active) for n in response.context["nav_items"] if n.url == "/evenements/"] == [
        ("Événements", True)
    ]
    page = response.content.decode()
    assert event.title in page and "Nouvel événement" not in page
    client.force_login(programme_lead)
    page = client.get(reverse("events:index")).content.decode()
    assert reverse("events:create", args=[event.organiser.slug]) in page


def test_the_door_refuses_a_person_on_the_waiting_list(
    client, organisation, programme_lead, agent, staff_rep
):
    event = make_event(organisation, programme_lead, capacity=1)
    services.register(event=event, user=staff_rep)
    waiting = services.register(event=event, user=agent)
    client.force_login(programme_lead)
    response = client.post(re.sub(r"^http://testserver", "", services.checkin_url(waiting)))
    assert response.status_code == 400 and "pas de place" in response.content.decode()
    waiting.refresh_from_db()
    assert not waiting.attended
