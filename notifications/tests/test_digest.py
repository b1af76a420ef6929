"""The action leads' digest: what it lists, sent by the daily job through a real SMTP server, once per period."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import Job, JobStatus
from core.tests.smtp import body_of
from indicators.models import Indicator, IndicatorKind
from notifications import tasks
from notifications.models import DigestFrequency, NotificationSettings, Preference
from plans import services as plan_services
from plans.models import ActionStatus

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def late_milestone(action, programme_lead, action_lead):
    plan_services.action_update_post(
        action=action, by=action_lead, text="Lancement.", status=ActionStatus.IN_PROGRESS
    )
    return plan_services.milestone_create(
        action=action, by=programme_lead, title="Module en ligne ouvert", due_date=datetime.date(2024, 3, 15)
    )


def run_digests(day):
    tasks.send_due_digests.enqueue(today=day.isoformat())


def test_a_digest_lists_a_late_milestone_and_is_sent_once_per_week(smtp_server, action_lead, late_milestone):
    run_digests(MONDAY)
    run_digests(MONDAY + datetime.timedelta(days=3))  # same week: nothing more
    assert [m["To"] for m in smtp_server.messages] == [action_lead.email]
    body = body_of(smtp_server.messages[0])
    assert "Jalons en retard" in body and "1.1 Module en ligne ouvert — prévu le 15/03/2024" in body
    assert (
        "desabonnement" in body
        and "List-Unsubscribe=One-Click" == smtp_server.messages[0]["List-Unsubscribe-Post"]
    )
    run_digests(MONDAY + datetime.timedelta(days=7))  # the next week: the next digest
    assert len(smtp_server.messages) == 2
    job = Job.objects.filter(kind="notification_digest").first()
    assert job.status == JobStatus.DONE and "1 récapitulatif(s) envoyé(s)." in job.message


def test_a_monthly_organisation_sends_one_per_month_and_never_means_never(
    smtp_server, organisation, action_lead, late_milestone
):
    settings = NotificationSettings.objects.create(
        organisation=organisation, digest_frequency=DigestFrequency.MONTHLY
    )
    for day in (1, 8, 15, 29):
        run_digests(datetime.date(2026, 12, day))
    assert len(smtp_server.messages) == 1
    settings.digest_frequency = DigestFrequency.NEVER
    settings.save()
    run_digests(datetime.date(2027, 1, 4))
    assert len(smtp_server.messages) == 1


def test_an_update_is_due_after_the_organisations_delay(
    smtp_server, organisation, action, action_lead, late_milestone
):
    NotificationSettings.objects.create(organisation=organisation, update_due_days=30)
    today = timezone.localdate()
    run_digests(today)  # the update was just posted: only the milestone
    assert "Points d'avancement attendus" not in body_of(smtp_server.messages[0])
    run_digests(today + datetime.timedelta(days=38))
    body = body_of(smtp_server.messages[1])
    assert (
        "Points d'avancement attendus" in body
        and "1.1 Former à la relation à l'usager — dernier point le" in body
    )


def test_nothing_due_means_no_digest(smtp_server, action, action_lead):
    run_digests(MONDAY)  # the action is « À venir », with no milestone
    assert not smtp_server.messages


def test_a_lead_who_unsubscribed_from_the_digest_gets_none(smtp_server, action_lead, late_milestone):
    Preference.objects.create(user=action_lead, digest=False)
    run_digests(MONDAY)
    assert not smtp_server.messages


def test_a_refused_digest_is_tried_again_the_next_day(smtp_server, action_lead, late_milestone):
    smtp_server.refuse_next = 1
    run_digests(MONDAY)
    run_digests(MONDAY + datetime.timedelta(days=1))
    assert len(smtp_server.messages) == 1


def test_the_daily_scheduler_registers_the_digest_job():
    from core.schedule import daily_jobs

    assert "notifications.tasks.send_due_digests" in [job.path for job in daily_jobs()]
    call_command("check")


def test_the_indicator_values_due_are_listed_for_the_actions_lead(
    smtp_server, organisation, plan, action, action_lead, late_milestone
):
    """A manual indicator of the lead's action with no value for the current period is listed as due."""
    Indicator.objects.create(
        organisation=organisation,
        plan_lineage=plan.lineage,
        action_lineage=action.lineage,
        name="Personnes formées",
        kind=IndicatorKind.FOLLOW_UP,
    )
    run_digests(MONDAY)
    body = body_of(smtp_server.messages[0])
    assert "Valeurs d'indicateurs à saisir" in body and "Personnes formées — 2025-2026" in body


def test_a_lead_who_left_the_organisation_gets_no_digest(smtp_server, action_lead, late_milestone):
    from accounts.models import RoleGrant
    from organisations.models import Person

    RoleGrant.objects.filter(user=action_lead).delete()
    Person.objects.filter(user=action_lead).update(is_active=False)
    run_digests(MONDAY)
    assert not smtp_server.messages
