"""Stored responses keep their scale answers as bytes (``Response.scale``) in the order of the campaign's
``scale_keys``; migration 0006 converts responses stored as JSON before it."""

import importlib

from django.apps import apps

from surveys import services
from surveys.models import Campaign, Response, scale_decode, scale_encode
from surveys.tests.box import open_box
from surveys.tests.conftest import valid_answers


def test_scale_codes_round_trip_and_leave_out_what_is_not_a_scale_answer():
    keys = ["a", "b", "c", "d", "e"]
    blob = scale_encode(keys, {"a": 5, "b": -2, "c": 0, "d": True, "x": 3})
    assert len(blob) == 5
    assert scale_decode(keys, blob) == {"a": 5, "b": -2, "c": 0}  # d (not a number) and e unanswered


def test_the_count_stores_scale_answers_as_bytes_and_choices_as_json(open_campaign):
    campaign, tokens = open_campaign
    for token in tokens[:5]:
        services.response_submit(token=token, raw=valid_answers(be_evolution="mieux"))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    campaign.refresh_from_db()
    assert "be_global" in campaign.scale_keys and "be_evolution" not in campaign.scale_keys
    for response in Response.objects.filter(campaign=campaign):
        assert response.answers == {"be_evolution": "mieux"}
        assert len(bytes(response.scale)) == len(campaign.scale_keys)
        assert response.answer_values()["be_global"] == 7


def test_migration_0006_converts_responses_stored_as_json_and_back(open_campaign):
    migration = importlib.import_module("surveys.migrations.0006_response_scale")
    campaign, tokens = open_campaign
    for i, token in enumerate(tokens[:5]):
        services.response_submit(token=token, raw=valid_answers(be_global=i, be_evolution="mieux"))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    campaign.refresh_from_db()
    expected = sorted((str(r.pk), sorted(r.answer_values().items())) for r in Response.objects.all())
    # as stored before 0006: every answer in the JSON, no bytes, no keys on the campaign
    for response in Response.objects.all():
        Response.objects.filter(pk=response.pk).update(answers=response.answer_values(), scale=b"")
    Campaign.objects.filter(pk=campaign.pk).update(scale_keys=[])

    migration.forwards(apps, None)
    campaign.refresh_from_db()
    assert campaign.scale_keys and "be_evolution" not in campaign.scale_keys
    converted = list(Response.objects.select_related("campaign"))
    assert sorted((str(r.pk), sorted(r.answer_values().items())) for r in converted) == expected
    assert all(r.answers == {"be_evolution": "mieux"} for r in converted)

    migration.backwards(apps, None)
    assert sorted(
        (str(pk), sorted(a.items())) for pk, a in Response.objects.values_list("pk", "answers")
    ) == (expected)
