"""The programme lead sets the organisation's digest frequency and update delay; others cannot."""

import pytest
from django.urls import reverse

from notifications.models import DigestFrequency, NotificationSettings

pytestmark = pytest.mark.django_db


def url(organisation):
    return reverse("notifications:settings", kwargs={"slug": organisation.slug})


def test_the_programme_lead_sets_the_frequency(client, organisation, programme_lead):
    client.force_login(programme_lead)
    page = client.get(url(organisation)).content.decode()
    assert "Chaque semaine" in page and "Chaque mois" in page and "Jamais" in page
    response = client.post(
        url(organisation), {"digest_frequency": "monthly", "update_due_days": "45"}, follow=True
    )
    assert "Paramètres des notifications enregistrés." in response.content.decode()
    saved = NotificationSettings.objects.get(organisation=organisation)
    assert saved.digest_frequency == DigestFrequency.MONTHLY and saved.update_due_days == 45


def test_errors_are_shown_in_french(client, organisation, programme_lead):
    client.force_login(programme_lead)
    response = client.post(url(organisation), {"digest_frequency": "", "update_due_days": "3"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez une fréquence." in page and "supérieure ou égale à 7" in page
    assert not NotificationSettings.objects.exists()


def test_an_agent_is_refused_and_an_outsider_learns_nothing(client, organisation, agent, outsider):
    client.force_login(agent)
    assert client.get(url(organisation)).status_code == 403
    client.force_login(outsider)
    assert client.get(url(organisation)).status_code == 404
