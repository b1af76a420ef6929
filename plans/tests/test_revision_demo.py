"""Done when (issue 8): revising the demo plan shows the differences between the two versions, both remain
readable, and an action's indicator history is the same in both."""

from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from indicators.models import Indicator, IndicatorKind, IndicatorValue, Target, ValueStatus
from indicators.selectors import plan_indicator_rows
from plans.models import Action, ActionUpdate, Plan, PlanStatus


def indicator_history(plan):
    return sorted(
        (
            row.indicator.pk,
            row.action.lineage if row.action else None,
            [(v.school_year, v.sub_period, v.value, v.suppressed) for v in row.values],
            row.targets,
            row.trend,
            row.on_target,
        )
        for row in plan_indicator_rows(plan)
    )


def test_revising_the_demo_plan_shows_differences_keeps_both_versions_and_the_indicator_history(demo, client):
    plan = Plan.objects.get(organisation=demo)
    first = plan.actions.select_related("axis").get(axis__number=1, number=1)
    indicator = Indicator.objects.create(
        organisation=demo,
        plan_lineage=plan.lineage,
        action_lineage=first.lineage,
        axis_number=1,
        name="Personnels formés à la relation à l'usager",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
    )
    IndicatorValue.objects.create(
        indicator=indicator, school_year=2023, value=Decimal(120), status=ValueStatus.VALIDATED
    )
    IndicatorValue.objects.create(
        indicator=indicator, school_year=2024, value=Decimal(310), status=ValueStatus.VALIDATED
    )
    Target.objects.create(indicator=indicator, school_year=2024, value=Decimal(300))
    before = indicator_history(plan)

    pilot = User.objects.get(email="pilote@demo.qualivie.fr")
    client.force_login(pilot)
    response = client.post(reverse("plans:revise", args=[plan.pk]))
    revised = Plan.objects.get(previous=plan)
    assert response["Location"] == reverse("plans:edit", args=[revised.pk])
    assert revised.status == PlanStatus.UNDER_REVISION and revised.lineage == plan.lineage

    def copy(code):
        axis, number = code.split(".")
        return Action.objects.get(plan=revised, axis__number=axis, number=number)

    reworded = copy("1.1")
    response = client.post(
        reverse("plans:revision_action", args=[reworded.pk, "reformuler"]),
        {
            "title": "Former tous les personnels d'accueil à la relation à l'usager",
            "context": reworded.context,
            "concrete_actions": reworded.concrete_actions,
            "indirect_benefits": reworded.indirect_benefits,
            "existing_links": reworded.existing_links,
            "follow_up_committee": reworded.follow_up_committee,
            "reason": "Bilan 2024-2025 : élargir aux personnels d'accueil.",
        },
    )
    assert response.status_code == 302
    kept, merged = copy("2.1"), copy("2.2")
    merged_updates = set(
        ActionUpdate.objects.filter(action__plan=plan, action__lineage=merged.lineage).values_list(
            "text", flat=True
        )
    )
    response = client.post(
        reverse("plans:revision_action", args=[kept.pk, "fusionner"]),
        {"others": [merged.pk], "reason": "Un seul dispositif d'écoute.", "confirm": "on"},
    )
    assert response.status_code == 302

    page = client.get(reverse("plans:differences", args=[revised.pk]), {"avec": plan.pk}).content.decode()
    assert "Version 1 (avant)" in page and "Version 2 (après)" in page
    assert escape("Bilan 2024-2025 : élargir aux personnels d'accueil.") in page
    assert "Actions fusionnées" in page and escape("Un seul dispositif d'écoute.") in page
    assert (
        '<ins><span class="fr-sr-only">[ajouté :]' in page
        and '<del><span class="fr-sr-only">[supprimé :]' in page
    )

    # Both versions remain readable, the merged action's old page too, and its updates show on the kept action.
    old_merged = Action.objects.get(plan=plan, lineage=merged.lineage)
    for url in [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:detail", args=[revised.pk]),
        reverse("plans:calendar", args=[plan.pk]),
        reverse("plans:action", args=[first.pk]),
        reverse("plans:action", args=[old_merged.pk]),
        reverse("plans:action", args=[reworded.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    kept_page = client.get(reverse("plans:action", args=[kept.pk])).content.decode()
    assert merged_updates and all(escape(text) in kept_page for text in merged_updates)

    # The indicator history is the same in both versions (and as before the revision); in the new version, the
    # indicators of the action merged away show on the action it was merged into.
    assert indicator_history(plan) == before
    moved = {merged.lineage: kept.lineage}
    assert indicator_history(revised) == sorted(
        (pk, moved.get(lineage, lineage), *rest) for pk, lineage, *rest in before
    )
    assert any(lineage == merged.lineage for _pk, lineage, *_rest in before), (
        "the demo's 2.2 has an indicator"
    )
    [row] = [r for r in plan_indicator_rows(revised) if r.indicator.pk == indicator.pk]
    assert row.action.pk == reworded.pk and [v.value for v in row.values] == [Decimal(120), Decimal(310)]
