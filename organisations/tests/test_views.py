"""Organisation pages: who may see what, and what they show."""

import pytest
from django.urls import reverse

from accounts.models import RoleGrant
from core.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

SLUG = "academie-test"


def urls(tree):
    return {
        "overview": reverse("organisations:overview", args=[SLUG]),
        "unit": reverse("organisations:unit", args=[SLUG, tree["ECOLE1"].pk]),
        "people": reverse("organisations:people", args=[SLUG]),
        "roles": reverse("organisations:roles", args=[SLUG]),
        "settings": reverse("organisations:settings", args=[SLUG]),
        "import": reverse("organisations:import_new", args=[SLUG]),
    }


PAGES = ["overview", "unit", "people", "roles", "settings", "import"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, tree, page):
    response = client.get(urls(tree)[page])
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", PAGES)
def test_agents_are_refused(client, tree, agent, page):
    client.force_login(agent)
    assert client.get(urls(tree)[page]).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_people_of_another_organisation_get_not_found(client, tree, outsider, page):
    client.force_login(outsider)
    assert client.get(urls(tree)[page]).status_code == 404


@pytest.mark.parametrize(
    ("page", "expected"),
    [("overview", 200), ("unit", 200), ("people", 200), ("roles", 200), ("settings", 403), ("import", 200)],
)
def test_programme_leads_manage_people_but_not_settings(client, tree, programme_lead, page, expected):
    client.force_login(programme_lead)
    assert client.get(urls(tree)[page]).status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_administrators_see_every_page(client, tree, admin_user, page):
    client.force_login(admin_user)
    assert client.get(urls(tree)[page]).status_code == 200


@pytest.mark.parametrize(
    ("page", "expected"),
    [("overview", 200), ("unit", 200), ("people", 200), ("roles", 403), ("settings", 403), ("import", 403)],
)
def test_managers_only_browse_their_subtree(client, tree, manager, page, expected):
    client.force_login(manager)
    assert client.get(urls(tree)[page]).status_code == expected


def test_manager_does_not_see_units_or_people_outside_their_subtree(client, tree, manager):
    PersonFactory(unit=tree["ECOLE2"], last_name="Lointain", user=None)
    client.force_login(manager)
    assert client.get(reverse("organisations:unit", args=[SLUG, tree["ECOLE2"].pk])).status_code == 403
    overview = client.get(reverse("organisations:overview", args=[SLUG])).content.decode()
    assert "Collège Victor-Hugo" in overview and "École Pasteur" not in overview
    people = client.get(reverse("organisations:people", args=[SLUG])).content.decode()
    assert "Lointain" not in people


def test_index_leads_to_the_current_organisation(client, tree, programme_lead):
    client.force_login(programme_lead)
    response = client.get(reverse("organisations:index"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "organisations:overview", args=[SLUG]
    )


def test_overview_shows_the_tree_with_active_head_counts(client, tree, programme_lead, agent):
    PersonFactory(unit=tree["ECOLE2"], user=None)
    PersonFactory(unit=tree["ECOLE2"], user=None, is_active=False)
    client.force_login(programme_lead)
    html = client.get(reverse("organisations:overview", args=[SLUG]) + "?niveau=3").content.decode()
    assert "École Pasteur" in html and "<details open>" in html
    assert "3 agents" in html  # the rectorat: programme lead, the agent of ECOLE1 and one active in ECOLE2
    assert "1 agent<" in html  # École Pasteur: the inactive person is not counted


def test_people_list_searches_and_answers_htmx_with_the_results_only(client, tree, programme_lead):
    PersonFactory(unit=tree["ECOLE2"], last_name="Zébulon", user=None)
    PersonFactory(unit=tree["ECOLE2"], last_name="Arthur", user=None)
    client.force_login(programme_lead)
    url = reverse("organisations:people", args=[SLUG])
    page = client.get(url, {"q": "zébu"}).content.decode()
    assert "Zébulon" in page and "Arthur" not in page and "<html" in page
    fragment = client.get(url, {"q": "zébu"}, headers={"HX-Request": "true"}).content.decode()
    assert "Zébulon" in fragment and "<html" not in fragment
    assert (
        '<select name="unit"' not in page
        and 'data-picker-url="/organisations/academie-test/recherche/unites/"' in page
    )
    by_unit = client.get(url, {"unit": tree["ECOLE2"].code, "state": "all"}).content.decode()
    assert "Zébulon" in by_unit and "Arthur" in by_unit


def test_unit_page_lists_its_people_paginated(client, tree, programme_lead):
    for i in range(55):
        PersonFactory(unit=tree["ECOLE2"], last_name=f"Agent{i:02d}", user=None)
    client.force_login(programme_lead)
    url = reverse("organisations:unit", args=[SLUG, tree["DSDEN"].pk])
    first = client.get(url).content.decode()
    assert "55 agents trouvés" in first and "Page 1 sur 2" in first
    assert "Page 2 sur 2" in client.get(url, {"page": 2}).content.decode()


def test_programme_lead_grants_a_role_for_a_subtree_and_revokes_it(client, tree, programme_lead, agent):
    client.force_login(programme_lead)
    url = reverse("organisations:roles", args=[SLUG])
    response = client.post(
        url, {"email": agent.email.upper(), "role": "manager", "unit": tree["ECOLE1"].code}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=agent, role="manager")
    assert grant.unit == tree["ECOLE1"]
    assert "Encadrant" in client.get(url).content.decode()
    client.post(reverse("organisations:role_revoke", args=[SLUG, grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_programme_lead_cannot_grant_or_revoke_the_admin_role(
    client, tree, programme_lead, admin_user, agent
):
    client.force_login(programme_lead)
    response = client.post(
        reverse("organisations:roles", args=[SLUG]), {"email": agent.email, "role": "admin"}
    )
    assert response.status_code == 400 and not RoleGrant.objects.filter(user=agent).exists()
    admin_grant = RoleGrant.objects.get(user=admin_user)
    assert client.post(reverse("organisations:role_revoke", args=[SLUG, admin_grant.pk])).status_code == 403


def test_roles_can_only_go_to_people_of_the_organisation(client, tree, admin_user, outsider):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisations:roles", args=[SLUG]), {"email": outsider.email, "role": "agent"}
    )
    assert response.status_code == 400
    assert "Aucun agent actif de l&#x27;organisation" in response.content.decode()


def test_the_last_administrator_cannot_be_removed(client, tree, admin_user):
    client.force_login(admin_user)
    grant = RoleGrant.objects.get(user=admin_user)
    response = client.post(reverse("organisations:role_revoke", args=[SLUG, grant.pk]), follow=True)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert "dernier rôle" in response.content.decode()


def test_outsider_cannot_revoke_a_grant_of_another_organisation(client, tree, outsider, admin_user):
    client.force_login(outsider)
    grant = RoleGrant.objects.get(user=admin_user)
    assert client.post(reverse("organisations:role_revoke", args=[SLUG, grant.pk])).status_code == 404


def test_admin_edits_the_organisation_settings(client, tree, admin_user, organisation):
    client.force_login(admin_user)
    url = reverse("organisations:settings", args=[SLUG])
    data = {
        "name": "Académie renommée",
        "short_name": "",
        "is_state_service": "on",
        "brand_lines": "Académie|de Test",
        "publisher": "Rectorat",
        "publication_director": "La rectrice",
        "host": "Hébergeur public",
        "dpo_contact": "dpo@test.fr",
        "privacy_contact": "",
        "retention_people_months": "6",
        "accessibility_status": "partial",
        "accessibility_contact": "",
    }
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.retention_people_months) == ("Académie renommée", 6)
    response = client.post(url, {**data, "name": ""})
    assert response.status_code == 400


def test_unit_of_another_organisation_is_not_found(client, tree, programme_lead, outsider):
    other_unit = UnitFactory(organisation=outsider.role_grants.get().organisation)
    client.force_login(programme_lead)
    assert client.get(reverse("organisations:unit", args=[SLUG, other_unit.pk])).status_code == 404
