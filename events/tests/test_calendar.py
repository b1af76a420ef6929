"""The ICS file of an event and the feeds of a network and an organisation: valid RFC 5545 (icalendar)."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from events.tests.conftest import make_event
from practices.tests.factories import make_network

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    calendar.validate()  # raises IncompleteComponent when a required property is missing
    return calendar


def test_the_event_file_parses_validates_and_carries_paris_time(client, organisation, programme_lead):
    event = make_event(organisation, programme_lead, audience="public", place="Rectorat, salle 12")
    calendar = parse(client.get(reverse("events:ics", args=[event.pk])))
    (vevent,) = calendar.events
    assert vevent["UID"] and vevent["DTSTAMP"] and str(vevent["SUMMARY"]) == event.title
    start = vevent["DTSTART"]
    assert start.params["TZID"] == "Europe/Paris" and start.dt == event.starts_at
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Paris"]
    assert str(vevent["LOCATION"]) == "Rectorat, salle 12"
    assert "visio.example.org" not in response_text(client, event)  # the online link is for registrants only


def response_text(client, event):
    return client.get(reverse("events:ics", args=[event.pk])).content.decode()


def test_the_network_feed_lists_the_network_events_the_reader_may_see(
    client, organisation, programme_lead, agent, outsider
):
    network = make_network("Réseau QVT Bourgogne-Franche-Comté", host=organisation)
    public = make_event(organisation, programme_lead, audience="public", title="Journée QVT", days=20)
    members = make_event(
        organisation, programme_lead, audience="network", network=network, title="Atelier réseau"
    )
    url = reverse("events:network_feed", args=[network.pk])
    assert [str(e["SUMMARY"]) for e in parse(client.get(url)).events] == [
        "Journée QVT"
    ]  # visitors: public events only
    client.force_login(agent)
    assert [str(e["SUMMARY"]) for e in parse(client.get(url)).events] == ["Atelier réseau", "Journée QVT"]
    client.force_login(outsider)
    assert [str(e["SUMMARY"]) for e in parse(client.get(url)).events] == ["Journée QVT"]
    assert members.pk and public.pk


def test_an_empty_organisation_feed_is_still_valid(client, organisation):
    calendar = parse(client.get(reverse("events:organisation_feed", args=[organisation.slug])))
    assert calendar.events == []


def test_the_ics_of_an_organisation_event_is_hidden_outside_it(
    client, organisation, programme_lead, outsider
):
    event = make_event(organisation, programme_lead)
    client.force_login(outsider)
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == 404
    assert event.starts_at > event.registration_deadline - datetime.timedelta(days=1)
