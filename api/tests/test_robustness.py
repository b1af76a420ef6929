"""Out-of-range numbers are 422, never 500; the OpenAPI schema documents every answer the API gives."""

import json

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond a 64-bit integer: the database cannot even compare it


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_page_number_beyond_any_page_is_422(client, plans):
    response = client.get("/api/plans/", {"page": HUGE})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "page"


def test_a_plan_id_beyond_any_id_is_422(client, plans):
    assert client.get(f"/api/plans/{HUGE}/").status_code == 422


def test_a_campaign_id_beyond_any_id_is_422(client, agent, token_for):
    response = client.get(f"/api/campaigns/{HUGE}/results/", **bearer(token_for(agent)))
    assert response.status_code == 422


def test_a_unit_id_beyond_any_id_is_422(client, agent, token_for):
    response = client.get("/api/campaigns/1/results/", {"unit": HUGE}, **bearer(token_for(agent)))
    assert response.status_code == 422


def test_an_action_or_milestone_id_beyond_any_id_is_422(client, action, action_lead, token_for):
    raw = token_for(action_lead)
    body = json.dumps({"text": "Point"})
    url = f"/api/actions/{HUGE}/updates/"
    assert client.post(url, body, content_type="application/json", **bearer(raw)).status_code == 422
    body = json.dumps({"text": "Point", "milestone_id": int(HUGE)})
    url = f"/api/actions/{action.pk}/updates/"
    assert client.post(url, body, content_type="application/json", **bearer(raw)).status_code == 422


def test_a_text_holding_a_nul_character_is_422_not_a_database_error(client, action, action_lead, token_for):
    """PostgreSQL refuses NUL in text columns: say so to the caller instead of failing."""
    body = json.dumps({"text": "avant\x00après"})
    url = f"/api/actions/{action.pk}/updates/"
    response = client.post(url, body, content_type="application/json", **bearer(token_for(action_lead)))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Le texte ne peut pas contenir de caractère nul."
    assert not action.updates.exists()


def test_a_body_that_is_not_json_is_400_in_french(client, action, action_lead, token_for):
    url = f"/api/actions/{action.pk}/updates/"
    response = client.post(
        url, b"{pas du json", content_type="application/json", **bearer(token_for(action_lead))
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n'est pas un JSON valide."}


# Every answer each operation can give: authentication (401), bad input (422), refusals and the results' 400.
DOCUMENTED = {
    ("get", "/api/plans/"): {"200", "401", "422"},
    ("get", "/api/plans/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/plans/{id}/versions/"): {"200", "401", "404", "422"},
    ("get", "/api/plans/{id}/differences/"): {"200", "401", "404", "422"},
    ("post", "/api/actions/{id}/updates/"): {"201", "400", "401", "403", "404", "422"},
    ("get", "/api/campaigns/{id}/results/"): {"200", "400", "401", "404", "422"},
    ("get", "/api/plans/{id}/indicators/"): {"200", "401", "404", "422"},
    ("get", "/api/indicators/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/organisations/{slug}/reviews/"): {"200", "401", "404", "422"},
    ("get", "/api/review-documents/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/prevention/register-versions/"): {"200", "401", "422"},
    ("get", "/api/prevention/register-versions/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/prevention/programmes/"): {"200", "401", "422"},
    ("get", "/api/prevention/programmes/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/events/"): {"200", "401", "422"},
    ("get", "/api/events/{id}/"): {"200", "401", "404", "422"},
    ("get", "/api/stories/"): {"200", "401", "422"},
    ("get", "/api/stories/{id}/"): {"200", "401", "404", "422"},
}


def test_the_schema_documents_every_answer_of_every_operation(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    found = {
        (method, path): set(op["responses"]) for path, ops in paths.items() for method, op in ops.items()
    }
    assert found == DOCUMENTED


def test_the_schema_bounds_every_integer_parameter(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    unbounded = [
        (path, param["name"])
        for ops in paths.values()
        for op in ops.values()
        for path in [op["operationId"]]
        for param in op.get("parameters", [])
        if param["schema"].get("type") == "integer" and "maximum" not in param["schema"]
    ]
    assert unbounded == []
