"""The peer directory: opt-in with a dated consent, revocable at once; first contact by e-mail through a real SMTP
server, with neither address shown until the peer opens the reply link."""

import re

import pytest
from django.urls import reverse

from core.models import JobStatus
from core.tests.smtp import body_of
from practices.models import PeerMessage, PeerProfile
from practices.tests.factories import make_peer

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/reseau/pairs/reponse/(\S+)/")


def test_joining_the_directory_needs_consent_recorded_with_its_date(client, agent, network, membership):
    client.force_login(agent)
    data = {
        "network": network.pk,
        "role_title": "Infirmière",
        "topics": "Tutorat",
        "reach": "Par la plateforme",
    }
    refused = client.post(reverse("practices:peer_profile"), data).content.decode()
    assert "Ce champ est obligatoire" in refused and not PeerProfile.objects.exists()
    client.post(reverse("practices:peer_profile"), {**data, "consent": "on"})
    profile = PeerProfile.objects.get()
    assert profile.consent_at is not None and profile.organisation_id == membership.organisation_id
    page = client.get(reverse("practices:peer_directory")).content.decode()
    assert "Infirmière" in page and agent.email not in page


def test_revoking_consent_hides_the_profile_at_once(
    client, agent, programme_lead, organisation, network, membership
):
    profile = make_peer(
        network=network, organisation=organisation, user=agent, role_title="Infirmière référente"
    )
    client.force_login(programme_lead)
    assert "Infirmière référente" in client.get(reverse("practices:peer_directory")).content.decode()
    client.force_login(agent)
    client.post(reverse("practices:peer_profile_revoke"))
    profile.refresh_from_db()
    assert profile.revoked_at is not None
    client.force_login(programme_lead)
    assert "Infirmière référente" not in client.get(reverse("practices:peer_directory")).content.decode()
    assert client.get(reverse("practices:peer_contact", args=[profile.pk])).status_code == 404


def test_a_message_reaches_the_peer_by_smtp_without_either_address_until_the_peer_opens_the_reply_link(
    client,
    smtp_server,
    agent,
    programme_lead,
    organisation,
    network,
    membership,
    django_capture_on_commit_callbacks,
):
    profile = make_peer(network=network, organisation=organisation, user=agent)
    client.force_login(programme_lead)
    form = client.get(reverse("practices:peer_contact", args=[profile.pk])).content.decode()
    assert agent.email not in form  # the sender never sees the peer's address
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:peer_contact", args=[profile.pk]),
            {"subject": "Vos espaces de discussion", "body": "Comment avez-vous formé les cadres ?"},
        )
    message = PeerMessage.objects.get()
    assert response["Location"] == reverse("core:job", kwargs={"job_id": message.job.pk})
    job_page = client.get(response["Location"]).content.decode()
    assert agent.email not in job_page
    message.job.refresh_from_db()
    assert message.job.status == JobStatus.DONE

    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    body = body_of(mail)
    assert mail["To"] == agent.email and "Comment avez-vous formé les cadres ?" in body
    assert programme_lead.email not in body and programme_lead.email not in str(mail.get("Reply-To", ""))
    token = LINK.search(body).group(1)

    # Nobody but the peer opens the link (the sender neither): then the peer sees the sender's address.
    assert client.get(reverse("practices:peer_reply", args=[token])).status_code == 404
    client.force_login(agent)
    page = client.get(reverse("practices:peer_reply", args=[token])).content.decode()
    assert programme_lead.email in page
    message.refresh_from_db()
    assert message.revealed_at is not None


def test_the_facilitator_reads_the_directory_but_the_outsider_does_not(
    client, agent, organisation, network, membership, facilitator, outsider
):
    profile = make_peer(network=network, organisation=organisation, user=agent, role_title="Référente QVT")
    client.force_login(facilitator)
    assert "Référente QVT" in client.get(reverse("practices:peer_directory")).content.decode()
    client.force_login(outsider)
    assert client.get(reverse("practices:peer_directory")).status_code == 403
    assert client.get(reverse("practices:peer_contact", args=[profile.pk])).status_code == 404
