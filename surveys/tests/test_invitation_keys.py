"""The invitations' keys: the personal codes' hashes and ``used`` flags, kept apart and erased at close.

Closing a campaign used to clear three columns of every (wide) invitation row; now the campaign's rows of the
narrow ``InvitationKey`` go in one step: ``TRUNCATE`` on PostgreSQL when no other campaign has keys, ``DELETE``
otherwise (``surveys.purge``). The invitations stay (participation denominators, frozen attributes).
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.factories import UserFactory
from surveys import crypto, participation, selectors, services
from surveys.models import Invitation, InvitationKey
from surveys.services.base import GENERIC_REFUSAL
from surveys.tests.box import open_box
from surveys.tests.conftest import TOKEN_IN_LINK, make_campaign, open_and_collect_tokens, valid_answers

pytestmark = pytest.mark.django_db


def _statements(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"].upper() for q in queries.captured_queries)


@pytest.fixture
def second_campaign(organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks):
    """Another open campaign of the same people (its own keys and codes)."""
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead, title="Baromètre bis")
    keys = campaign.test_keys
    tokens = open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    campaign.test_keys = keys
    return campaign, tokens


def test_opening_gives_every_invitation_one_key_holding_the_hash_of_its_emailed_code(open_campaign):
    campaign, tokens = open_campaign
    invitations = set(campaign.invitations.values_list("pk", flat=True))
    keys = InvitationKey.objects.filter(campaign=campaign)
    assert set(keys.values_list("pk", flat=True)) == invitations and len(invitations) == 15
    assert not keys.filter(used=True).exists() and not keys.exclude(reminder_token_hash=None).exists()
    hashes = set(keys.exclude(token_hash=None).values_list("token_hash", flat=True))
    assert hashes == {crypto.token_hash(t) for t in tokens}  # 13 e-mailed; the 2 without e-mail have none
    assert {f.name for f in Invitation._meta.concrete_fields} & {
        "token_hash",
        "reminder_token_hash",
        "used",
    } == set()


def test_a_submission_marks_only_its_own_key_used_and_the_agent_no_longer_sees_the_campaign(open_campaign):
    campaign, tokens = open_campaign
    invited = Invitation.objects.get(campaign=campaign, key__token_hash=crypto.token_hash(tokens[3]))
    agent = UserFactory(email="invite@test.fr")
    invited.person.user = agent
    invited.person.save()
    assert selectors.open_campaigns_for_agent(agent) == [campaign]
    services.response_submit(token=tokens[3], raw=valid_answers())
    used = InvitationKey.objects.get(used=True)
    assert used.pk == invited.pk and used.campaign_id == campaign.pk
    assert selectors.open_campaigns_for_agent(agent) == []


def test_close_erases_every_key_of_the_campaign_and_leaves_another_open_campaigns(
    open_campaign, second_campaign, programme_lead
):
    """Another campaign has keys: ``DELETE`` of this campaign's rows (never a truncation)."""
    campaign, tokens = open_campaign
    other, other_tokens = second_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.response_submit(token=other_tokens[0], raw=valid_answers())
    kept = list(InvitationKey.objects.filter(campaign=other).order_by("pk").values_list())
    invited = campaign.invitations.count()
    with CaptureQueriesContext(connection) as queries:
        services.campaign_close(campaign=campaign, by=programme_lead)
    assert "TRUNCATE" not in _statements(queries)
    assert not InvitationKey.objects.filter(campaign=campaign).exists()
    assert list(InvitationKey.objects.filter(campaign=other).order_by("pk").values_list()) == kept
    assert campaign.invitations.count() == invited  # the invitations stay: participation denominators
    services.response_submit(token=other_tokens[1], raw=valid_answers())  # the other campaign still answers
    assert InvitationKey.objects.filter(campaign=other, used=True).count() == 2


def test_close_of_the_only_campaign_with_keys_empties_the_table(
    open_campaign, second_campaign, programme_lead
):
    """The last campaign with keys: on PostgreSQL the table is truncated (under its exclusive lock), elsewhere its
    rows are deleted; either way no key is left and the invitations stay."""
    campaign, tokens = open_campaign
    other, _other_tokens = second_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.campaign_close(campaign=other, by=programme_lead)  # DELETE: this campaign still has keys
    assert InvitationKey.objects.filter(campaign=campaign).count() == 15
    with CaptureQueriesContext(connection) as queries:
        services.campaign_close(campaign=campaign, by=programme_lead)
    statements = _statements(queries)
    if connection.vendor == "postgresql":
        assert "IN ACCESS EXCLUSIVE MODE" in statements and "TRUNCATE" in statements
        assert (
            statements.index("LOCK TABLE") < statements.index("SELECT EXISTS") < statements.index("TRUNCATE")
        )
    else:
        assert "TRUNCATE" not in statements
    assert not InvitationKey.objects.exists()
    assert campaign.invitations.count() == 15 and other.invitations.count() == 15
    assert (
        open_box(campaign, campaign.test_keys).ballots == 1
    )  # the ballot was kept: keys and ballots are apart


def test_a_late_link_after_close_gets_the_generic_refusal(client, open_campaign, programme_lead):
    campaign, tokens = open_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.campaign_close(campaign=campaign, by=programme_lead)
    for token in tokens[:2]:  # used or not, the code no longer exists: same refusal as a wrong code
        with pytest.raises(services.SubmissionRefused) as start:
            services.answer_start(token=token)
        with pytest.raises(services.SubmissionRefused) as submit:
            services.response_submit(token=token, raw=valid_answers())
        assert str(start.value) == str(submit.value) == str(GENERIC_REFUSAL)
    with pytest.raises(services.SubmissionRefused) as unknown:
        services.answer_start(token=crypto.new_token())
    assert str(unknown.value) == str(GENERIC_REFUSAL)


def test_reminders_skip_those_who_answered_and_a_reminder_code_answers_once(
    open_campaign, programme_lead, django_capture_on_commit_callbacks
):
    campaign, tokens = open_campaign
    for token in tokens[:3]:
        services.response_submit(token=token, raw=valid_answers())
    answered = set(InvitationKey.objects.filter(used=True).values_list("pk", flat=True))
    assert len(answered) == 3
    recipients = set(services.reminder_recipients(campaign).values_list("pk", flat=True))
    assert len(recipients) == 10 and not recipients & answered
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_remind(campaign=campaign, by=programme_lead)
    assert len(mail.outbox) == 10
    reached = {m.to[0] for m in mail.outbox}
    answered_emails = set(Invitation.objects.filter(pk__in=answered).values_list("person__email", flat=True))
    assert not reached & answered_emails
    reminder = TOKEN_IN_LINK.search(mail.outbox[0].body).group(1)
    key = InvitationKey.objects.get(reminder_token_hash=crypto.token_hash(reminder))
    assert key.token_hash is not None and key.pk not in answered
    services.response_submit(token=reminder, raw=valid_answers())
    with pytest.raises(services.SubmissionRefused):
        services.response_submit(token=reminder, raw=valid_answers())
    assert InvitationKey.objects.filter(used=True).count() == 4


def test_opt_out_by_either_code_reaches_the_invitation(open_campaign):
    campaign, tokens = open_campaign
    services.invitation_opt_out(token=tokens[0])
    services.invitation_opt_out(token=crypto.new_token())  # unknown: nothing, and no error
    key = InvitationKey.objects.get(token_hash=crypto.token_hash(tokens[0]))
    assert list(campaign.invitations.filter(opted_out=True).values_list("pk", flat=True)) == [key.pk]


def test_running_participation_counts_the_campaigns_own_used_keys(
    open_campaign, second_campaign, monkeypatch
):
    campaign, tokens = open_campaign
    other, other_tokens = second_campaign
    for token in tokens[:5]:
        services.response_submit(token=token, raw=valid_answers())
    for token in other_tokens:  # everyone answers the other campaign: never counted in this one
        services.response_submit(token=token, raw=valid_answers())
    counted = {}

    def spy(parent, invited, answered, min_n, mask=None):
        counted["invited"], counted["answered"] = sum(invited), sum(answered)
        return [None] * len(parent)

    monkeypatch.setattr(participation, "open_rates", spy)
    participation.open_participation_rows(campaign)
    assert counted == {"invited": 15, "answered": 5}
