"""One person answers once, even when the same code is posted many times at the same moment."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from surveys import services
from surveys.models import Ballot, InvitationKey
from surveys.tests.conftest import make_campaign, valid_answers

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_replays_of_one_code_store_exactly_one_response(
    organisation, barometer, root_unit, staff, programme_lead, mailoutbox
):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    services.campaign_open(campaign=campaign, by=programme_lead)
    token = mailoutbox[0].body.split("/barometre/repondre/#")[1].split()[0]

    def submit(_n):
        try:
            services.response_submit(token=token, raw=valid_answers())
            return "stored"
        except services.SubmissionRefused as refusal:
            return refusal.message
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(submit, range(8)))
    assert results.count("stored") == 1
    assert all("a déjà servi" in r for r in results if r != "stored")
    assert Ballot.objects.count() == 1 and InvitationKey.objects.filter(used=True).count() == 1
    services.campaign_close(campaign=campaign, by=programme_lead)
    assert Ballot.objects.count() == 1
