"""The demo: monthly reminders, followed actions, and a digest for its action lead."""

import datetime

import pytest
from django.core import mail

from core.models import Job
from notifications import services
from notifications.models import DigestFrequency, Follow, NotificationSettings

pytestmark = pytest.mark.django_db


def test_the_demo_sends_its_action_lead_a_monthly_digest_and_has_followers(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert NotificationSettings.objects.get(organisation=demo).digest_frequency == DigestFrequency.MONTHLY
    assert Follow.objects.filter(user__email="agent@demo.qualivie.fr").count() == 2
    assert Follow.objects.filter(origin=Follow.Origin.PROPOSAL).exists()
    job = Job.objects.create(kind="notification_digest", label="Récapitulatifs")
    services.digests_send_due(today=datetime.date(2026, 12, 4), job=job)
    lead = "cheffe.projet@demo.qualivie.fr"
    assert [message.to for message in mail.outbox].count([lead]) == 1
    services.digests_send_due(
        today=datetime.date(2026, 12, 20), job=job
    )  # the hospital is weekly, the academy not
    assert [message.to for message in mail.outbox].count([lead]) == 1
