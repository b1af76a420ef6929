import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_answers_anonymous_visitors_in_french(client, organisation):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_state_service_shows_marianne_block_and_others_get_neutral_variant(client, organisation):
    html = client.get(reverse("core:home")).content.decode()
    assert 'class="fr-logo"' in html and "qv-neutral" not in html
    organisation.is_state_service = False
    organisation.save()
    html = client.get(reverse("core:home")).content.decode()
    assert 'class="fr-logo"' not in html and "qv-neutral" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["core:legal", "core:privacy", "core:accessibility"])
def test_each_organisation_has_its_legal_pages(client, organisation, name):
    response = client.get(reverse(name, args=[organisation.slug]))
    assert response.status_code == 200
    assert organisation.name in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_sent(client, organisation):
    response = client.get(reverse("core:home"))
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_project_static_files_are_collected(settings):
    from django.contrib.staticfiles import finders

    assert finders.find("css/qualivie.css") and finders.find("js/qualivie.js")


@pytest.mark.django_db
def test_only_the_most_specific_navigation_entry_is_current(client, action_lead):
    client.force_login(action_lead)
    html = client.get(reverse("plans:my_actions")).content.decode()
    nav = html.split('id="navigation"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert 'aria-current="page">Mes actions' in nav
