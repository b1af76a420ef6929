"""The events API: public events without authentication, the others for their audience only, in the schema."""

import pytest
from django.urls import reverse

from events import services
from events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_visitors_read_public_events_and_members_their_organisation_ones(
    client, organisation, programme_lead, agent
):
    public = make_event(organisation, programme_lead, audience="public", title="Journée publique")
    internal = make_event(organisation, programme_lead, title="Atelier interne")
    services.register(event=internal, user=agent)
    listing = client.get(reverse("api:event_list")).json()
    assert [e["title"] for e in listing["items"]] == ["Journée publique"]
    assert client.get(reverse("api:event_detail", kwargs={"id": internal.pk})).status_code == 404
    detail = client.get(reverse("api:event_detail", kwargs={"id": public.pk})).json()
    assert detail["organiser"] == organisation.name and "online_link" not in detail
    client.force_login(agent)
    detail = client.get(reverse("api:event_detail", kwargs={"id": internal.pk})).json()
    assert detail["registered"] == 1 and detail["waiting"] == 0 and detail["audience"] == "organisation"


def test_the_events_endpoints_are_in_the_openapi_schema(client):
    paths = client.get(reverse("api:openapi-json")).json()["paths"]
    assert "/api/events/" in paths and "/api/events/{id}/" in paths
