"""A decision of the annual review is tied to the plan changes that implement it: the programme lead opens a
revision, records a change with its reason, then links it to the decision — after the review is closed too. The
review page and the plan's differences page both show the link; only changes of a later version can be chosen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from plans import revision as plan_revision
from plans import services as plan_services
from plans.models import PlanChange
from reviews import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(review, plan, programme_lead):
    services.review_snapshot(review=review, by=programme_lead)
    decision = services.decision_record(
        review=review, by=programme_lead, text="Élargir la formation à l'accueil aux AED."
    )
    return decision


def test_a_decision_is_tied_to_the_change_of_the_revised_plan_that_implements_it(
    client, review, plan, programme_lead, decided
):
    revised = plan_services.plan_revise(plan=plan, by=programme_lead)
    action = revised.actions.get(number=1)
    plan_revision.action_reword(
        action=action,
        by=programme_lead,
        reason="Décision du bilan : ouvrir aux AED.",
        title="Former à l'accueil, AED compris",
    )
    change = PlanChange.objects.get(plan=revised)
    client.force_login(programme_lead)

    url = reverse("reviews:decision_changes", args=[decided.pk])
    page = client.get(url).content.decode()
    assert escape("Décision du bilan : ouvrir aux AED.") in page and "Version 2" in page

    response = client.post(url, {"changes": [change.pk]})
    assert response.status_code == 302
    assert list(decided.plan_changes.all()) == [change]
    review_page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Mise en œuvre dans la révision du plan" in review_page and "version 2" in review_page

    differences = client.get(reverse("plans:differences", args=[revised.pk]), {"avec": plan.pk})
    assert escape("met en œuvre la décision du Bilan 2025-2026") in differences.content.decode()


def test_a_closed_review_still_links_its_decisions_but_only_to_later_versions(
    client, review, plan, programme_lead, staff_rep, decided, generate
):
    generate(review, programme_lead)
    services.review_close(review=review, by=programme_lead)
    other_action = plan.actions.get(number=2)
    client.force_login(programme_lead)
    # A change recorded in the reviewed version itself is not a later version's change: refused with a French error.
    same_version = PlanChange.objects.create(plan=plan, kind="reword", reason="Avant le bilan.")
    response = client.post(
        reverse("reviews:decision_changes", args=[decided.pk]), {"changes": [same_version.pk]}
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not decided.plan_changes.exists()

    revised = plan_services.plan_revise(plan=plan, by=programme_lead)
    plan_revision.action_reword(
        action=revised.actions.get(pk__gt=other_action.pk, number=2),
        by=programme_lead,
        reason="Décision du bilan.",
        title="Parrainer tous les nouveaux",
    )
    later = PlanChange.objects.get(plan=revised)
    response = client.post(reverse("reviews:decision_changes", args=[decided.pk]), {"changes": [later.pk]})
    assert response.status_code == 302 and list(decided.plan_changes.all()) == [later]

    client.force_login(staff_rep)
    assert client.get(reverse("reviews:decision_changes", args=[decided.pk])).status_code == 403
