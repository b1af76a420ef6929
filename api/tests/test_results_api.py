"""GET /api/campaigns/{id}/results/: the same figures as the results pages; suppressed means no number."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics import selectors
from analytics.tests.test_results_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation, root_unit, school, programme_lead):
    return build_world(organisation, root_unit, school, programme_lead)


def results(client, world, **params):
    return client.get(f"/api/campaigns/{world.campaign.pk}/results/", params)


def test_manager_gets_the_same_figures_as_the_pages(client, world, manager, token_for):
    raw = token_for(manager)
    response = client.get(
        f"/api/campaigns/{world.campaign.pk}/results/",
        {"unit": world.school.pk},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["n"] == 12 and body["unit"] == {"id": world.school.pk, "name": "Collège Victor-Hugo"}
    expected = selectors.result_for(result_set=world.result_set, unit=world.school)
    assert body == expected
    ambiance = body["dimensions"][0]["items"][0]
    assert ambiance["key"] == "q_ambiance" and ambiance["pct_favourable"] == pytest.approx(50.0)


def test_suppressed_group_is_only_the_word_suppressed_without_any_number(client, world, programme_lead):
    client.force_login(programme_lead)
    for params in (
        {"unit": world.tiny.pk},
        {"unit": world.lycee.pk},
        {"unit": world.school.pk, "gender": "F"},
    ):
        response = results(client, world, **params)
        assert response.status_code == 200
        assert response.json() == {"suppressed": True}
        assert not re.search(rb"\d", response.content)


def test_parent_minus_visible_children_cannot_reveal_a_hidden_child(client, world, programme_lead):
    client.force_login(programme_lead)
    root = results(client, world, unit=world.root.pk).json()
    served = [results(client, world, unit=u.pk).json() for u in (world.school, world.lycee, world.tiny)]
    visible = sum(r["n"] for r in served if not r["suppressed"])
    hidden = [r for r in served if r["suppressed"]]
    assert len(hidden) == 2  # the tiny unit (3) and, to protect it, the lycée (10)
    assert root["n"] - visible >= 5


def test_two_filters_at_once_are_refused(client, world, programme_lead):
    client.force_login(programme_lead)
    response = results(client, world, unit=world.root.pk, gender="F", category="A")
    assert response.status_code == 400 and "Un seul filtre" in response.json()["detail"]
    response = client.get(
        f"/api/campaigns/{world.campaign.pk}/results/?unit={world.root.pk}&gender=F&gender=M"
    )
    assert response.status_code == 400
    assert results(client, world, unit=world.root.pk, age_band="x").status_code == 400


def test_filtered_group_served_when_it_and_its_complement_are_large(client, world, programme_lead):
    client.force_login(programme_lead)
    body = results(client, world, unit=world.root.pk, gender="M").json()
    assert body["n"] == 9 and body["filter"]["value_label"] == "Homme"


def test_manager_gets_404_on_another_unit_and_outsiders_on_everything(client, world, manager, outsider):
    client.force_login(manager)
    assert results(client, world, unit=world.school.pk).status_code == 200
    assert results(client, world, unit=world.root.pk).status_code == 404
    assert results(client, world, unit=world.lycee.pk).status_code == 404
    client.force_login(outsider)
    assert results(client, world).status_code == 404
    assert client.get("/api/campaigns/999999/results/").status_code == 404


def test_staff_rep_reads_only_the_organisation_level(client, world, staff_rep):
    client.force_login(staff_rep)
    body = results(client, world).json()
    assert body["unit"]["id"] == world.root.pk and body["n"] == 25
    assert results(client, world, unit=world.school.pk).status_code == 404


def test_anonymous_caller_is_refused(client, world):
    assert results(client, world).status_code == 401


def test_repeated_request_runs_no_query_and_a_change_of_rights_applies_at_once(
    client, world, manager, token_for, django_assert_max_num_queries
):
    """The caller's token, access and units are kept a few seconds per process; saving or deleting a token, an
    account or a role grant forgets them in this process at once (the other processes follow within
    ``ACCESS_CACHE_SECONDS``)."""
    from accounts.models import ApiToken, RoleGrant

    raw = token_for(manager)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/campaigns/{world.campaign.pk}/results/"
    first = client.get(url, {"unit": world.school.pk}, **auth)
    assert first.status_code == 200
    with django_assert_max_num_queries(0):
        again = client.get(url, {"unit": world.school.pk}, **auth)
    assert again.content == first.content
    with CaptureQueriesContext(connection) as context:  # another view of the same unit
        assert client.get(url, {"unit": world.school.pk, "gender": "F"}, **auth).status_code == 200
    # figures from the blobs in memory; the only statements are the shared cache's (read, then store)
    assert context.captured_queries
    assert all(
        "qualivie_cache" in query["sql"] or "SAVEPOINT" in query["sql"] for query in context.captured_queries
    )
    assert client.get(url, {"unit": world.lycee.pk}, **auth).status_code == 404

    RoleGrant.objects.filter(user=manager).delete()  # a queryset delete: the signal fires for each grant
    assert client.get(url, {"unit": world.school.pk}, **auth).status_code == 404

    manager.is_active = False
    manager.save()
    assert client.get(url, {"unit": world.school.pk}, **auth).status_code == 401

    manager.is_active = True
    manager.save()
    RoleGrant.objects.create(user=manager, organisation=world.organisation, role="manager", unit=world.school)
    assert client.get(url, {"unit": world.school.pk}, **auth).status_code == 200
    ApiToken.objects.filter(user=manager).delete()
    assert client.get(url, {"unit": world.school.pk}, **auth).status_code == 401


def test_figures_computed_by_one_process_are_served_to_the_others_from_the_shared_cache(
    client, world, manager, token_for, django_assert_num_queries
):
    """A web worker that has not computed a unit's figures yet reads the JSON another worker stored in the
    database cache (one indexed read), instead of computing it again; it is byte for byte the same."""
    raw = token_for(manager)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/campaigns/{world.campaign.pk}/results/"
    first = client.get(url, {"unit": world.school.pk, "gender": "F"}, **auth)
    assert first.status_code == 200
    selectors._RESULTS_CACHE.clear()  # what a second process has: the access and blobs, not these figures
    with django_assert_num_queries(1) as context:
        again = client.get(url, {"unit": world.school.pk, "gender": "F"}, **auth)
    assert "qualivie_cache" in context.captured_queries[0]["sql"]
    assert again.content == first.content
