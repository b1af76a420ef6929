"""An organisation event with two places, run by the programme lead; jobs run inline; e-mails go to the real
local SMTP server when a test asks for ``smtp_server``."""

import datetime

import pytest
from django.utils import timezone

from events import services
from events.models import Event


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"


def make_event(organisation, by, *, capacity=2, days=10, **fields):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {
        "kind": "webinar",
        "title": "Mettre en place des espaces de discussion",
        "description": "Un webinaire du réseau.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "online_link": "https://visio.example.org/salle-qvt",
        "capacity": capacity,
        "registration_deadline": start - datetime.timedelta(days=1),
        "audience": "organisation",
        **fields,
    }
    return services.event_save(event=Event(organiser=organisation, **values), by=by)


@pytest.fixture
def event(organisation, programme_lead):
    return make_event(organisation, programme_lead)
