"""Anonymity by construction (threat model attacks 6-9): nothing stored links an answer to a person."""

import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, models
from django_tasks_db.models import DBTaskResult

from surveys import crypto, services
from surveys.models import Comment, Draft, Invitation, InvitationKey, Response
from surveys.tests.box import open_box
from surveys.tests.conftest import TOKEN_IN_LINK, make_campaign, valid_answers

pytestmark = pytest.mark.django_db


def test_response_and_comment_have_no_field_that_could_hold_a_person_a_token_or_a_time():
    for model, expected in [
        (Response, {"id", "campaign", "unit", "attributes", "answers", "scale"}),
        (Comment, {"id", "campaign", "unit", "item_key", "text", "moderated_text", "status"}),
    ]:
        fields = {f.name for f in model._meta.get_fields() if f.concrete}
        assert fields == expected
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not any(
            isinstance(f, models.DateField | models.DateTimeField) for f in model._meta.get_fields()
        )


def test_invitation_holds_no_answer_and_no_time():
    fields = {f.name for f in Invitation._meta.get_fields() if f.concrete}
    assert not any(isinstance(Invitation._meta.get_field(n), models.DateField) for n in fields)
    assert {"opted_out", "email_status"} <= fields
    assert not {"answers", "response", "used_at", "answered_at", "token", "token_hash", "used"} & fields


def test_who_answered_is_only_in_the_narrow_key_table_erased_at_close():
    fields = {f.name for f in InvitationKey._meta.get_fields() if f.concrete}
    assert fields == {"invitation", "campaign", "token_hash", "reminder_token_hash", "used"}
    assert not any(isinstance(InvitationKey._meta.get_field(n), models.DateField) for n in fields)


def test_no_survey_model_is_recorded_in_the_audit_history():
    tables = connection.introspection.table_names()
    assert not [t for t in tables if t.startswith("surveys_historical")]
    from simple_history.models import registered_models

    assert not [m for m in registered_models.values() if m._meta.app_label == "surveys"]


def test_draft_cannot_be_found_nor_read_without_the_token(open_campaign):
    campaign, tokens = open_campaign
    services.draft_save(
        campaign=campaign, token=tokens[0], raw={"rel_ambiance": "5", "txt_positif": "Mon équipe"}
    )
    draft = Draft.objects.get()
    invitation_hashes = set(InvitationKey.objects.values_list("token_hash", flat=True))
    assert draft.lookup not in invitation_hashes
    assert b"quipe" not in bytes(draft.payload)
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(crypto.draft_cipher(tokens[1]), draft.payload)
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(crypto.deposit_cipher(), draft.payload)
    assert services.draft_load(token=tokens[0]) == {"rel_ambiance": "5", "txt_positif": "Mon équipe"}
    services.response_submit(token=tokens[0], raw=valid_answers())
    assert not Draft.objects.exists()


def test_emailed_link_carries_the_token_only_after_the_hash_sign(open_campaign):
    _campaign, _tokens = open_campaign
    for message in mail.outbox:
        token = TOKEN_IN_LINK.search(message.body).group(1)
        urls = re.findall(r"https?://\S+", message.body)
        assert len(urls) == 3
        for url in urls:
            before, _sep, fragment = url.partition("#")
            assert token not in before and "?" not in before
            assert fragment in ("", token)


def test_comments_are_stored_apart_with_no_link_to_their_response(open_campaign):
    campaign, tokens = open_campaign
    for token in tokens[:6]:
        services.response_submit(token=token, raw=valid_answers(txt_ameliorer="Un avis"))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    assert Comment.objects.count() == 6 and Response.objects.count() == 6
    assert not any("txt_ameliorer" in r.answer_values() for r in Response.objects.all())
    response_ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    assert not response_ids & {str(pk) for pk in Comment.objects.values_list("pk", flat=True)}


@pytest.mark.django_db(transaction=True)
def test_job_queue_holds_only_ids_and_the_real_worker_sends_the_emails(
    settings, organisation, barometer, root_unit, staff, programme_lead, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    caplog.set_level(logging.DEBUG)
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    job = services.campaign_open(campaign=campaign, by=programme_lead)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {
        "args": [],
        "kwargs": {"job_id": str(job.pk), "campaign_id": campaign.pk, "mode": "invite"},
    }
    assert mail.outbox == []
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)
    tokens = [TOKEN_IN_LINK.search(m.body).group(1) for m in mail.outbox]
    assert len(tokens) == 13
    job.refresh_from_db()
    assert job.status == "done" and job.done == 13
    task.refresh_from_db()
    stored = str(task.args_kwargs) + str(task.return_value) + task.traceback + job.message
    for token in tokens:
        services.response_submit(token=token, raw=valid_answers())
        assert token not in stored
        assert crypto.normalise_token(token) not in caplog.text and token not in caplog.text
