"""Fixtures of the surveys tests: a small tree with staff, the installed templates, an open barometer."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from core.tests.factories import PersonFactory, UnitFactory
from surveys import services
from surveys.models import Questionnaire
from surveys.tests.box import name_trustees

TOKEN_IN_LINK = re.compile(r"/barometre/repondre/#([0-9A-Z-]+)")


@pytest.fixture(autouse=True)
def _fast_inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SURVEYS_SMTP_BACKOFF = 0
    services._ITEMS_CACHE.clear()


@pytest.fixture
def barometer(organisation):
    services.questionnaire_install_templates(organisation=organisation)
    return Questionnaire.objects.get(organisation=organisation, family="barometre-qvct")


@pytest.fixture
def staff(organisation, school):
    """Twelve people in the school (various attributes) and two in a tiny service without e-mail."""
    people = [
        PersonFactory(
            organisation=organisation,
            unit=school,
            user=None,
            email=f"agent{i}@test.fr",
            gender="F" if i % 3 else "M",
            category="A" if i < 9 else "C",
        )
        for i in range(12)
    ]
    tiny = UnitFactory(organisation=organisation, parent=school.parent, code="TINY", name="Petit service")
    people += [PersonFactory(organisation=organisation, unit=tiny, user=None, email="") for _ in range(2)]
    return people


def make_campaign(organisation, questionnaire, units, by, **kwargs):
    """A campaign in preparation with three trustees and their keys (``campaign.test_keys``)."""
    today = timezone.localdate()
    campaign = services.campaign_create(
        organisation=organisation,
        questionnaire=questionnaire,
        title=kwargs.pop("title", "Baromètre 2026"),
        units=units,
        opens_on=kwargs.pop("opens_on", today),
        closes_on=kwargs.pop("closes_on", today + datetime.timedelta(days=21)),
        by=by,
        **kwargs,
    )
    campaign.test_keys = name_trustees(campaign)
    return campaign


def open_and_collect_tokens(campaign, by, django_capture_on_commit_callbacks):
    """Open the campaign (e-mails sent inline) and read the personal codes back from the e-mails."""
    start = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=campaign, by=by)
    return [TOKEN_IN_LINK.search(m.body).group(1) for m in mail.outbox[start:]]


def open_gender_category_barometer(organisation, barometer, root_unit, by, capture):
    """An open barometer of the whole tree reporting gender and category: (campaign with ``test_keys``, codes)."""
    campaign = make_campaign(
        organisation, barometer, [root_unit], by, reporting_attributes=["gender", "category"]
    )
    keys = campaign.test_keys
    tokens = open_and_collect_tokens(campaign, by, capture)
    campaign.refresh_from_db()
    campaign.test_keys = keys
    return campaign, tokens


@pytest.fixture
def open_campaign(
    organisation, barometer, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    return open_gender_category_barometer(
        organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks
    )


def valid_answers(**overrides):
    answers = {"be_global": 7, "rel_ambiance": 4, "cond_charge": 2, "impl_avis": -2}
    answers.update(overrides)
    return answers
