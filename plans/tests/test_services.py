import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plans import services
from plans.models import Action, ActionStatus, ActionUpdate, Plan, PlanStatus, Visibility

PDF = b"%PDF-1.4 rapport"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_plan_create_records_who_created_it(plan, programme_lead):
    first = plan.history.earliest()
    assert first.history_type == "+"
    assert first.history_user == programme_lead
    assert plan.period_label == "2023-2027"


def test_publish_and_status_change_the_plan(plan, programme_lead):
    services.plan_publish(plan=plan, visibility=Visibility.PUBLIC, by=programme_lead)
    plan.refresh_from_db()
    assert plan.visibility == Visibility.PUBLIC
    assert plan.status == PlanStatus.ADOPTED
    assert plan.adopted_on == timezone.localdate()


def test_publish_rejects_unknown_visibility(plan, programme_lead):
    with pytest.raises(ValidationError):
        services.plan_publish(plan=plan, visibility="everyone", by=programme_lead)


def test_revision_copies_the_plan_into_the_next_version_with_the_same_lineages(
    plan, action, barometer_action, themes, action_lead, programme_lead
):
    new_plan = services.plan_revise(plan=plan, by=programme_lead)

    assert (new_plan.version, new_plan.lineage, new_plan.previous) == (2, plan.lineage, plan)
    assert new_plan.status == PlanStatus.UNDER_REVISION
    assert new_plan.visibility == Visibility.PRIVATE
    assert [a.number for a in new_plan.axes.all()] == [1, 3]
    assert sorted(t.title for t in new_plan.themes.all()) == [
        "Communication interne",
        "Organisation du travail",
    ]
    copy = new_plan.actions.get(lineage=action.lineage)
    assert copy.pk != action.pk
    assert copy.axis.plan == new_plan
    assert copy.code == "1.1"
    assert copy.context == action.context and copy.status == ActionStatus.IN_PROGRESS and copy.progress == 20
    assert list(copy.leads.all()) == [action_lead]
    assert [t.title for t in copy.themes.all()] == ["Communication interne"]
    assert all(t.plan == new_plan for t in copy.themes.all())
    assert [m.title for m in copy.milestones.all()] == ["Module en ligne", "Bilan de la première session"]
    assert new_plan.actions.get(lineage=barometer_action.lineage).code == "3.5"
    # the original is untouched
    assert Action.objects.filter(plan=plan).count() == 2


def test_a_plan_is_revised_only_once(plan, programme_lead):
    services.plan_revise(plan=plan, by=programme_lead)
    with pytest.raises(ValidationError, match="déjà été révisé"):
        services.plan_revise(plan=plan, by=programme_lead)


def test_adopting_a_revision_closes_the_previous_version(plan, programme_lead):
    new_plan = services.plan_revise(plan=plan, by=programme_lead)
    services.plan_set_status(plan=new_plan, status=PlanStatus.ADOPTED, by=programme_lead)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    assert list(Plan.objects.current()) == [new_plan]


def test_update_post_changes_status_and_progress_and_records_before_after(action, action_lead):
    update = services.action_update_post(
        action=action, by=action_lead, text="Le module est en ligne.", status=ActionStatus.DONE, progress=90
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DONE, 90)
    assert (update.status_before, update.status_after, update.progress_after) == ("in_progress", "done", 90)
    assert update.author == action_lead
    assert action.history.latest().history_user == action_lead


def test_done_without_a_figure_means_one_hundred_percent(action, action_lead):
    services.action_update_post(action=action, by=action_lead, text="Terminé.", status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.progress == 100


def test_update_without_status_keeps_the_status(action, action_lead):
    update = services.action_update_post(action=action, by=action_lead, text="Réunion de lancement tenue.")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.progress == 20
    assert update.status_before == update.status_after == ActionStatus.IN_PROGRESS
    assert update.progress_after is None


def test_update_marks_the_milestone_done(action, action_lead):
    milestone = action.milestones.first()
    update = services.action_update_post(
        action=action, by=action_lead, text="Jalon franchi.", milestone=milestone
    )
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    assert update.milestone_done == milestone


def test_update_refuses_a_milestone_of_another_action(action, barometer_action, action_lead, programme_lead):
    other = services.milestone_create(
        action=barometer_action, by=programme_lead, title="Autre", due_date=datetime.date(2024, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.action_update_post(action=action, by=action_lead, text="x", milestone=other)
    assert "milestone" in error.value.message_dict


def test_update_saves_accepted_attachments(action, action_lead):
    files = [SimpleUploadedFile("compte-rendu.pdf", PDF), SimpleUploadedFile("photo.png", PNG)]
    update = services.action_update_post(action=action, by=action_lead, text="Avec pièces.", files=files)
    names = sorted(a.name for a in update.attachments.all())
    assert names == ["compte-rendu.pdf", "photo.png"]
    assert update.attachments.get(name="compte-rendu.pdf").file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programme.exe", b"MZ\x90\x00", "n'est pas d'un type accepté"),
        ("faux.pdf", b"MZ\x90\x00 not a pdf", "n'est pas d'un type accepté"),
        ("sans-extension", PDF, "n'est pas d'un type accepté"),
        ("enorme.pdf", PDF + b"0" * (10 * 1024 * 1024), "dépasse la taille maximale de 10 Mo"),
    ],
)
def test_update_refuses_bad_attachments_in_french_and_saves_nothing(
    action, action_lead, name, content, message
):
    with pytest.raises(ValidationError) as error:
        services.action_update_post(
            action=action, by=action_lead, text="x", status="done", files=[SimpleUploadedFile(name, content)]
        )
    assert message in " ".join(error.value.message_dict["files"])
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert not ActionUpdate.objects.exists()


def test_attachment_of_exactly_ten_megabytes_is_accepted(action, action_lead):
    content = PDF + b"0" * (10 * 1024 * 1024 - len(PDF))
    update = services.action_update_post(
        action=action, by=action_lead, text="x", files=[SimpleUploadedFile("gros.pdf", content)]
    )
    assert update.attachments.count() == 1


def test_action_update_sets_leads_and_refuses_a_theme_of_another_plan(
    action, private_plan, agent, programme_lead
):
    services.action_update(action=action, by=programme_lead, leads=[agent], title="Nouveau titre")
    action.refresh_from_db()
    assert list(action.leads.all()) == [agent] and action.title == "Nouveau titre"
    foreign = services.theme_create(plan=private_plan, by=programme_lead, title="Ailleurs")
    with pytest.raises(ValidationError):
        services.action_update(action=action, by=programme_lead, themes=[foreign])


def test_milestone_update_records_the_change(action, programme_lead):
    milestone = action.milestones.first()
    services.milestone_update(milestone=milestone, by=programme_lead, due_date=datetime.date(2024, 4, 1))
    record = milestone.history.latest()
    delta = record.diff_against(record.prev_record)
    assert [c.field for c in delta.changes] == ["due_date"]
