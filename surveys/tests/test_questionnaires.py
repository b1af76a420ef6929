import pytest
from django.core.exceptions import ValidationError

from surveys import services
from surveys.models import Dimension, Item, ItemKind, Questionnaire
from surveys.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db

SIX = {"relations", "service_public", "sens", "conditions", "implication", "reconnaissance"}


def test_barometer_template_covers_six_dimensions_four_axes_wellbeing_and_free_text(barometer):
    items = list(barometer.items.all())
    assert 30 <= len(items) <= 40
    assert SIX <= {i.dimension for i in items}
    assert {1, 2, 3, 4} <= {i.axis for i in items if i.axis}
    assert [i.kind for i in items if i.dimension == Dimension.BIEN_ETRE].count(ItemKind.SCALE10) >= 1
    assert 1 <= sum(i.kind == ItemKind.TEXT for i in items) <= 2
    assert all(i.dimension for i in items if i.is_scale)
    assert len({i.key for i in items}) == len(items)


def test_every_non_text_item_can_offer_not_concerned(barometer):
    item = barometer.items.get(key="rel_ambiance")
    assert ("-2", "Non concerné·e") in item.options
    assert item.favourable_values == [4, 5]
    assert barometer.items.get(key="rel_tensions").favourable_values == [1, 2]


def test_installing_templates_twice_adds_nothing_and_ships_event_and_newcomers(organisation, barometer):
    assert services.questionnaire_install_templates(organisation=organisation) == []
    kinds = set(Questionnaire.objects.filter(organisation=organisation).values_list("kind", flat=True))
    assert kinds == {"barometer", "event", "newcomers"}


def test_questionnaire_in_use_cannot_be_edited_but_can_be_copied_with_the_same_keys(
    organisation, barometer, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    services.questionnaire_update(
        questionnaire=barometer, title="Baromètre modifié"
    )  # draft campaign: allowed
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=campaign, by=programme_lead)
    with pytest.raises(ValidationError, match="ne peut plus être modifié"):
        services.questionnaire_update(questionnaire=barometer, title="Autre")
    with pytest.raises(ValidationError, match="Copier"):
        services.item_update(item=barometer.items.first(), text="Nouvel énoncé")
    copy = services.questionnaire_copy(questionnaire=barometer)
    assert copy.version == 2 and copy.family == barometer.family
    assert list(copy.items.values_list("key", flat=True)) == list(
        barometer.items.values_list("key", flat=True)
    )
    services.item_update(item=copy.items.first(), text="Nouvel énoncé")
    assert Item.objects.get(questionnaire=barometer, position=0).text != "Nouvel énoncé"


def test_questionnaire_pages_for_programme_lead_and_refused_to_agents(
    client, barometer, programme_lead, agent
):
    client.force_login(agent)
    assert client.get(f"/barometre/questionnaires/{barometer.pk}/").status_code == 403
    client.force_login(programme_lead)
    page = client.get(f"/barometre/questionnaires/{barometer.pk}/")
    assert page.status_code == 200 and "rel_ambiance" in page.content.decode()
    response = client.post(f"/barometre/questionnaires/{barometer.pk}/copier/")
    assert response.status_code == 302
    assert Questionnaire.objects.filter(family=barometer.family).count() == 2


def test_questionnaire_of_another_organisation_is_not_found(client, barometer, outsider):
    client.force_login(outsider)
    assert client.get(f"/barometre/questionnaires/{barometer.pk}/").status_code == 404


def test_editing_a_questionnaire_in_use_from_the_page_shows_the_french_refusal(
    client, organisation, barometer, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=campaign, by=programme_lead)
    client.force_login(programme_lead)
    response = client.post(
        f"/barometre/questionnaires/{barometer.pk}/modifier/",
        {"title": "Nouveau", "description": "", "expected_minutes": 5},
    )
    assert response.status_code == 200 and "ne peut plus être modifié" in response.content.decode()
    assert Questionnaire.objects.get(pk=barometer.pk).title != "Nouveau"
