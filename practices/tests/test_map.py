"""The map page: served with the network blocked, every département a labelled link, the same counts in its table."""

import re

import pytest
from django.urls import reverse

from practices import geography
from practices.tests.factories import join, make_story

pytestmark = pytest.mark.django_db

LABEL = re.compile(
    r'<a href="([^"]+)" tabindex="0" aria-label="([^"]+) : (\d+) récits?" data-departement="(\w+)"'
)
ROW = re.compile(r'<th scope="row" data-departement="(\w+)">[^<]*</th><td data-count="(\d+)">')


@pytest.fixture
def stories(organisation, programme_lead, network, membership, agency, facilitator):
    common = {"network": network, "by": programme_lead, "moderator": facilitator, "visibility": "public"}
    made = [
        make_story(**common, organisation=organisation, departement="33", title="Gironde 1"),
        make_story(**common, organisation=organisation, departement="33", title="Gironde 2", sector="local"),
        make_story(**common, organisation=organisation, departement="33", title="Gironde 3"),
        make_story(**common, organisation=organisation, departement="2A", title="Corse-du-Sud"),
        make_story(**common, organisation=organisation, departement="974", title="La Réunion"),
    ]
    join(network, agency.__class__.objects.create(slug="ch-pessac", name="CH de Pessac"), departement="33")
    return made


def _page(client, **params):
    response = client.get(reverse("practices:story_map"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_map_page_works_with_no_network_no_external_url_in_it(client, stories):
    page = _page(client)
    external = re.findall(r'(?:src|href|action|xlink:href)="((?:https?:)?//[^"]*)"|url\((?:https?:)?//', page)
    # the SVG namespace is an identifier, not something the browser fetches
    assert not [url for url in external if url], external
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "CC BY 4.0" in page  # the map's licence, credited


def test_the_table_alternative_lists_the_same_counts_as_the_maps_labels(client, stories):
    page = _page(client)
    labels = {code: int(count) for _url, _name, count, code in LABEL.findall(page)}
    rows = {code: int(count) for code, count in ROW.findall(page)}
    assert len(labels) == 101 and set(geography.OVERSEAS) <= set(labels)  # overseas départements drawn too
    assert labels == rows
    assert labels["33"] == 3 and labels["2A"] == 1 and labels["974"] == 1 and sum(labels.values()) == 5
    assert 'aria-label="Gironde : 3 récits"' in page
    assert re.search(r'data-region="75">3<', page)  # Nouvelle-Aquitaine, derived from the Gironde


def test_each_departement_links_to_the_search_with_the_filters_kept(client, stories):
    page = _page(client, secteur="local")
    links = {code: url for url, _name, _count, code in LABEL.findall(page)}
    assert "secteur=local" in links["33"] and "departement=33" in links["33"]
    labels = {code: int(count) for _url, _name, count, code in LABEL.findall(page)}
    assert labels["33"] == 1 and sum(labels.values()) == 1  # the search filters apply to the map
    listed = client.get(links["33"].replace("&amp;", "&")).content.decode()
    assert "Gironde 2" in listed and "Gironde 1" not in listed


def test_member_organisations_are_counted_for_members_only(client, stories, agent):
    anonymous = _page(client)
    assert "Organisations membres" not in anonymous
    client.force_login(agent)
    page = _page(client)
    row = re.search(r'data-departement="33">[^<]*</th><td data-count="3">3</td><td>(\d+)</td>', page)
    assert row and row.group(1) == "1"


def test_the_text_search_applies_to_the_map(client, stories):
    labels = {code: int(count) for _url, _name, count, code in LABEL.findall(_page(client, q="Gironde"))}
    assert labels["33"] == 3 and sum(labels.values()) == 3
