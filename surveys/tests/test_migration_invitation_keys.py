"""Migration 0007: the invitations' hashes and ``used`` flags move to ``InvitationKey`` (draft and open campaigns
only: a closed campaign's were cleared at its close)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from surveys import services
from surveys.models import Invitation, InvitationKey
from surveys.tests.conftest import make_campaign

BEFORE = [("surveys", "0006_response_scale")]
AFTER = [("surveys", "0007_invitation_keys")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_migration_copies_the_keys_of_open_campaigns_and_makes_none_for_closed_ones(
    organisation, barometer, root_unit, staff, programme_lead
):
    running = make_campaign(organisation, barometer, [root_unit], programme_lead, title="Ouverte")
    services.campaign_open(campaign=running, by=programme_lead, send_emails=False)
    ended = make_campaign(organisation, barometer, [root_unit], programme_lead, title="Close")
    services.campaign_open(campaign=ended, by=programme_lead, send_emails=False)
    services.campaign_close(campaign=ended, by=programme_lead)
    running_ids = sorted(Invitation.objects.filter(campaign=running).values_list("pk", flat=True))
    ended_ids = sorted(Invitation.objects.filter(campaign=ended).values_list("pk", flat=True))
    assert len(running_ids) == len(ended_ids) == 15
    try:
        _migrate(BEFORE)
        # the previous design: hashes and flags on the invitations (closed campaigns' cleared)
        with connection.cursor() as cursor:
            for n, pk in enumerate(running_ids):
                cursor.execute(
                    "UPDATE surveys_invitation SET token_hash = %s, reminder_token_hash = %s, used = %s "
                    "WHERE id = %s",
                    [f"t{pk:063d}", f"r{pk:063d}" if n % 3 == 0 else None, n % 2 == 0, pk],
                )
    finally:
        _migrate(AFTER)
    keys = {k.pk: k for k in InvitationKey.objects.all()}
    assert sorted(keys) == running_ids  # none for the closed campaign
    for n, pk in enumerate(running_ids):
        key = keys[pk]
        assert key.campaign_id == running.pk and key.token_hash == f"t{pk:063d}"
        assert key.reminder_token_hash == (f"r{pk:063d}" if n % 3 == 0 else None)
        assert key.used == (n % 2 == 0)
    assert Invitation.objects.filter(campaign=ended).count() == 15
    services.campaign_close(campaign=running, by=programme_lead)
    assert not InvitationKey.objects.exists()
