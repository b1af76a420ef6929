"""A story written by a member goes through the facilitator before anyone else sees it, on the map or in search."""

import re

import pytest
from django.urls import reverse

from core.tests.smtp import body_of
from practices.models import Story, StoryStatus
from practices.tests.factories import STORY_TEXT, make_story

pytestmark = pytest.mark.django_db

FORM = {
    **STORY_TEXT,
    "title": "Un tutorat des nouveaux soignants",
    "sector": "hospital",
    "size_band": "250-999",
    "departement": "39",
    "visibility": "public",
    "theme_codes": ["relations", "gollac:relations"],
    "duration": "12 mois",
    "cost": "4 000 €",
    "contact_name": "Claire Martin",
    "contact_role": "cadre de santé",
    "contact_email": "claire.martin@example.fr",
    "contact_consent": "on",
}


def _map_label(client, departement_name):
    page = client.get(reverse("practices:story_map")).content.decode()
    return re.search(rf'aria-label="{departement_name} : (\d+) récits?"', page).group(1)


def test_a_submitted_story_appears_on_the_map_and_in_search_only_after_moderation(
    client, organisation, programme_lead, network, membership, facilitator, agent
):
    client.force_login(programme_lead)
    response = client.post(reverse("practices:story_create"), {**FORM, "network": network.pk})
    story = Story.objects.get(title=FORM["title"])
    assert response.status_code == 302 and story.status == StoryStatus.DRAFT
    assert story.contact_consent_at is not None and story.region == "27"
    client.post(reverse("practices:story_submit", args=[story.pk]))
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    client.logout()  # an anonymous visitor (the story is public once published) and a member of the network
    for viewer in (None, agent):
        if viewer:
            client.force_login(viewer)
        search = client.get(reverse("practices:story_search"), {"q": "tutorat"}).content.decode()
        assert FORM["title"] not in search and "Aucun récit publié" in search
        assert _map_label(client, "Jura") == "0"

    client.force_login(facilitator)
    queue = client.get(reverse("practices:index")).content.decode()
    assert FORM["title"] in queue  # waiting for moderation
    confirm = client.get(reverse("practices:story_publish", args=[story.pk]))
    assert "Confirmer la publication" in confirm.content.decode()
    client.post(reverse("practices:story_publish", args=[story.pk]), {"confirm": "oui"})

    client.logout()
    search = client.get(reverse("practices:story_search"), {"q": "tutorat"}).content.decode()
    assert FORM["title"] in search
    assert _map_label(client, "Jura") == "1"
    detail = client.get(reverse("practices:story", args=[story.pk])).content.decode()
    assert "claire.martin@example.fr" in detail and "Avec son accord" in detail


def test_a_returned_story_goes_back_to_its_author_with_the_reason(
    client, organisation, programme_lead, network, membership, facilitator
):
    story = make_story(
        network=network, organisation=organisation, by=programme_lead, status=StoryStatus.SUBMITTED
    )
    client.force_login(facilitator)
    empty = client.post(reverse("practices:story_return", args=[story.pk]), {"reason": ""})
    assert "Ce champ est obligatoire" in empty.content.decode()
    client.post(reverse("practices:story_return", args=[story.pk]), {"reason": "Chiffrez les effets."})
    story.refresh_from_db()
    assert story.status == StoryStatus.RETURNED
    client.force_login(programme_lead)
    page = client.get(reverse("practices:story", args=[story.pk])).content.decode()
    assert "Chiffrez les effets." in page and "Soumettre à la modération" in page


def test_the_facilitator_labels_a_remarkable_practice_and_the_filter_finds_it(
    client, organisation, programme_lead, network, membership, facilitator, agent
):
    plain = make_story(
        network=network, organisation=organisation, by=programme_lead, title="Un récit ordinaire"
    )
    story = make_story(
        network=network, organisation=organisation, by=programme_lead, title="Un récit remarquable"
    )
    client.force_login(facilitator)
    client.post(reverse("practices:story_remarkable", args=[story.pk]), {"remarquable": "oui"})
    client.force_login(agent)
    page = client.get(reverse("practices:story_search"), {"remarquable": "on"}).content.decode()
    assert story.title in page and plain.title not in page and "Pratique remarquable" in page


def test_a_member_that_stops_sharing_disappears_from_search_and_map(
    client, organisation, programme_lead, network, membership, agent
):
    story = make_story(network=network, organisation=organisation, by=programme_lead, departement="39")
    client.force_login(agent)
    assert story.title in client.get(reverse("practices:story_search")).content.decode()
    client.force_login(programme_lead)
    client.post(reverse("practices:membership_edit", args=[membership.pk]), {"departement": "39"})
    membership.refresh_from_db()
    assert membership.shares_stories is False
    client.force_login(agent)
    assert story.title not in client.get(reverse("practices:story_search")).content.decode()
    assert _map_label(client, "Jura") == "0"
    assert client.get(reverse("practices:story", args=[story.pk])).status_code == 403


def test_the_contact_withdraws_and_disappears_at_once(
    client, organisation, programme_lead, network, membership
):
    story = make_story(
        network=network,
        organisation=organisation,
        by=programme_lead,
        contact_name="Claire Martin",
        contact_email="claire.martin@example.fr",
    )
    client.force_login(programme_lead)
    assert (
        "claire.martin@example.fr" in client.get(reverse("practices:story", args=[story.pk])).content.decode()
    )
    confirm = client.get(reverse("practices:story_contact_revoke", args=[story.pk])).content.decode()
    assert "Cette étape ne peut pas être annulée." in confirm
    client.post(
        reverse("practices:story_contact_revoke", args=[story.pk])
    )  # without the confirmation: nothing
    story.refresh_from_db()
    assert story.contact_email == "claire.martin@example.fr"
    client.post(reverse("practices:story_contact_revoke", args=[story.pk]), {"confirm": "oui"})
    story.refresh_from_db()
    assert story.contact_revoked_at is not None and story.contact_email == ""
    assert "Claire Martin" not in client.get(reverse("practices:story", args=[story.pk])).content.decode()


def test_a_contact_without_consent_is_refused_in_french(client, programme_lead, network, membership):
    client.force_login(programme_lead)
    data = {**FORM, "network": network.pk}
    data.pop("contact_consent")
    page = client.post(reverse("practices:story_create"), data).content.decode()
    assert "Sans l&#x27;accord de la personne" in page and not Story.objects.exists()


def test_a_story_is_prefilled_in_one_step_from_a_plan_action(
    client, organisation, programme_lead, network, membership
):
    from core.tests.factories import ActionFactory

    action = ActionFactory(
        axis__plan__organisation=organisation, title="Espaces de discussion", context="Un constat."
    )
    client.force_login(programme_lead)
    response = client.post(reverse("practices:story_from_action", args=[action.pk]))
    story = Story.objects.get()
    assert response["Location"] == reverse("practices:story_edit", args=[story.pk])
    assert story.title == "Espaces de discussion" and story.context == "Un constat."
    assert story.source_action == action and story.status == StoryStatus.DRAFT


def test_a_member_of_another_network_does_not_read_a_network_story(
    client, organisation, programme_lead, network, membership, outsider
):
    story = make_story(network=network, organisation=organisation, by=programme_lead)
    client.force_login(outsider)
    assert client.get(reverse("practices:story", args=[story.pk])).status_code == 404
    assert story.title not in client.get(reverse("practices:story_search")).content.decode()


def test_the_author_is_told_by_email_when_the_story_is_returned_then_published(
    client,
    smtp_server,
    organisation,
    programme_lead,
    network,
    membership,
    facilitator,
    django_capture_on_commit_callbacks,
):
    story = make_story(
        network=network, organisation=organisation, by=programme_lead, status=StoryStatus.SUBMITTED
    )
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:story_return", args=[story.pk]), {"reason": "Chiffrez les effets."})
    returned = smtp_server.messages[-1]
    assert returned["To"] == programme_lead.email and "Chiffrez les effets." in body_of(returned)
    assert f"/reseau/recits/{story.pk}/" in body_of(returned)
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:story_submit", args=[story.pk]))
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:story_publish", args=[story.pk]), {"confirm": "oui"})
    assert len(smtp_server.messages) == 2 and "publié" in body_of(smtp_server.messages[-1])


def test_networks_of_lists_the_networks_an_organisation_belongs_to(organisation, agency, network, membership):
    from practices.perms import is_network_facilitator
    from practices.selectors import networks_of

    assert list(networks_of(organisation)) == [network] and list(networks_of(agency)) == [network]
    assert not is_network_facilitator(None, network)
