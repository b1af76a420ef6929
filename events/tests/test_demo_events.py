"""The demo's events: the network webinar (200+ registrations, a waiting list, attendance), the annual event."""

from html import unescape

import pytest
from django.urls import reverse

from accounts.models import User
from events import selectors
from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_webinar_has_200_registrations_a_waiting_list_and_attendance(demo, _demo_loaded, client):
    webinar = Event.objects.get(title="Mettre en place des espaces de discussion")
    figures = selectors.event_figures(webinar)
    assert figures["registered"] + figures["waiting"] >= 200 and figures["waiting"] > 0
    assert 0 < figures["attended"] <= figures["registered"]
    assert "Démo : webinaire du réseau (236 inscriptions) et journée QVT académique." in _demo_loaded
    client.force_login(User.objects.get(email="pilote@demo.qualivie.fr"))
    page = client.get(reverse("events:registrations", args=[webinar.pk])).content.decode()
    assert "210 inscrit·es, 171 présent·es, 26 en liste d" in page


def test_the_demo_agent_holds_a_place_at_the_annual_qvt_event(demo, client):
    agent = User.objects.get(email="agent@demo.qualivie.fr")
    annual = Event.objects.get(title="Journée académique de la qualité de vie au travail")
    assert selectors.registration_of(agent, annual).status == "confirmed"
    client.force_login(agent)
    assert "Vous êtes inscrit·e." in client.get(reverse("events:detail", args=[annual.pk])).content.decode()


def test_the_demo_webinar_shows_its_satisfaction_results(demo, client):
    webinar = Event.objects.get(title="Mettre en place des espaces de discussion")
    results = selectors.satisfaction_results(webinar)
    assert results["shown"] and results["count"] >= 30 and 50 <= results["favourable"] <= 95
    assert webinar.satisfaction_tokens.count() == 171 - results["count"]  # the unanswered links stay unspent
    client.force_login(User.objects.get(email="pilote@demo.qualivie.fr"))
    page = unescape(client.get(reverse("events:detail", args=[webinar.pk])).content.decode())
    assert "Satisfaction des participants" in page
    assert f"{results['count']} réponses ; {results['favourable']} % d'avis favorables" in page
    assert "Questionnaire de satisfaction envoyé à 171 personnes présentes." in page
    assert "Les thèmes abordés sont utiles pour mon quotidien professionnel." in page
