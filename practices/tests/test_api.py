"""Published stories in the API: public ones without authentication, network ones for the network's members."""

import pytest

from accounts.models import ApiToken
from practices.models import StoryStatus
from practices.tests.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(organisation, programme_lead, network, membership):
    common = {"network": network, "organisation": organisation, "by": programme_lead}
    return {
        "public": make_story(**common, title="Récit public", visibility="public", departement="974"),
        "network": make_story(**common, title="Récit du réseau"),
        "submitted": make_story(**common, title="Récit en attente", status=StoryStatus.SUBMITTED),
    }


def test_visitors_read_public_stories_without_authentication(client, stories):
    listing = client.get("/api/stories/").json()
    assert [story["title"] for story in listing["items"]] == ["Récit public"]
    detail = client.get(f"/api/stories/{stories['public'].pk}/").json()
    assert detail["departement"] == "974" and detail["region"] == "04" and detail["lessons"]
    assert client.get(f"/api/stories/{stories['network'].pk}/").status_code == 404


def test_members_read_network_stories_with_a_token_but_never_unmoderated_ones(client, stories, agent):
    raw = ApiToken.issue(user=agent, name="test")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    titles = {story["title"] for story in client.get("/api/stories/", **headers).json()["items"]}
    assert titles == {"Récit public", "Récit du réseau"}
    assert client.get(f"/api/stories/{stories['submitted'].pk}/", **headers).status_code == 404


def test_the_stories_are_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/stories/" in schema["paths"] and "/api/stories/{id}/" in schema["paths"]
    assert "StoryDetailOut" in schema["components"]["schemas"]
