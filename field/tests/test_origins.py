"""Where a plan action and a register risk come from: fragments served by field and loaded into the plans' and
prevention's pages (neither app imports field), showing only what the reader may see."""

import pytest
from django.urls import reverse

from field import services

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def linked(space, work_unit, manager, programme_lead, adviser, action):
    """A proposal of the space and a situation of the space, both linked to the action; the situation promoted to
    a risk; and a situation of the programme lead's own (no space) linked to the same action."""
    proposal = services.proposal_create(
        space=space,
        by=manager,
        title="Accueil à deux",
        text="deux personnes à l'accueil le matin",
        actions=[action],
    )
    fields = {
        "occurred": "chaque matin",
        "place": "accueil",
        "roles": "secrétaires",
        "what_happened": "file d'attente",
        "problem": "accueil débordé",
        "consequences": "tensions",
    }
    situation = services.situation_create(
        organisation=space.organisation,
        by=manager,
        work_unit=work_unit,
        space=space,
        actions=[action],
        title="Accueil débordé",
        **fields,
    )
    private = services.situation_create(
        organisation=space.organisation,
        by=programme_lead,
        work_unit=work_unit,
        actions=[action],
        title="Standard saturé",
        **fields,
    )
    risk, _measure = services.situation_promote(situation=situation, by=adviser, danger_family="noise")
    private.risks.add(risk)
    return proposal, situation, private, risk


def test_the_action_page_loads_its_origins_from_field(client, agent, action, linked):
    client.force_login(agent)
    page = client.get(reverse("plans:action", args=[action.pk])).content.decode()
    url = reverse("field:action_origins", args=[action.pk])
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page


def test_the_action_origins_show_only_what_the_reader_sees(
    client, agent, staff_rep, programme_lead, action, linked
):
    proposal, situation, private, _risk = linked
    url = reverse("field:action_origins", args=[action.pk])
    client.force_login(
        agent
    )  # a member of the space: its proposal and situation, not the programme lead's own
    fragment = client.get(url, headers=HTMX).content.decode()
    assert (
        "Accueil à deux" in fragment and "Accueil débordé" in fragment and "Standard saturé" not in fragment
    )
    assert reverse("field:proposal", args=[proposal.pk]) in fragment and "<h1" not in fragment
    client.force_login(programme_lead)  # the steering committee sees all three
    fragment = client.get(url, headers=HTMX).content.decode()
    assert all(t in fragment for t in ("Accueil à deux", "Accueil débordé", "Standard saturé"))
    client.force_login(staff_rep)  # reads the plan, sees no space nor situation: an empty fragment
    fragment = client.get(url, headers=HTMX).content.decode()
    assert "<li>" not in fragment and "D'où vient" not in fragment
    page = client.get(url)  # without JavaScript: a page of its own, which says so
    assert page.status_code == 200 and "Aucune proposition ni situation-problème" in page.content.decode()


def test_the_action_origins_are_guarded_like_the_action(client, outsider, action, linked):
    url = reverse("field:action_origins", args=[action.pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(url, headers=HTMX).status_code in (403, 404)


def test_the_risk_page_lists_its_measures_and_loads_its_situations_and_actions(
    client, adviser, staff_rep, manager, action, linked
):
    _proposal, _situation, _private, risk = linked
    url = reverse("field:risk_origins", args=[risk.pk])
    client.force_login(adviser)
    page = client.get(reverse("prevention:risk_detail", args=[risk.pk])).content.decode()
    assert f'hx-get="{url}"' in page and "Mesures qui traitent ce risque" in page
    fragment = client.get(url, headers=HTMX).content.decode()
    assert "Accueil débordé" in fragment and "Standard saturé" in fragment
    assert reverse("plans:action", args=[action.pk]) in fragment and "Réorganiser l&#x27;accueil" in fragment
    client.force_login(manager)  # the author of one situation, reads the plan
    fragment = client.get(url, headers=HTMX).content.decode()
    assert (
        "Accueil débordé" in fragment
        and "Standard saturé" not in fragment
        and "Réorganiser l&#x27;accueil" in fragment
    )
    client.force_login(staff_rep)  # reads the register and the plan, not the situations
    fragment = client.get(url, headers=HTMX).content.decode()
    assert "Accueil débordé" not in fragment and "Réorganiser l&#x27;accueil" in fragment
    assert "Situations-problèmes" not in fragment and "Actions du plan qui traitent ce risque" in fragment


def test_the_risk_origins_are_guarded_like_the_risk(client, outsider, linked):
    url = reverse("field:risk_origins", args=[linked[3].pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
