"""Invitations through a real SMTP server on 127.0.0.1 (aiosmtpd), with retries on failure."""

from email.header import decode_header, make_header

import pytest

from core.tests.smtp import body_of
from surveys import services
from surveys.models import Invitation
from surveys.tests.conftest import TOKEN_IN_LINK, make_campaign

pytestmark = pytest.mark.django_db


def _open(organisation, barometer, root_unit, programme_lead, capture):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    with capture(execute=True):
        job = services.campaign_open(campaign=campaign, by=programme_lead)
    job.refresh_from_db()
    return campaign, job


def test_invitation_arrives_by_smtp_and_its_link_opens_the_questionnaire(
    client,
    smtp_server,
    organisation,
    barometer,
    root_unit,
    staff,
    programme_lead,
    django_capture_on_commit_callbacks,
):
    campaign, job = _open(
        organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks
    )
    assert len(smtp_server.messages) == 13 and job.status == "done" and job.percent == 100
    message = smtp_server.messages[0]
    assert str(make_header(decode_header(message["Subject"]))) == campaign.invitation_subject
    body = body_of(message)
    assert "anonymes" in body and "Ne plus recevoir de relance" in body
    token = TOKEN_IN_LINK.search(body).group(1)
    response = client.post("/barometre/repondre/commencer/", {"code": token})
    assert response.status_code == 302 and "/repondre/s/" in response["Location"]
    assert token not in response["Location"]


def test_smtp_failures_are_retried_then_counted_and_shown(
    client,
    smtp_server,
    organisation,
    barometer,
    root_unit,
    staff,
    programme_lead,
    django_capture_on_commit_callbacks,
):
    smtp_server.refuse_next = 2  # the first message is refused twice, accepted at the third attempt
    campaign, job = _open(
        organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks
    )
    assert len(smtp_server.messages) == 13
    assert Invitation.objects.filter(email_status="sent").count() == 13 and "échec" not in job.message


def test_an_address_that_keeps_failing_is_counted_as_a_failure(
    client,
    smtp_server,
    organisation,
    barometer,
    root_unit,
    staff,
    programme_lead,
    django_capture_on_commit_callbacks,
):
    smtp_server.refuse_next = 3  # three attempts for the first message: all refused
    campaign, job = _open(
        organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks
    )
    assert len(smtp_server.messages) == 12
    assert campaign.invitations.filter(email_status="failed").count() == 1
    assert "1 échec(s) après 3 tentatives" in job.message
    client.force_login(programme_lead)
    assert "1 échec(s) d" in client.get(f"/barometre/campagnes/{campaign.pk}/").content.decode()
