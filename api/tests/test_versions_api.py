"""The versions of a plan and the differences between two of them, as JSON (plans.differences)."""

import pytest

from plans import revision, services
from plans.models import Visibility


@pytest.fixture
def revised(organisation, programme_lead, action_lead):
    plan = services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan QVT",
        first_school_year=2023,
        last_school_year=2026,
    )
    services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=programme_lead)
    services.plan_set_status(plan=plan, status="adopted", by=programme_lead)
    axis = services.axis_create(plan=plan, by=programme_lead, number=1, title="Relations de travail")
    services.action_create(
        plan=plan,
        axis=axis,
        by=programme_lead,
        number=1,
        title="Former les agents à distance",
        leads=[action_lead],
    )
    services.action_create(
        plan=plan, axis=axis, by=programme_lead, number=2, title="Accueillir les arrivants"
    )
    new = services.plan_revise(plan=plan, by=programme_lead)
    first, second = new.actions.select_related("axis", "plan").order_by("number")
    revision.action_reword(
        action=first, by=programme_lead, reason="Élargir.", title="Former les agents en présentiel"
    )
    revision.action_merge(action=first, others=[second], by=programme_lead, reason="Un seul parcours.")
    return plan, new


def test_versions_list_what_the_caller_may_read(client, revised, agent, programme_lead):
    plan, new = revised
    client.force_login(agent)
    assert [v["version"] for v in client.get(f"/api/plans/{plan.pk}/versions/").json()] == [1]
    assert client.get(f"/api/plans/{new.pk}/versions/").status_code == 404
    client.force_login(programme_lead)
    versions = client.get(f"/api/plans/{new.pk}/versions/").json()
    assert [(v["version"], v["status"], v["previous_id"]) for v in versions] == [
        (1, "adopted", None),
        (2, "revision", plan.pk),
    ]


def test_differences_as_json_with_field_changes_and_reasons(client, revised, programme_lead):
    plan, new = revised
    client.force_login(programme_lead)
    body = client.get(f"/api/plans/{plan.pk}/differences/", {"other": new.pk}).json()
    assert (body["older"]["version"], body["newer"]["version"]) == (1, 2)
    assert [e["before"]["code"] for e in body["merged"]] == ["1.2"]
    assert body["merged"][0]["related"][0]["code"] == "1.1"
    [changed] = body["changed"]
    [title] = [f for f in changed["fields"] if f["field"] == "title"]
    assert (title["removed"], title["added"]) == (["à distance"], ["en présentiel"])
    assert [c["reason"] for c in body["changes"]] == ["Élargir.", "Un seul parcours."]
    assert body == client.get(f"/api/plans/{new.pk}/differences/").json()  # default: the previous version


def test_differences_need_both_versions_readable(client, revised, agent, outsider, plans):
    plan, new = revised
    client.force_login(agent)
    assert client.get(f"/api/plans/{plan.pk}/differences/", {"other": new.pk}).status_code == 404
    assert client.get(f"/api/plans/{plan.pk}/differences/").status_code == 404  # no other readable version
    assert client.get(f"/api/plans/{plan.pk}/differences/", {"other": plans["public"].pk}).status_code == 404
    client.force_login(outsider)
    assert client.get(f"/api/plans/{plan.pk}/versions/").status_code == 404


def test_openapi_schema_documents_versions_and_differences(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/plans/{id}/versions/", "/api/plans/{id}/differences/"} <= set(schema["paths"])
    assert "PlanDiffOut" in schema["components"]["schemas"]
