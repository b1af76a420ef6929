"""The campaign life cycle, safe to run for real: forms that round-trip, confirmation pages for the irreversible
steps, invitations that wait for the opening date, publication only of built and moderated results."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from analytics.services import results_build
from core.tests.formdata import read_form
from surveys import services
from surveys.models import Campaign, Comment
from surveys.tasks import send_due_invitations
from surveys.tests.box import open_box
from surveys.tests.conftest import make_campaign, valid_answers

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def draft(organisation, barometer, root_unit, staff, programme_lead):
    return make_campaign(
        organisation, barometer, [root_unit], programme_lead, reporting_attributes=["gender", "category"]
    )


def test_campaign_edit_form_round_trips_its_dates(client, draft, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_edit", args=[draft.pk])
    values, date_inputs = read_form(html(client.get(url)))
    assert date_inputs == {"opens_on": draft.opens_on.isoformat(), "closes_on": draft.closes_on.isoformat()}
    values["title"] = ["Baromètre renommé"]
    response = client.post(url, values)
    assert response.status_code == 302, html(response)
    draft.refresh_from_db()
    assert draft.title == "Baromètre renommé"
    assert (draft.opens_on, draft.closes_on) == (
        timezone.localdate(),
        timezone.localdate() + datetime.timedelta(days=21),
    )
    assert sorted(draft.reporting_attributes) == ["category", "gender"]


def test_form_errors_are_summarised_at_the_top_with_links_to_the_fields(client, draft, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_edit", args=[draft.pk])
    values, _dates = read_form(html(client.get(url)))
    values["title"], values["closes_on"] = [""], [""]
    page = html(client.post(url, values))
    summary = re.search(r'<div class="fr-alert fr-alert--error[^"]*"[^>]*>(.*?)</div>', page, re.S)
    assert summary, "an error summary"
    assert summary.start() < page.index('name="title"'), "the summary comes before the fields"
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert [target for target, _text in links] == ["id_title", "id_closes_on"]
    assert [text for _target, text in links] == [
        "Titre : Ce champ est obligatoire.",
        "Clôture : Ce champ est obligatoire.",
    ]


# --- Confirmation pages ----------------------------------------------------------------------------------


def test_opening_asks_for_confirmation_and_says_how_many_emails_and_paper_codes(
    client, draft, programme_lead, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_open", args=[draft.pk])
    page = html(client.get(url))
    assert "13 invitation(s) seront envoyées par e-mail" in page
    assert "2 personne(s) n&#x27;ont pas d&#x27;adresse e-mail" in page
    assert "ne peut pas être annulée" in page
    assert "quand 2 des 3 dépositaires auront déposé leur clé" in page
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 200 and "Confirmez" in html(unconfirmed)
    draft.refresh_from_db()
    assert draft.status == "draft" and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(url, {"confirm": "oui"})
    assert opened["Location"].startswith("/taches/")
    draft.refresh_from_db()
    assert draft.status == "open" and len(mail.outbox) == 13


def test_remind_close_and_publish_each_ask_for_confirmation_first(
    client, open_campaign, programme_lead, django_capture_on_commit_callbacks
):
    campaign, tokens = open_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    client.force_login(programme_lead)
    remind = reverse("surveys:campaign_remind", args=[campaign.pk])
    assert "12 non-répondant(s) recevront un e-mail de relance" in html(client.get(remind))
    mail.outbox.clear()
    assert client.post(remind).status_code == 200 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remind, {"confirm": "oui"}).status_code == 302
    assert len(mail.outbox) == 12

    close = reverse("surveys:campaign_close", args=[campaign.pk])
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    page = html(client.get(close))
    assert "vous clôturez la campagne en avance" in page
    assert "Les 15 personnes invitées ne pourront plus répondre" in page
    assert "2 dépositaires des clés sur 3" in page
    assert client.post(close).status_code == 200
    assert Campaign.objects.get(pk=campaign.pk).status == "open"
    assert client.post(close, {"confirm": "oui"}).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).status == "closed"

    publish = reverse("surveys:campaign_publish", args=[campaign.pk])
    open_box(campaign, campaign.test_keys)
    results_build(campaign=campaign)
    page = html(client.get(publish))
    assert "encadrant·es" in page and "représentant·es du personnel" in page
    assert client.post(publish).status_code == 200
    assert Campaign.objects.get(pk=campaign.pk).status == "closed"
    assert client.post(publish, {"confirm": "oui"}).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).status == "published"


# --- Opening before the opening date ----------------------------------------------------------------------


def test_a_campaign_opened_before_its_date_sends_its_invitations_on_that_date(
    client, organisation, barometer, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead, opens_on=tomorrow)
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_open", args=[campaign.pk])
    assert "les e-mails ne partiront que ce jour-là" in html(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(url, {"confirm": "oui"}, follow=True)
    assert not mail.outbox
    assert campaign.invitations.filter(email_status="pending").count() == 13
    page = html(client.get(reverse("surveys:campaign_detail", args=[campaign.pk])))
    expected = f"les invitations partiront par e-mail le {tomorrow:%d/%m/%Y}"
    assert expected in html(opened) and expected in page
    assert "Relancer" not in page
    with pytest.raises(ValidationError, match="pas encore parties"):
        services.campaign_remind(campaign=campaign, by=programme_lead)

    with django_capture_on_commit_callbacks(execute=True):
        send_due_invitations.enqueue(today=today.isoformat())  # the daily job, today: too early
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        send_due_invitations.enqueue(today=tomorrow.isoformat())
    assert len(mail.outbox) == 13
    assert not campaign.invitations.filter(email_status="pending").exists()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_invitations.enqueue(today=tomorrow.isoformat())  # run twice: nothing sent twice
    assert len(mail.outbox) == 13
    assert ("07:00", "surveys.tasks.send_due_invitations") in settings.QUALIVIE_DAILY_JOBS


# --- Publishing -------------------------------------------------------------------------------------------


@pytest.fixture
def closed_with_comment(open_campaign, programme_lead):
    campaign, tokens = open_campaign
    for n, token in enumerate(tokens[:6]):
        answers = valid_answers(be_global=4 + n % 5)
        if n == 0:
            answers["txt_ameliorer"] = "Plus de salles de réunion."
        services.response_submit(token=token, raw=answers)
    services.campaign_close(campaign=campaign, by=programme_lead)
    return campaign


def test_publishing_waits_for_the_results_and_the_moderation_of_every_comment(
    client, closed_with_comment, programme_lead
):
    campaign = closed_with_comment
    with pytest.raises(ValidationError, match="pas encore calculés"):
        services.campaign_publish(campaign=campaign, by=programme_lead)
    client.force_login(programme_lead)
    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    page = html(client.get(detail))
    assert "l'urne attend les clés des dépositaires (0 sur 2 déposées)" in page

    open_box(campaign, campaign.test_keys)
    results_build(campaign=campaign)
    assert Comment.objects.filter(campaign=campaign, status="pending").count() == 1
    with pytest.raises(ValidationError, match="pas encore modérés"):
        services.campaign_publish(campaign=campaign, by=programme_lead)
    page = html(client.get(detail))
    built = f"Résultats calculés le {timezone.localdate():%d/%m/%Y}"
    assert built in page and reverse("analytics:campaign", args=[campaign.pk]) in page
    assert reverse("surveys:comments", args=[campaign.pk]) in page  # moderation stays reachable after close

    publish = reverse("surveys:campaign_publish", args=[campaign.pk])
    assert "Écarter les 1 commentaires non modérés" in html(client.get(publish))
    refused = client.post(publish, {"confirm": "oui"})
    assert refused.status_code == 200 and "pas encore modérés" in html(refused)
    assert client.post(publish, {"confirm": "oui", "set_aside": "on"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "published"
    assert not Comment.objects.filter(campaign=campaign).exclude(status="rejected").exists()


# --- The campaign page ------------------------------------------------------------------------------------


def test_test_mode_is_offered_only_before_opening(client, draft, open_campaign, programme_lead):
    campaign, _tokens = open_campaign
    client.force_login(programme_lead)
    preview = reverse("surveys:campaign_preview", args=[draft.pk])
    assert preview in html(client.get(reverse("surveys:campaign_detail", args=[draft.pk])))
    assert client.get(preview).status_code == 200
    preview = reverse("surveys:campaign_preview", args=[campaign.pk])
    assert preview not in html(client.get(reverse("surveys:campaign_detail", args=[campaign.pk])))
    refused = client.get(preview, follow=True)
    assert "qu&#x27;avant l&#x27;ouverture" in html(refused)


def test_closed_campaign_status_reads_cloturee_and_attributes_show_their_french_labels(
    client, open_campaign, programme_lead
):
    campaign, _tokens = open_campaign
    services.campaign_close(campaign=campaign, by=programme_lead)
    client.force_login(programme_lead)
    page = html(client.get(reverse("surveys:campaign_detail", args=[campaign.pk])))
    assert '<span class="fr-badge">Clôturée</span>' in page
    assert "Fermer</span>" not in page and "FERMER" not in page
    attributes = re.search(r"Attributs de restitution : ([^<]*)</li>", page).group(1)
    assert attributes == "Genre, Catégorie"
    assert "gender" not in page and "category" not in page


def test_the_opening_page_says_when_trustees_are_missing(
    client, organisation, barometer, root_unit, programme_lead
):
    from surveys.tests.conftest import make_campaign

    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    campaign.trustees.filter(pk=campaign.trustees.first().pk).update(public_key=None)
    client.force_login(programme_lead)
    page = html(client.get(reverse("surveys:campaign_open", args=[campaign.pk])))
    assert "Impossible pour l&#x27;instant" in page and "2 clé(s) créée(s) sur 3 dépositaire(s)" in page
    refused = client.post(
        reverse("surveys:campaign_open", args=[campaign.pk]), {"confirm": "oui"}, follow=True
    )
    assert "pas encore créé leur clé" in html(refused)
