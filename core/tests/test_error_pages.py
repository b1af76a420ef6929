"""Error pages: French, with the DSFR header and a way back home, whatever went wrong (DEBUG is False in tests)."""

import re

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

HOME = 'href="/"'


def _assert_french_error_page(response, status: int, title: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="fr"' in html
    assert f"<title>{title}" in html
    assert '<header role="banner" class="fr-header">' in html  # the DSFR header
    assert "dsfr.min.css" in html
    assert re.search(r"""href="/">Retour à l(&#x27;|')accueil</a>""", html)
    return html


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "core.tests.urls_errors"


@pytest.mark.django_db
def test_404_page_is_french_with_the_header_a_link_home_and_back_guidance(client, organisation):
    html = _assert_french_error_page(client.get("/cette-page-n-existe-pas/"), 404, "Page introuvable")
    assert "Revenir à la page précédente" in html


@pytest.mark.django_db
def test_403_page_is_french_with_the_header_a_link_home_and_back_guidance(client, agent):
    client.force_login(agent)
    html = _assert_french_error_page(client.get(reverse("plans:create")), 403, "Accès refusé")
    assert "Revenir à la page précédente" in html


@pytest.mark.django_db
def test_400_page_is_french_with_the_header_and_a_link_home(client, organisation, error_urls):
    _assert_french_error_page(client.get("/essai/requete/"), 400, "Requête incorrecte")


@pytest.mark.django_db
def test_400_page_for_an_unknown_host_is_french_too(client, organisation):
    _assert_french_error_page(client.get("/", HTTP_HOST="pirate.example"), 400, "Requête incorrecte")


@pytest.mark.django_db
def test_500_page_is_french_with_the_header_and_a_link_home(organisation, error_urls):
    client = Client(raise_request_exception=False)
    html = _assert_french_error_page(client.get("/essai/panne/"), 500, "Erreur du serveur")
    assert "une panne" not in html


def test_500_page_renders_without_the_database():
    """No ``db`` fixture: any query would fail this test. The 500 page must still render when the database is down."""
    from django.urls.utils import get_callable

    from config.urls import handler500

    request: HttpRequest = RequestFactory().get("/")
    response = get_callable(handler500)(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<header role="banner" class="fr-header">' in html and HOME in html


@pytest.mark.django_db
def test_csrf_failure_page_is_french_with_the_header_and_a_link_home(organisation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"email": "agent@test.fr"})
    html = _assert_french_error_page(response, 403, "Session expirée")
    assert "Rechargez la page" in html
