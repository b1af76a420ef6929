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


def test_opening_a_chunk_keeps_only_valid_scale_answers_and_the_choices_apart():
    from nacl.public import PrivateKey, SealedBox

    from surveys import ballotbox

    key = PrivateKey.generate()
    spec = ballotbox.OpenSpec(
        attributes=("gender",), scale_items=(("a", 1, 5), ("b", 0, 10)), not_disclosed="nc", not_concerned=-2
    )
    payloads = [
        {"u": 7, "a": {"gender": "F"}, "x": {"a": 5, "b": 10, "evol": "mieux"}, "c": []},
        {"u": 8, "a": {}, "x": {"a": -2, "b": 11}, "c": [["t", "Un avis"]]},  # 11: not a value of b
        {"u": 9, "a": {"gender": "M"}, "x": {"a": True, "b": "3", "many": ["x", "y"]}, "c": []},
        {"u": 9, "a": {"gender": "M"}, "x": {"a": 300, "b": 0}, "c": []},  # 300 fits no byte
    ]
    sealed = [ballotbox.seal(bytes(key.public_key), p, ballotbox.ballot_size(1)) for p in payloads]
    chunk = ballotbox.open_chunk(SealedBox(key), sealed, spec)
    assert chunk.units == [7, 8, 9, 9]
    assert chunk.attributes == [("F",), ("nc",), ("M",), ("M",)]
    assert [scale_decode(["a", "b"], chunk.scale[i * 2 : i * 2 + 2]) for i in range(4)] == [
        {"a": 5, "b": 10},
        {"a": -2},
        {},
        {"b": 0},
    ]
    assert chunk.answers == ['{"evol":"mieux"}', "{}", '{"many":["x","y"]}', "{}"]
    assert chunk.texts == [None, [["t", "Un avis"]], None, None]
