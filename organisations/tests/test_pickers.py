"""Pickers that scale: search endpoints (a few options, each with its path) and type-then-choose fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.factories import PersonFactory, RoleGrantFactory, UnitFactory, UserFactory
from organisations.forms import PeopleImportForm

pytestmark = pytest.mark.django_db
SLUG = "academie-test"


def grow(organisation, parent, n, prefix):
    units = [
        UnitFactory(
            organisation=organisation, parent=parent, code=f"{prefix}{i}", name=f"Collège {prefix}{i}"
        )
        for i in range(n)
    ]
    for unit in units:
        PersonFactory(
            organisation=organisation, unit=unit, user=UserFactory(email=f"{unit.code.lower()}@exemple.fr")
        )
    return units


def test_unit_search_shows_each_unit_path_and_at_most_30(client, tree, organisation, programme_lead):
    grow(organisation, tree["DSDEN"], 35, "CLG")
    client.force_login(programme_lead)
    url = reverse("organisations:unit_search", args=[SLUG])
    page = client.get(url, {"q": "pasteur"}).content.decode()
    assert '<option value="ECOLE2">Rectorat › DSDEN du Doubs › École Pasteur (ECOLE2)</option>' in page
    assert client.get(url, {"q": "collège"}).content.decode().count("<option") == 30
    assert "<option" not in client.get(url).content.decode()


def test_unit_search_stays_within_a_managers_subtrees(client, tree, organisation):
    manager = PersonFactory(organisation=organisation, unit=tree["ECOLE2"]).user
    RoleGrantFactory(user=manager, organisation=organisation, role="manager", unit=tree["DSDEN"])
    client.force_login(manager)
    url = reverse("organisations:unit_search", args=[SLUG])
    page = client.get(url, {"q": "o"}).content.decode()
    assert "ECOLE2" in page and "ECOLE1" not in page and ">Rectorat (RECT)" not in page


def test_person_search_finds_by_name_or_email_and_shows_the_unit(client, tree, organisation, programme_lead):
    PersonFactory(
        organisation=organisation,
        unit=tree["ECOLE2"],
        user=UserFactory(email="lea.durand@exemple.fr", first_name="Léa", last_name="Durand"),
    )
    client.force_login(programme_lead)
    url = reverse("organisations:person_search", args=[SLUG])
    expected = (
        '<option value="lea.durand@exemple.fr">Léa Durand — lea.durand@exemple.fr — '
        "Rectorat › DSDEN du Doubs › École Pasteur</option>"
    )
    assert expected in client.get(url, {"q": "durand"}).content.decode()
    assert expected in client.get(url, {"q": "lea.dur"}).content.decode()


@pytest.mark.parametrize("name", ["unit_search", "person_search"])
def test_picker_queries_do_not_grow_with_units_and_people(client, tree, organisation, programme_lead, name):
    client.force_login(programme_lead)
    url = reverse(f"organisations:{name}", args=[SLUG])
    grow(organisation, tree["DSDEN"], 3, "A")
    client.get(url, {"q": "a"})  # warm the session and the grants
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"q": "a"}).status_code == 200
    more = grow(organisation, tree["DSDEN"], 40, "B")
    grow(organisation, more[0], 20, "C")
    # a word every grown unit (« Collège ») or account (« @exemple.fr ») holds: more than 30 match, whatever
    # names the factories drew (« c » alone sometimes matched only 29 people)
    word = "collège" if name == "unit_search" else "exemple"
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"q": word}).content.decode()
    assert page.count("<option") == 30
    assert len(many) == len(few)


def test_import_scope_is_typed_by_code_with_suggestions_and_no_inline_script(tree, organisation):
    form = PeopleImportForm(organisation=organisation)
    html = str(form["scope"])
    assert 'data-picker-url="/organisations/academie-test/recherche/unites/"' in html
    assert 'list="id_scope-suggestions"' in html and '<datalist id="id_scope-suggestions"></datalist>' in html
    assert "<script" not in html and "<select" not in html
    field = form.fields["scope"]
    assert field.clean("DSDEN") == tree["DSDEN"]
    assert field.clean("Rectorat › DSDEN du Doubs (DSDEN)") == tree["DSDEN"]
    assert field.clean("") is None
    with pytest.raises(Exception, match="Unité « NULLE » inconnue"):
        field.clean("NULLE")
