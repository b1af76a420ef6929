"""Who sees and organises a network event follows the network's memberships (practices), and nothing else."""

from django.urls import reverse

from accounts.models import Role
from core.tests.factories import OrganisationFactory, RoleGrantFactory, UserFactory
from events import selectors
from events.tests.conftest import make_event
from practices.tests.factories import join, make_network


def test_a_member_organisation_sees_the_network_event_and_another_network_s_facilitator_does_not(
    client, organisation, programme_lead, agent
):
    agency = OrganisationFactory(slug="ars", name="ARS Bourgogne-Franche-Comté")
    facilitator = UserFactory(email="animatrice@ars.fr")
    RoleGrantFactory(user=facilitator, organisation=agency, role=Role.NETWORK_FACILITATOR)
    network = make_network("Réseau QVT BFC", host=agency)
    join(network, organisation)  # a membership only: nothing else links the organisation to the network
    webinar = make_event(
        agency, facilitator, audience="network", network=network, title="Webinaire du réseau"
    )

    other_host = OrganisationFactory(slug="aract", name="Aract")
    other = make_network("Réseau de l'Aract", host=other_host)
    other_facilitator = UserFactory(email="animateur@aract.fr")
    RoleGrantFactory(user=other_facilitator, organisation=other_host, role=Role.NETWORK_FACILITATOR)
    elsewhere = make_event(
        other_host, other_facilitator, audience="network", network=other, title="Atelier de l'Aract"
    )

    assert list(selectors.events_visible_to(agent)) == [webinar]
    client.force_login(agent)
    assert client.get(reverse("events:detail", args=[webinar.pk])).status_code == 200
    assert client.get(reverse("events:detail", args=[elsewhere.pk])).status_code == 404

    client.force_login(facilitator)
    assert client.get(reverse("events:edit", args=[webinar.pk])).status_code == 200
    assert client.get(reverse("events:detail", args=[elsewhere.pk])).status_code == 404
    assert webinar in selectors.network_events(agent, network)


def test_a_facilitator_picks_the_network_among_those_they_facilitate(client, organisation):
    agency = OrganisationFactory(slug="ars", name="ARS Bourgogne-Franche-Comté")
    facilitator = UserFactory(email="animatrice@ars.fr")
    RoleGrantFactory(user=facilitator, organisation=agency, role=Role.NETWORK_FACILITATOR)
    hospitals = make_network("Réseau des hôpitaux", host=agency)
    care_homes = make_network("Réseau des EHPAD", host=agency)
    foreign = make_network("Réseau d'ailleurs", host=OrganisationFactory(slug="ailleurs", name="Ailleurs"))
    join(foreign, agency)  # a member of it, not its facilitator
    client.force_login(facilitator)
    url = reverse("events:create", args=[agency.slug])
    form = client.get(url).content.decode()
    assert (
        "Réseau des hôpitaux" in form and "Réseau des EHPAD" in form and "Réseau d&#x27;ailleurs" not in form
    )
    data = {
        "kind": "webinar",
        "title": "Webinaire des EHPAD",
        "starts_at": "2030-06-12T09:00",
        "ends_at": "2030-06-12T11:00",
        "registration_deadline": "2030-06-01T12:00",
        "online_link": "https://visio.example.org/ehpad",
        "capacity": "100",
        "audience": "network",
        "network": str(foreign.pk),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    response = client.post(url, {**data, "network": str(care_homes.pk)})
    assert response.status_code == 302
    assert selectors.events_visible_to(facilitator).get(title="Webinaire des EHPAD").network == care_homes
    assert hospitals.pk
