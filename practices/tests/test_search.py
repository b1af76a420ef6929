"""Full-text search in French (PostgreSQL) with a plain fallback (SQLite), facets in the URL, similar stories."""

import pytest
from django.db import connection
from django.urls import reverse

from practices import selectors
from practices.models import Story
from practices.tests.factories import make_story

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


@pytest.fixture
def library(organisation, programme_lead, network, membership):
    common = {"network": network, "organisation": organisation, "by": programme_lead, "visibility": "public"}
    return {
        "discussion": make_story(
            **common,
            title="Des espaces de discussion sur le travail",
            departement="25",
            theme_codes=("expression", "gollac:autonomy"),
            actions="Les équipes discutent de leur travail.",
        ),
        "telework": make_story(
            **common,
            title="Le télétravail négocié",
            departement="75",
            sector="state",
            theme_codes=("balance",),
            actions="Un accord signé avec les organisations syndicales.",
        ),
        "tutoring": make_story(
            **common,
            title="Un tutorat des nouveaux",
            departement="39",
            theme_codes=("expression", "relations"),
            actions="Chaque arrivant a un tuteur volontaire.",
        ),
        "far": make_story(
            **common,
            title="Des espaces d'expression à La Réunion",
            departement="974",
            sector="local",
            theme_codes=("expression",),
            actions="Des réunions d'équipe régulières.",
        ),
    }


@on_postgresql
def test_postgresql_finds_words_by_their_french_stem_and_ranks_them(library):
    # "discussions" and "discussion", "équipe" and "équipes" share their French stems; the words are ANDed
    found = list(selectors.search(Story.objects.published(), "discussions équipe"))
    assert found and found[0] == library["discussion"]
    assert library["telework"] not in found


@on_sqlite
def test_sqlite_falls_back_to_a_plain_contains(library):
    found = set(
        selectors.search(Story.objects.published(), "Télétravail")
    )  # ASCII-only case folding on SQLite
    assert found == {library["telework"]}


def test_facets_are_kept_in_the_url_and_combine(client, library):
    page = client.get(
        reverse("practices:story_search"), {"region": "27", "theme": "expression"}
    ).content.decode()
    assert library["discussion"].title in page and library["tutoring"].title in page
    assert library["telework"].title not in page and library["far"].title not in page
    assert '<option value="27" selected>' in page  # the form shows the chosen facet again


def test_an_unknown_facet_is_refused_and_the_search_shows_everything(client, library):
    page = client.get(reverse("practices:story_search"), {"departement": "20"}).content.decode()
    assert "Sélectionnez un choix valide" in page


def test_similar_stories_share_themes_first_then_sector_and_region(library):
    similar = selectors.similar_stories(library["discussion"], Story.objects.published())
    # tutoring: 1 shared theme, same sector and région (4); far: 1 shared theme only (2); telework: no theme
    assert similar == [library["tutoring"], library["far"]]


def test_the_story_page_shows_similar_stories(client, library):
    page = client.get(reverse("practices:story", args=[library["discussion"].pk])).content.decode()
    assert "Récits similaires" in page and library["tutoring"].title in page
    assert library["telework"].title not in page


@pytest.mark.parametrize("path", ["practices:story_search", "practices:story_map"])
def test_search_and_map_queries_stay_flat_as_stories_grow(
    client, organisation, programme_lead, network, membership, agent, path, django_assert_max_num_queries
):
    client.force_login(agent)

    def add(count):
        for index in range(count):
            make_story(
                network=network,
                organisation=organisation,
                by=programme_lead,
                title=f"Récit {index}",
                departement=("25", "39", "974")[index % 3],
            )

    add(3)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(path))
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(path))
