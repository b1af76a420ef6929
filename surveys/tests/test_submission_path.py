"""The JSON submission path, kept lean for load: same checks and same stored result as the pages."""

import datetime
import json

import pytest

from surveys import crypto, services
from surveys.answering import allowed_codes
from surveys.models import Campaign, InvitationKey, Questionnaire, Response
from surveys.tests.box import open_box
from surveys.tests.conftest import valid_answers

pytestmark = pytest.mark.django_db

URL = "/barometre/api/reponses/"


def post(client, token, answers):
    return client.post(URL, json.dumps({"token": token, "answers": answers}), content_type="application/json")


def test_accepted_codes_are_exactly_those_offered_for_every_template_question(organisation):
    services.questionnaire_install_templates(organisation=organisation)
    items = [item for q in Questionnaire.objects.filter(organisation=organisation) for item in q.items.all()]
    assert items
    for item in items:
        assert allowed_codes(item) == {value for value, _label in item.options}, item.key


def test_opened_box_stores_the_answers_under_the_respondents_unit(client, open_campaign, school):
    campaign, tokens = open_campaign
    at_school = [
        t
        for t in tokens
        if InvitationKey.objects.get(token_hash=crypto.token_hash(t)).invitation.unit == school
    ]
    for token in at_school[:6]:
        assert post(client, token, valid_answers()).status_code == 201
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    responses = list(Response.objects.filter(campaign=campaign))
    assert len(responses) == 6 and {r.unit_id for r in responses} == {school.pk}
    assert all(r.answer_values()["be_global"] == 7 for r in responses)


def test_closed_and_not_yet_open_campaigns_refuse_json_submissions(client, open_campaign):
    campaign, tokens = open_campaign
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=campaign.opens_on + datetime.timedelta(days=3))
    early = post(client, tokens[0], valid_answers())
    assert early.status_code == 409 and "pas encore ouverte" in early.json()["error"]
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=campaign.opens_on, status="closed")
    late = post(client, tokens[0], valid_answers())
    assert late.status_code == 409 and "est close" in late.json()["error"]
    assert not InvitationKey.objects.filter(used=True).exists()


def test_reminder_link_and_paper_code_each_answer_once(client, open_campaign, school):
    campaign, tokens = open_campaign
    reminder = crypto.new_token()
    InvitationKey.objects.filter(token_hash=crypto.token_hash(tokens[0])).update(
        reminder_token_hash=crypto.token_hash(reminder)
    )
    assert post(client, reminder, valid_answers()).status_code == 201
    assert post(client, tokens[0], valid_answers()).status_code == 409
    (code,) = services.paper_codes_create(campaign=campaign, unit=school, count=1)
    assert post(client, code, valid_answers()).status_code == 201
    assert post(client, code, valid_answers()).status_code == 409
