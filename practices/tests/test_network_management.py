"""Managing a network from the product: a platform administrator creates it, its facilitators invite organisations
and end memberships, an invited organisation's programme lead accepts or declines, a member leaves."""

from email.header import decode_header, make_header
from html import unescape

from django.urls import reverse

from core.tests.factories import OrganisationFactory, UserFactory
from core.tests.smtp import body_of
from events.models import Event
from events.tests.conftest import make_event
from practices.models import InvitationStatus, NetworkInvitation, NetworkMembership, Story, StoryStatus
from practices.tests.factories import make_network, make_peer, make_story


def text(response):
    return unescape(response.content.decode())


def test_a_platform_administrator_creates_a_network_with_its_host(client, agency, programme_lead):
    client.force_login(programme_lead)
    assert client.get(reverse("practices:network_create")).status_code == 403
    admin = UserFactory(email="exploitation@qualivie.fr", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "Créer un réseau" in text(client.get(reverse("practices:index")))
    empty = client.post(reverse("practices:network_create"), {"name": ""})
    assert empty.status_code == 400 and "Ce champ est obligatoire." in text(empty)
    response = client.post(
        reverse("practices:network_create"),
        {"name": "Réseau QVT des EHPAD du Jura", "host": agency.pk, "departement": "39"},
    )
    assert response.status_code == 302
    host = NetworkMembership.objects.get(network__name="Réseau QVT des EHPAD du Jura")
    assert host.organisation == agency and host.is_host and host.departement == "39"


def test_the_facilitator_invites_and_the_programme_lead_accepts_choosing_what_it_shares(
    client, network, facilitator, organisation, programme_lead, agent
):
    elsewhere = make_network("Réseau d'ailleurs", host=OrganisationFactory(slug="ailleurs", name="Ailleurs"))
    NetworkInvitation.objects.create(
        network=elsewhere, organisation=organisation
    )  # another network's: no matter
    client.force_login(facilitator)
    members_url = reverse("practices:network_members", args=[network.pk])
    assert f'<option value="{organisation.pk}"' in client.get(members_url).content.decode()
    page = text(client.get(members_url))
    assert "Membres du réseau" in page and "ARS de Test (animatrice)" in page
    assert client.post(members_url, {"organisation": organisation.pk}).status_code == 302
    invitation = NetworkInvitation.objects.get(network=network, organisation=organisation)
    assert organisation.name in text(client.get(members_url))  # pending, listed apart
    assert f'<option value="{organisation.pk}"' not in client.get(members_url).content.decode()

    # A pending invitation gives access to nothing.
    webinar = make_event(
        network.memberships.get(is_host=True).organisation,
        facilitator,
        audience="network",
        network=network,
        title="Webinaire du réseau",
    )
    client.force_login(agent)
    assert client.get(reverse("events:detail", args=[webinar.pk])).status_code == 404
    assert client.get(reverse("practices:peer_directory")).status_code == 403
    assert client.get(reverse("practices:invitation_answer", args=[invitation.pk])).status_code == 403

    client.force_login(programme_lead)
    home = text(client.get(reverse("practices:index")))
    assert "Le réseau « Réseau QVT des établissements de santé » invite votre organisation." in home
    answer = reverse("practices:invitation_answer", args=[invitation.pk])
    assert "Partager nos récits d'action avec le réseau" in text(client.get(answer))
    response = client.post(answer, {"shows_on_map": "on", "departement": "39"})
    assert response.status_code == 302
    membership = NetworkMembership.objects.get(network=network, organisation=organisation)
    assert (membership.shares_stories, membership.shows_on_map, membership.departement) == (False, True, "39")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_by == programme_lead
    assert client.get(answer).status_code == 404  # answered: gone

    client.force_login(agent)
    assert client.get(reverse("events:detail", args=[webinar.pk])).status_code == 200


def test_the_invited_organisations_programme_lead_receives_the_invitation_by_email(
    client,
    network,
    facilitator,
    organisation,
    programme_lead,
    agent,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    client.force_login(facilitator)
    members_url = reverse("practices:network_members", args=[network.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(members_url, {"organisation": organisation.pk}).status_code == 302
    invitation = NetworkInvitation.objects.get(network=network, organisation=organisation)
    assert [mail["To"] for mail in smtp_server.messages] == [programme_lead.email]  # not the agent
    mail = smtp_server.messages[0]
    body = body_of(mail)
    assert "Réseau QVT des établissements de santé" in str(make_header(decode_header(mail["Subject"])))
    assert reverse("practices:invitation_answer", args=[invitation.pk]) in body
    assert "Rien n'est partagé tant que vous n'avez pas accepté" in body


def test_the_programme_lead_declines_an_invitation(
    client, network, facilitator, organisation, programme_lead
):
    invitation = NetworkInvitation.objects.create(
        network=network, organisation=organisation, invited_by=facilitator
    )
    client.force_login(programme_lead)
    response = client.post(reverse("practices:invitation_decline", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not NetworkMembership.objects.filter(network=network, organisation=organisation).exists()
    assert "invite votre organisation" not in text(client.get(reverse("practices:index")))


def test_the_facilitator_withdraws_a_pending_invitation_and_can_invite_again(
    client, network, facilitator, organisation, programme_lead
):
    invitation = NetworkInvitation.objects.create(
        network=network, organisation=organisation, invited_by=facilitator
    )
    client.force_login(facilitator)
    members_url = reverse("practices:network_members", args=[network.pk])
    assert "Retirer l'invitation" in text(client.get(members_url))
    response = client.post(reverse("practices:invitation_withdraw", args=[invitation.pk]), follow=True)
    assert f"L'invitation de {organisation.name} est retirée" in text(response)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN and invitation.answered_by == facilitator
    client.force_login(programme_lead)
    assert "invite votre organisation" not in text(client.get(reverse("practices:index")))
    assert client.get(reverse("practices:invitation_answer", args=[invitation.pk])).status_code == 404
    client.force_login(facilitator)
    assert client.post(members_url, {"organisation": organisation.pk}).status_code == 302  # invited again


def test_a_member_leaves_after_a_confirmation_that_says_what_happens_to_its_stories(
    client, network, membership, organisation, programme_lead, agent, facilitator
):
    published = make_story(
        network=network, organisation=organisation, by=programme_lead, moderator=facilitator
    )
    waiting = make_story(
        network=network,
        organisation=organisation,
        by=programme_lead,
        title="En attente",
        status=StoryStatus.SUBMITTED,
    )
    peer = make_peer(network=network, organisation=organisation, user=agent)
    client.force_login(programme_lead)
    url = reverse("practices:membership_leave", args=[membership.pk])
    confirm = text(client.get(url))
    assert "Vos récits publiés dans ce réseau ne sont plus montrés" in confirm
    assert client.post(url).status_code == 200  # no confirmation: asked again
    assert client.post(url, {"confirm": "oui"}).status_code == 302
    assert not NetworkMembership.objects.filter(pk=membership.pk).exists()
    assert published not in Story.objects.published()
    waiting.refresh_from_db()
    peer.refresh_from_db()
    assert waiting.status == StoryStatus.DRAFT and not peer.is_listed
    assert published.pk in {story.pk for story in Story.objects.filter(organisation=organisation)}  # kept


def test_a_facilitator_ends_a_membership_but_never_the_host_s_and_never_reads_private_data(
    client, network, membership, organisation, facilitator, agent
):
    client.force_login(agent)
    assert client.get(reverse("practices:network_members", args=[network.pk])).status_code == 403
    assert client.get(reverse("practices:membership_end", args=[membership.pk])).status_code == 403
    client.force_login(facilitator)
    host = network.memberships.get(is_host=True)
    refused = client.post(reverse("practices:membership_end", args=[host.pk]), {"confirm": "oui"})
    assert refused.status_code == 302 and NetworkMembership.objects.filter(pk=host.pk).exists()
    url = reverse("practices:membership_end", args=[membership.pk])
    assert organisation.name in text(client.get(url))
    assert client.post(url, {"confirm": "oui"}).status_code == 302
    assert not NetworkMembership.objects.filter(pk=membership.pk).exists()
    assert client.get(reverse("organisations:people", args=[organisation.slug])).status_code == 404
    assert not Event.objects.exists()


def test_the_facilitator_searches_the_organisations_to_invite_by_name(
    client, network, facilitator, organisation
):
    hospital = OrganisationFactory(slug="chu-dole", name="Centre hospitalier de Dole")
    OrganisationFactory(slug="ehpad-lons", name="EHPAD de Lons-le-Saunier")
    client.force_login(facilitator)
    members_url = reverse("practices:network_members", args=[network.pk])
    everything = client.get(members_url).content.decode()
    assert (
        f'<option value="{hospital.pk}"' in everything and f'<option value="{organisation.pk}"' in everything
    )

    found = client.get(members_url, {"q": "hospitalier"})
    page = found.content.decode()
    assert f'<option value="{hospital.pk}"' in page and f'<option value="{organisation.pk}"' not in page
    assert "1 organisation à inviter correspond à « hospitalier »." in text(found)
    # invited from the narrowed list, the search kept
    assert 'name="q" value="hospitalier"' in page
    response = client.post(members_url, {"organisation": hospital.pk, "q": "hospitalier"})
    assert response.status_code == 302
    assert NetworkInvitation.objects.filter(network=network, organisation=hospital).exists()

    nothing = text(client.get(members_url, {"q": "préfecture"}))
    assert "Aucune organisation à inviter ne correspond à « préfecture »." in nothing
    assert "Voir toutes les organisations" in nothing
