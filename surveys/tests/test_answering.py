"""Answering with the Django test client: start with a code, pages, errors, save and resume, submit once."""

import datetime
import json

import pytest
from django.urls import reverse

from surveys import services
from surveys.models import Ballot, Campaign, InvitationKey
from surveys.tests.conftest import make_campaign, valid_answers

pytestmark = pytest.mark.django_db

GENERIC = "incorrect, a déjà servi"


def start(client, code):
    response = client.post("/barometre/repondre/commencer/", {"code": code})
    return response


def session_url(client, code):
    response = start(client, code)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def answer_all_pages(client, url, answers):
    """Post every page of the barometer with ``answers`` (missing items left blank)."""
    number = 1
    while True:
        response = client.post(f"{url}{number}/", {**answers, "action": "next"})
        if response.status_code != 302 or "/merci/" in response["Location"]:
            return response
        number += 1


def test_landing_page_has_code_form_static_script_and_no_store(client):
    page = client.get("/barometre/repondre/")
    html = page.content.decode()
    assert 'id="qv-code-form"' in html and "surveys/answer.js" in html
    assert "<script>" not in html
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"


def test_respondent_answers_every_page_and_reads_where_to_find_help(client, open_campaign):
    campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    intro = client.get(url)
    assert "Durée estimée" in intro.content.decode() and "Votre anonymat" in intro.content.decode()
    assert "no-store" in intro["Cache-Control"]
    done = answer_all_pages(client, url, valid_answers(txt_ameliorer="Plus de temps d'échange."))
    assert done.status_code == 302 and "/merci/" in done["Location"]
    thanks = client.get(done["Location"]).content.decode()
    assert "médecine de prévention" in thanks
    assert Ballot.objects.count() == 1
    assert InvitationKey.objects.filter(used=True).count() == 1


def test_code_typed_by_hand_is_forgiving_about_case_and_dashes(client, open_campaign):
    _campaign, tokens = open_campaign
    assert start(client, tokens[0].lower().replace("-", " ")).status_code == 302


def test_unknown_and_used_codes_get_the_same_refusal(client, open_campaign):
    _campaign, tokens = open_campaign
    services.response_submit(token=tokens[1], raw=valid_answers())
    used = start(client, tokens[1])
    unknown = start(client, "ABCD-EFGH-JKMN-PQRS-TVWX")
    assert used.status_code == unknown.status_code == 403
    assert GENERIC in used.content.decode() and GENERIC in unknown.content.decode()
    alert = lambda html: html.split('role="alert"')[1].split("</div>")[0]  # noqa: E731
    assert alert(used.content.decode()) == alert(unknown.content.decode())


def test_missing_required_and_out_of_range_answers_are_explained_and_nothing_typed_is_lost(
    client, open_campaign
):
    _campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    response = answer_all_pages(client, url, {"rel_ambiance": "4", "be_recommande": "12"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cette question est obligatoire." in html
    response = client.post(f"{url}7/", {"be_recommande": "12", "be_evolution": "mieux", "action": "next"})
    html = response.content.decode()
    assert "Choisissez une valeur entre 0 et 10." in html
    assert 'value="mieux" checked' in html
    page1 = client.get(f"{url}1/").content.decode()
    assert 'value="4" checked' in page1


def test_html_and_overlong_free_text_are_refused_with_the_text_kept(client, open_campaign):
    _campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    last = 8
    response = client.post(
        f"{url}{last}/", {"txt_ameliorer": "<script>alert(1)</script> merci", "action": "next"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "balises HTML" in html and "&lt;script&gt;alert(1)&lt;/script&gt; merci" in html
    response = client.post(f"{url}{last}/", {"txt_ameliorer": "a" * 3001, "action": "next"})
    assert "3001 caractères" in response.content.decode()


def test_save_and_resume_later_with_the_same_code(client, open_campaign):
    _campaign, tokens = open_campaign
    url = session_url(client, tokens[0])
    saved = client.post(f"{url}1/", {"rel_ambiance": "5", "action": "save"})
    assert "Vos réponses sont enregistrées" in saved.content.decode()
    client.cookies.clear()
    url = session_url(client, tokens[0])
    assert "Reprendre mes réponses" in client.get(url).content.decode()
    assert 'value="5" checked' in client.get(f"{url}1/").content.decode()


def test_cannot_submit_twice_even_from_a_second_browser(
    client, open_campaign, django_capture_on_commit_callbacks
):
    campaign, tokens = open_campaign
    first = session_url(client, tokens[0])
    from django.test import Client

    other = Client()
    second = session_url(other, tokens[0])
    assert "/merci/" in answer_all_pages(client, first, valid_answers())["Location"]
    refused = answer_all_pages(other, second, valid_answers())
    assert refused.status_code == 403 and GENERIC in refused.content.decode()
    services.campaign_close(campaign=campaign, by=None)
    assert Ballot.objects.filter(campaign=campaign).count() == 1


def test_closed_and_not_yet_open_campaigns_say_so(client, open_campaign):
    campaign, tokens = open_campaign
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=campaign.opens_on + datetime.timedelta(days=3))
    assert "pas encore ouverte" in start(client, tokens[0]).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=campaign.opens_on, status="closed")
    assert "est close" in start(client, tokens[0]).content.decode()


def test_json_endpoint_accepts_once_then_refuses(client, open_campaign):
    _campaign, tokens = open_campaign
    body = json.dumps({"token": tokens[0], "answers": valid_answers()})
    first = client.post("/barometre/api/reponses/", body, content_type="application/json")
    second = client.post("/barometre/api/reponses/", body, content_type="application/json")
    assert first.status_code == 201 and second.status_code == 409
    assert GENERIC in second.json()["error"]
    bad = client.post(
        "/barometre/api/reponses/",
        json.dumps({"token": tokens[1], "answers": {"be_global": 11}}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "be_global" in bad.json()["errors"]


def test_opt_out_stops_reminders_and_answers_the_same_for_unknown_codes(client, open_campaign):
    campaign, tokens = open_campaign
    response = client.post("/barometre/relances/", {"code": tokens[0]}, follow=True)
    unknown = client.post("/barometre/relances/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, follow=True)
    assert "ne recevrez plus de relance" in response.content.decode()
    assert "ne recevrez plus de relance" in unknown.content.decode()
    assert campaign.invitations.filter(opted_out=True).count() == 1


def test_preview_checks_answers_but_stores_nothing(
    client, organisation, barometer, root_unit, staff, programme_lead
):
    from surveys.tests.conftest import make_campaign

    campaign = make_campaign(
        organisation, barometer, [root_unit], programme_lead
    )  # test mode: before opening
    client.force_login(programme_lead)
    url = f"/barometre/campagnes/{campaign.pk}/test/"
    assert "Mode test" in client.get(url).content.decode()
    response = client.post(f"{url}?page=1", {"rel_ambiance": "4"})
    assert response.status_code == 302
    response = client.post(f"{url}?page=7", {"be_global": ""})
    assert response.status_code == 400
    assert not Ballot.objects.exists() and not InvitationKey.objects.filter(used=True).exists()
    from surveys.models import Draft

    assert not Draft.objects.exists()


def test_forms_work_with_the_null_origin_sent_under_no_referrer_but_still_need_the_csrf_token(open_campaign):
    from django.test import Client

    _campaign, tokens = open_campaign
    browser = Client(enforce_csrf_checks=True)
    browser.get("/barometre/repondre/")
    csrf = browser.cookies["csrftoken"].value
    assert (
        browser.post("/barometre/repondre/commencer/", {"code": tokens[0]}, HTTP_ORIGIN="null").status_code
        == 403
    )
    ok = browser.post(
        "/barometre/repondre/commencer/", {"code": tokens[0], "csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="null"
    )
    assert ok.status_code == 302
    evil = {"code": tokens[0], "csrfmiddlewaretoken": csrf}
    assert (
        browser.post("/barometre/repondre/commencer/", evil, HTTP_ORIGIN="https://evil.example").status_code
        == 403
    )


def test_no_code_reaches_the_logs_even_when_requests_are_refused(client, open_campaign, caplog):
    import logging

    _campaign, tokens = open_campaign
    caplog.set_level(logging.DEBUG)
    logging.getLogger("django.request").addHandler(caplog.handler)  # it does not propagate to the root
    url = session_url(client, tokens[0])
    answer_all_pages(client, url, {"be_recommande": "99"})
    answer_all_pages(client, url, valid_answers())
    start(client, tokens[0])  # already used: refused
    client.post(
        "/barometre/api/reponses/",
        json.dumps({"token": tokens[0], "answers": {}}),
        content_type="application/json",
    )
    logging.getLogger("django.request").removeHandler(caplog.handler)
    for token in tokens:
        assert token not in caplog.text and token.replace("-", "") not in caplog.text


def test_a_draft_campaign_has_no_thank_you_page(client, organisation, barometer, root_unit, programme_lead):
    draft = make_campaign(organisation, barometer, [root_unit], programme_lead)
    assert client.get(reverse("surveys:answer_done", args=[draft.pk])).status_code == 404
