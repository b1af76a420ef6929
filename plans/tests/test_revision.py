"""A plan's revision: the programme lead adds, rewords, merges, splits, closes or abandons actions of a version
« en révision », each with a reason; the differences between two versions are shown side by side, both versions
stay readable and an action's history (updates, indicators) follows it through its lineage."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from indicators.models import Indicator, IndicatorKind, IndicatorValue, Target, ValueStatus
from indicators.selectors import plan_indicator_rows
from plans import revision, services
from plans.differences import plan_differences, text_chunks
from plans.models import Action, ActionStatus, ChangeKind, PlanChange, PlanStatus
from plans.selectors import action_timeline
from plans.signals import action_status_changed


def html(response):
    return response.content.decode()


@pytest.fixture
def other_action(plan, axis, programme_lead):
    return services.action_create(
        plan=plan,
        axis=axis,
        by=programme_lead,
        number=2,
        title="Accueillir les nouveaux arrivants",
        concrete_actions="Un livret d'accueil.",
    )


@pytest.fixture
def history(action, other_action, action_lead, programme_lead):
    """Updates posted on version 1, before the revision."""
    services.action_update_post(action=action, by=action_lead, text="Le module est en test dans trois EPLE.")
    services.action_update_post(action=other_action, by=programme_lead, text="Livret d'accueil imprimé.")


@pytest.fixture
def revised(plan, action, other_action, history, programme_lead):
    return services.plan_revise(plan=plan, by=programme_lead)


def in_version(plan, action):
    return Action.objects.select_related("axis", "plan").get(plan=plan, lineage=action.lineage)


# --- Services ---


def test_a_change_needs_a_reason_and_a_version_under_revision(plan, action, revised, programme_lead):
    with pytest.raises(ValidationError) as error:
        revision.action_reword(
            action=in_version(revised, action), by=programme_lead, reason=" ", title="Autre"
        )
    assert error.value.message_dict == {"reason": ["Indiquez le motif de cette modification."]}
    with pytest.raises(ValidationError, match="en révision"):
        revision.action_close(action=action, by=programme_lead, reason="Terminée.")
    assert not PlanChange.objects.exists()


def test_reword_keeps_the_lineage_and_records_the_change_with_both_titles(action, revised, programme_lead):
    copy = in_version(revised, action)
    revision.action_reword(
        action=copy,
        by=programme_lead,
        reason="Élargir aux personnels d'accueil.",
        decision_note="Décision n° 3 du bilan 2024-2025",
        title="Former tous les personnels d'accueil",
    )
    change = PlanChange.objects.get()
    assert change.kind == ChangeKind.REWORD and change.author == programme_lead
    assert change.labels_before == [f"1.1 {action.title}"]
    assert change.labels_after == ["1.1 Former tous les personnels d'accueil"]
    assert change.lineages_before == change.lineages_after == [str(action.lineage)]
    assert change.decision_note == "Décision n° 3 du bilan 2024-2025"
    action.refresh_from_db()
    assert action.title.startswith("Mettre à disposition")  # version 1 unchanged


def test_merge_keeps_one_lineage_moves_milestones_and_keeps_predecessors_updates_visible(
    plan, action, other_action, revised, programme_lead
):
    kept, merged = in_version(revised, action), in_version(revised, other_action)
    services.milestone_create(
        action=merged, by=programme_lead, title="Livret diffusé", due_date=datetime.date(2025, 1, 6)
    )
    revision.action_merge(
        action=kept,
        others=[merged],
        by=programme_lead,
        reason="Un seul parcours d'arrivée.",
        title="Accueillir et former",
    )
    assert list(revised.actions.values_list("lineage", flat=True)) == [action.lineage]
    assert "Livret diffusé" in {m.title for m in kept.milestones.all()}
    change = PlanChange.objects.get(kind=ChangeKind.MERGE)
    assert change.lineages_before == [str(action.lineage), str(other_action.lineage)]
    assert change.lineages_after == [str(action.lineage)]
    # Version 1 still has both actions, and the merged action's updates show on the kept one.
    assert plan.actions.count() == 2
    texts = {u.text for u in action_timeline(kept)}
    assert texts == {"Le module est en test dans trois EPLE.", "Livret d'accueil imprimé."}
    assert {u.text for u in action_timeline(other_action)} == {"Livret d'accueil imprimé."}


def test_split_gives_new_lineages_that_show_the_source_updates(action, revised, programme_lead):
    source = in_version(revised, action)
    parts = revision.action_split(
        action=source,
        by=programme_lead,
        reason="Deux publics différents.",
        titles=["Former les personnels d'accueil", "  ", "Former les encadrants"],
    )
    assert [p.code for p in parts] == ["1.1", "1.3", "1.4"]
    assert len({p.lineage for p in parts}) == 3 and parts[0].lineage == action.lineage
    assert list(parts[1].leads.all()) == list(action.leads.all())
    change = PlanChange.objects.get(kind=ChangeKind.SPLIT)
    assert change.lineages_after == [str(p.lineage) for p in parts]
    assert {u.text for u in action_timeline(parts[2])} == {"Le module est en test dans trois EPLE."}


def test_close_and_abandon_keep_the_action_with_its_new_status_and_announce_it(
    action, other_action, revised, programme_lead, django_capture_on_commit_callbacks
):
    heard = []

    def listen(sender, action, before, after, by, **kwargs):
        heard.append((action.code, before, after))

    action_status_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            closed = revision.action_close(
                action=in_version(revised, action), by=programme_lead, reason="Module déployé."
            )
            dropped = revision.action_abandon(
                action=in_version(revised, other_action),
                by=programme_lead,
                reason="Repris par le plan national.",
            )
    finally:
        action_status_changed.disconnect(listen)
    assert (closed.status, closed.progress) == (ActionStatus.DONE, 100)
    assert dropped.status == ActionStatus.ABANDONED and revised.actions.count() == 2
    assert heard == [("1.1", "in_progress", "done"), ("1.2", "planned", "abandoned")]
    with pytest.raises(ValidationError, match="déjà"):
        revision.action_abandon(action=dropped, by=programme_lead, reason="Encore.")


def test_add_puts_the_new_action_at_the_end_of_its_axis(revised, action, programme_lead):
    axis = revised.axes.get(number=1)
    added = revision.action_add(
        plan=revised, axis=axis, by=programme_lead, reason="Demande des CSA.", title="Télétravail"
    )
    assert added.code == "1.3" and added.lineage != action.lineage
    assert PlanChange.objects.get().labels_after == ["1.3 Télétravail"]


# --- Differences ---


def test_word_level_differences_flag_removed_and_added_words():
    before, after = text_chunks("Former les agents à distance.", "Former tous les agents en présentiel.")
    assert [c.text for c in before if c.changed] == ["à distance."]
    assert [c.text for c in after if c.changed] == ["tous ", "en présentiel."]
    assert "".join(c.text for c in after) == "Former tous les agents en présentiel."


def test_differences_list_added_merged_split_and_changed_actions_with_their_reasons(
    plan, action, other_action, revised, programme_lead
):
    kept = in_version(revised, action)
    revision.action_merge(
        action=kept, others=[in_version(revised, other_action)], by=programme_lead, reason="Fusion demandée."
    )
    parts = revision.action_split(
        action=kept, by=programme_lead, reason="Deux publics.", titles=["Former les encadrants"]
    )
    revision.action_reword(
        action=kept, by=programme_lead, reason="Préciser.", concrete_actions="Concevoir un module hybride."
    )
    added = revision.action_add(
        plan=revised, axis=kept.axis, by=programme_lead, reason="Nouvelle priorité.", title="Télétravail"
    )
    diff = plan_differences(revised, plan)  # either order
    assert (diff.older, diff.newer) == (plan, revised)
    assert [e.before.code for e in diff.merged] == ["1.2"] and diff.merged[0].related[0].pk == kept.pk
    assert [e.after.pk for e in diff.split] == [parts[1].pk] and diff.split[0].related[0].pk == action.pk
    assert [e.after.pk for e in diff.added] == [added.pk]
    assert not diff.removed
    [changed] = diff.changed
    fields = {f.name: f for f in changed.fields}
    assert [c.text for c in fields["concrete_actions"].after if c.changed] == ["hybride."]
    assert [c.kind for c in changed.changes] == [ChangeKind.MERGE, ChangeKind.SPLIT, ChangeKind.REWORD]
    assert [c.reason for c in diff.merged[0].changes] == ["Fusion demandée."]


def test_differences_page_shows_both_versions_side_by_side_with_text_labels(
    client, plan, action, revised, programme_lead
):
    revision.action_reword(
        action=in_version(revised, action),
        by=programme_lead,
        reason="Élargir aux personnels d'accueil.",
        concrete_actions="Concevoir un module de formation hybride.",
    )
    client.force_login(programme_lead)
    page = html(client.get(reverse("plans:differences", args=[plan.pk]), {"avec": revised.pk}))
    assert "Version 1 (avant)" in page and "Version 2 (après)" in page
    removed = '<del><span class="fr-sr-only">[supprimé :] </span>à distance.<span class="fr-sr-only">'
    assert removed in page
    assert "[ajouté :] </span>hybride.<span" in page and "</ins>" in page
    assert escape("Élargir aux personnels d'accueil.") in page
    # by default, the previous version
    assert "Version 1 (avant)" in html(client.get(reverse("plans:differences", args=[revised.pk])))
    # both versions stay readable
    for url in [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:detail", args=[revised.pk]),
        reverse("plans:action", args=[action.pk]),
        reverse("plans:action", args=[in_version(revised, action).pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_differences_with_another_plan_or_an_unreadable_version_is_not_found(
    client, plan, revised, private_plan, agent
):
    client.force_login(agent)
    url = reverse("plans:differences", args=[plan.pk])
    assert client.get(url, {"avec": revised.pk}).status_code == 403  # the revision is private
    assert "pas d'autre version que vous puissiez consulter" in html(client.get(url))
    assert client.get(url, {"avec": "abc"}).status_code == 404
    assert client.get(url, {"avec": private_plan.pk}).status_code in {403, 404}


# --- Pages and forms ---


def test_revision_forms_ask_for_a_reason_and_a_confirmation_in_french(
    client, action, revised, programme_lead
):
    client.force_login(programme_lead)
    copy = in_version(revised, action)
    url = reverse("plans:revision_action", args=[copy.pk, "abandonner"])
    page = html(client.post(url, {"reason": ""}))
    assert "Indiquez le motif de cette modification." in page
    assert "Cochez la case pour confirmer cette modification définitive." in page
    copy.refresh_from_db()
    assert copy.status == ActionStatus.IN_PROGRESS
    response = client.post(url, {"reason": "Repris par le plan national.", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:revision", args=[revised.pk]
    )
    copy.refresh_from_db()
    assert copy.status == ActionStatus.ABANDONED
    workspace = html(client.get(response["Location"]))
    assert "Repris par le plan national." in workspace and "Abandon" in workspace


def test_merge_and_split_pages_change_the_version_under_revision(
    client, action, other_action, revised, programme_lead
):
    client.force_login(programme_lead)
    kept, merged = in_version(revised, action), in_version(revised, other_action)
    url = reverse("plans:revision_action", args=[kept.pk, "fusionner"])
    assert "1.2 Accueillir les nouveaux arrivants" in html(client.get(url))
    response = client.post(url, {"others": [merged.pk], "reason": "Un seul parcours.", "confirm": "on"})
    assert response.status_code == 302 and not Action.objects.filter(pk=merged.pk).exists()
    url = reverse("plans:revision_action", args=[kept.pk, "scinder"])
    response = client.post(
        url,
        {
            "titles": "Former les encadrants\nFormer les accueillants",
            "reason": "Deux publics.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302 and revised.actions.count() == 3
    url = reverse("plans:revision_add", args=[revised.pk])
    response = client.post(url, {"axis": kept.axis_id, "title": "Télétravail", "reason": "Demande du CSA."})
    assert response.status_code == 302 and revised.actions.count() == 4
    url = reverse("plans:revision_action", args=[kept.pk, "reformuler"])
    data = {"title": "Nouveau titre", "reason": "Plus clair."}
    assert client.post(url, data).status_code == 302
    reworded = PlanChange.objects.get(kind=ChangeKind.REWORD)
    assert reworded.labels_before == [f"1.1 {action.title}"] and reworded.labels_after == [
        "1.1 Nouveau titre"
    ]
    assert PlanChange.objects.filter(plan=revised).count() == 4


def test_an_adopted_version_is_not_changed_through_the_revision_pages(client, plan, action, programme_lead):
    client.force_login(programme_lead)
    url = reverse("plans:revision_action", args=[action.pk, "cloturer"])
    page = html(client.post(url, {"reason": "Terminée.", "confirm": "on"}))
    assert "Seule une version « en révision » du plan se modifie ainsi." in page
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert client.get(reverse("plans:revision_action", args=[action.pk, "inconnu"])).status_code == 404


# --- Indicators carry over ---


def test_indicator_history_is_the_same_in_both_versions(plan, action, revised, programme_lead):
    indicator = Indicator.objects.create(
        organisation=plan.organisation,
        plan_lineage=plan.lineage,
        action_lineage=action.lineage,
        axis_number=1,
        name="Personnes formées",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
    )
    for year, value in [(2023, 40), (2024, 95)]:
        IndicatorValue.objects.create(
            indicator=indicator, school_year=year, value=Decimal(value), status=ValueStatus.VALIDATED
        )
    Target.objects.create(indicator=indicator, school_year=2024, value=Decimal(100))
    revision.action_reword(
        action=in_version(revised, action), by=programme_lead, reason="Préciser.", title="Former"
    )

    def history(version):
        return [
            (
                row.indicator.pk,
                row.action.lineage,
                [(v.school_year, v.value) for v in row.values],
                row.targets,
                row.trend,
                row.on_target,
            )
            for row in plan_indicator_rows(version)
        ]

    assert (
        history(plan)
        == history(revised)
        == [
            (
                indicator.pk,
                action.lineage,
                [(2023, Decimal(40)), (2024, Decimal(95))],
                {2024: Decimal(100)},
                "up",
                False,
            )
        ]
    )
    new_action = in_version(revised, action)
    assert [r.action.pk for r in plan_indicator_rows(revised, action=new_action)] == [new_action.pk]
    assert revised.status == PlanStatus.UNDER_REVISION


def test_the_action_page_tells_where_the_action_comes_from(
    client, action, other_action, revised, programme_lead
):
    kept = in_version(revised, action)
    revision.action_merge(
        action=kept, others=[in_version(revised, other_action)], by=programme_lead, reason="Un seul parcours."
    )
    client.force_login(programme_lead)
    page = html(client.get(reverse("plans:action", args=[kept.pk])))
    assert "Révisions du plan" in page and "Fusion" in page and "Un seul parcours." in page
    assert escape("Livret d'accueil imprimé.") in page  # the merged action's update, posted on version 1
    assert "Révisions du plan" not in html(client.get(reverse("plans:action", args=[action.pk])))


def test_a_progress_update_cannot_abandon_an_action(client, action, action_lead):
    client.force_login(action_lead)
    page = html(
        client.post(reverse("plans:action", args=[action.pk]), {"text": "On arrête.", "status": "abandoned"})
    )
    assert "Sélectionnez un choix valide" in page
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_the_differences_page_query_count_does_not_grow_with_the_actions(
    client, plan, action, other_action, programme_lead
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        revised = plan.next_version
        for copy in revised.actions.select_related("axis", "plan"):
            revision.action_reword(
                action=copy, by=programme_lead, reason="Préciser.", title=f"{copy.title} (révisée)"
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("plans:differences", args=[revised.pk])).status_code == 200
        return len(queries)

    client.force_login(programme_lead)
    services.plan_revise(plan=plan, by=programme_lead)
    few = count()
    plan.next_version.delete()
    plan.refresh_from_db()
    for number in range(3, 9):
        services.action_create(
            plan=plan, axis=action.axis, by=programme_lead, number=number, title=f"Action {number}"
        )
    services.plan_revise(plan=plan, by=programme_lead)
    plan.refresh_from_db()
    assert count() == few
