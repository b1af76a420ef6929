import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from accounts.models import ApiToken
from core.tests.factories import ActionFactory, AxisFactory, UserFactory
from plans.models import ActionUpdate, Milestone, Theme

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return {plan["title"] for plan in response.json()["items"]}


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_update(client, action, body, **extra):
    return client.post(
        f"/api/actions/{action.pk}/updates/", json.dumps(body), content_type="application/json", **extra
    )


def test_anonymous_list_shows_public_plans_only(client, plans):
    assert titles(client.get("/api/plans/")) == {"Plan public", "Plan public d'ailleurs"}


def test_list_items_have_the_documented_fields(client, plans, organisation):
    item = next(p for p in client.get("/api/plans/").json()["items"] if p["title"] == "Plan public")
    assert item == {
        "id": plans["public"].pk,
        "title": "Plan public",
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "period": "2023-2027",
        "status": "adopted",
        "version": 1,
        "visibility": "public",
    }


def test_staff_see_their_staff_plans_and_steering_sees_drafts_but_never_another_organisations(
    client, plans, agent, programme_lead
):
    client.force_login(agent)
    assert titles(client.get("/api/plans/")) == {"Plan public", "Plan des agents", "Plan public d'ailleurs"}
    client.force_login(programme_lead)
    assert titles(client.get("/api/plans/")) == {
        "Plan public",
        "Plan des agents",
        "Plan en préparation",
        "Plan public d'ailleurs",
    }


@pytest.mark.parametrize("key", ["other_staff", "other_private"])
def test_another_organisations_non_public_plan_is_404(client, plans, programme_lead, key):
    client.force_login(programme_lead)
    response = client.get(f"/api/plans/{plans[key].pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}


def test_private_plan_is_404_not_403_for_an_agent_of_the_same_organisation(client, plans, agent):
    client.force_login(agent)
    assert client.get(f"/api/plans/{plans['private'].pk}/").status_code == 404
    assert client.get(f"/api/plans/{plans['staff'].pk}/").status_code == 200


def test_plan_detail_has_axes_with_coded_actions_and_themes(client, plans, action, agent, action_lead):
    Theme.objects.create(plan=plans["staff"], title="Communication interne")
    client.force_login(agent)
    data = client.get(f"/api/plans/{plans['staff'].pk}/").json()
    assert data["themes"][0]["title"] == "Communication interne"
    [axis] = data["axes"]
    assert (axis["number"], axis["title"]) == (1, "Relations de travail")
    assert axis["actions"] == [
        {
            "id": action.pk,
            "code": "1.1",
            "title": "Accueillir les nouveaux",
            "status": "planned",
            "progress": 0,
            "lead_roles": "DRH",
            "leads": [action_lead.get_full_name()],
        }
    ]


def test_plan_detail_query_count_stays_flat(client, plans, agent):
    plan = plans["staff"]
    client.force_login(agent)

    def count():
        client.get(f"/api/plans/{plan.pk}/")  # warm the session and role caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/plans/{plan.pk}/").status_code == 200
        return len(ctx.captured_queries)

    ActionFactory(axis=AxisFactory(plan=plan, number=1), number=1).leads.add(UserFactory())
    Theme.objects.create(plan=plan, title="Thème 1")
    small = count()
    for number in (2, 3):
        axis = AxisFactory(plan=plan, number=number)
        for n in (1, 2, 3):
            ActionFactory(axis=axis, number=n).leads.add(UserFactory())
        Theme.objects.create(plan=plan, title=f"Thème {number}")
    assert count() == small


def test_token_auth_works_and_records_last_use(client, plans, agent, token_for):
    raw = token_for(agent)
    assert titles(client.get("/api/plans/", **bearer(raw))) >= {"Plan des agents"}
    assert ApiToken.objects.get(user=agent).last_used_at is not None


def test_a_token_used_again_within_five_minutes_is_not_written_on_every_request(
    client, plans, agent, token_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raw = token_for(agent)
    client.get("/api/plans/", **bearer(raw))
    first = ApiToken.objects.get(user=agent).last_used_at
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/plans/", **bearer(raw))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert ApiToken.objects.get(user=agent).last_used_at == first


def test_revoked_or_unknown_token_is_refused(client, plans, agent, token_for):
    raw = token_for(agent)
    ApiToken.objects.filter(user=agent).delete()
    response = client.get("/api/plans/", **bearer(raw))
    assert response.status_code == 401
    assert client.get("/api/plans/", **bearer("qv_nimportequoi")).status_code == 401


def test_token_of_a_deactivated_account_is_refused(client, plans, agent, token_for):
    raw = token_for(agent)
    agent.is_active = False
    agent.save()
    assert client.get("/api/plans/", **bearer(raw)).status_code == 401


def test_lead_posts_an_update_with_a_token_and_the_action_moves(client, action, action_lead, token_for):
    milestone = Milestone.objects.create(action=action, title="Livret imprimé", due_date="2024-09-01")
    body = {
        "text": "Livret d'accueil diffusé",
        "status": "in_progress",
        "progress": 40,
        "milestone_id": milestone.pk,
    }
    response = post_update(client, action, body, **bearer(token_for(action_lead)))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status_before"], data["status_after"], data["progress_after"]) == (
        "planned",
        "in_progress",
        40,
    )
    assert data["milestone_id"] == milestone.pk and data["author"] == action_lead.get_full_name()
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    assert ActionUpdate.objects.get().author == action_lead


def test_programme_lead_posts_with_the_session_and_csrf_token(action, programme_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(programme_lead)
    token = get_random_string(32)  # what Django's CSRF cookie holds: a 32-character secret
    client.cookies["csrftoken"] = token
    response = post_update(client, action, {"text": "Fait", "status": "done"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)


def test_session_post_without_csrf_token_is_refused(action, action_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(action_lead)
    response = post_update(client, action, {"text": "Sans jeton CSRF"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not ActionUpdate.objects.exists()


def test_agent_gets_403_and_other_organisations_404(client, action, agent, outsider, token_for):
    response = post_update(
        client, action, {"text": "Je ne suis pas cheffe de projet"}, **bearer(token_for(agent))
    )
    assert response.status_code == 403
    response = post_update(client, action, {"text": "Intrusion"}, **bearer(token_for(outsider)))
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


def test_anonymous_post_is_401(client, action):
    assert post_update(client, action, {"text": "Anonyme"}).status_code == 401


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": "x", "progress": 120}, "progress", "L'avancement est un pourcentage entre 0 et 100."),
        ({"text": "x", "progress": -1}, "progress", "L'avancement est un pourcentage entre 0 et 100."),
        ({"text": "x", "status": "finished"}, "status", "Statut inconnu."),
        ({"status": "done"}, "text", "Ce champ est obligatoire."),
        ({"text": "   "}, "text", "Décrivez où en est l'action."),
        ({"text": "x", "milestone_id": 999999}, "milestone_id", "Ce jalon n'appartient pas à cette action."),
    ],
)
def test_invalid_input_is_422_with_french_messages(
    client, action, action_lead, token_for, body, field, message
):
    response = post_update(client, action, body, **bearer(token_for(action_lead)))
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field
    assert error["msg"].startswith(message)
    action.refresh_from_db()
    assert action.status == "planned" and not ActionUpdate.objects.exists()


def test_openapi_schema_is_served_and_lists_the_three_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Qualivie API"
    assert {"/api/plans/", "/api/plans/{id}/", "/api/actions/{id}/updates/"} <= set(schema["paths"])
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_docs_page_uses_our_own_static_files_not_a_cdn(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ninja/swagger-ui-bundle.js" in html and "cdn." not in html
