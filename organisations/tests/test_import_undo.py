"""Undoing an applied people import within 30 days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coconstruction.models import WorkingGroup
from core.tests.factories import PersonFactory, PlanFactory
from organisations import services
from organisations.models import ImportStatus, PeopleImport, Person
from organisations.tests.conftest import csv_bytes, person_row

pytestmark = pytest.mark.django_db
SLUG = "academie-test"


def applied(organisation, by, data, scope):
    """An import checked and applied through the background jobs' own functions."""
    record = PeopleImport(organisation=organisation, uploaded_by=by, scope=scope)
    record.file.save("agents.csv", ContentFile(data), save=True)
    from core.models import Job

    record.validation_job = Job.objects.create(organisation=organisation, owner=by, kind="v", label="v")
    record.save()
    services.people_import_validate(import_id=record.pk, job_id=str(record.validation_job.pk))
    record.refresh_from_db()
    services.people_import_apply_start(
        record=record, by=by, confirmed_deactivations=record.report["counts"]["deactivated"]
    )
    record.refresh_from_db()
    services.people_import_apply(import_id=record.pk, job_id=str(record.apply_job_id))
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED, record.report
    return record


@pytest.fixture
def before(tree, organisation, programme_lead, media):
    """DSDEN staff: B1 (will change), B2 (will leave), B3 (inactive, will come back)."""
    staff = [
        person_row("B1", unit="ECOLE2", last="Martin"),
        person_row("B2", unit="ECOLE2", last="Durand"),
        person_row("B3", unit="ECOLE2", last="Petit"),
    ]
    services.people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    Person.objects.filter(hr_id="B3").update(is_active=False, deactivated_at=timezone.now())
    User.objects.filter(email="b3@exemple.fr").update(is_active=False)
    return {p.hr_id: p for p in Person.objects.filter(hr_id__startswith="B")}


def test_undo_restores_everything_the_import_changed(tree, organisation, programme_lead, before):
    data = csv_bytes(
        [
            person_row("B1", unit="DSDEN", last="Martin-Roux", gender="M"),
            person_row("B3", unit="ECOLE2", last="Petit"),
            person_row("B4", unit="ECOLE2", last="Neuf"),  # created, referenced by nothing: removed
            person_row("B5", unit="ECOLE2", last="Lié"),  # created, then referenced: deactivated
        ]
    )
    record = applied(organisation, programme_lead, data, tree["DSDEN"])
    assert Person.objects.get(hr_id="B1").last_name == "Martin-Roux"
    assert not Person.objects.get(hr_id="B2").is_active and Person.objects.get(hr_id="B3").is_active
    b5 = Person.objects.get(hr_id="B5")
    PersonFactory(
        organisation=organisation, unit=tree["ECOLE2"], user=b5.user
    )  # B5's account is used elsewhere

    services.people_import_undo(record=record, by=programme_lead)

    b1 = Person.objects.get(hr_id="B1")
    assert (b1.last_name, b1.gender, b1.unit_id) == ("Martin", "F", tree["ECOLE2"].pk)
    b2 = Person.objects.get(hr_id="B2")
    assert b2.is_active and b2.deactivated_at is None and b2.user.is_active
    b3 = Person.objects.get(hr_id="B3")
    assert not b3.is_active and b3.deactivated_at == before["B3"].deactivated_at and not b3.user.is_active
    assert not Person.objects.filter(hr_id="B4").exists()
    assert not User.objects.filter(email="b4@exemple.fr").exists()
    assert not Person.objects.filter(hr_id="B5").exists()
    assert User.objects.get(pk=b5.user_id).is_active  # the account is another person's too: kept
    record.refresh_from_db()
    assert record.status == ImportStatus.UNDONE
    assert record.undone_by == programme_lead and record.undone_at is not None
    with pytest.raises(ValidationError):
        services.people_import_undo(record=record, by=programme_lead)  # only once


def test_created_people_that_something_references_are_deactivated_not_deleted(
    tree, organisation, programme_lead, before
):
    record = applied(
        organisation,
        programme_lead,
        csv_bytes([person_row(h, unit="ECOLE2") for h in ("B1", "B2", "B3", "B6")]),
        tree["DSDEN"],
    )
    b6 = Person.objects.get(hr_id="B6")
    b6.other_units.add(tree["ECOLE1"])  # the person's own data: no reason to keep them
    b7_user = Person.objects.get(hr_id="B1").user
    group = WorkingGroup.objects.create(plan=PlanFactory(organisation=organisation), name="GT 1")
    group.members.add(b6)
    services.people_import_undo(record=record, by=programme_lead)
    b6.refresh_from_db()
    assert not b6.is_active and b6.deactivated_at is not None and not b6.user.is_active
    assert group.members.get() == b6
    assert b7_user.is_active


def test_undo_is_refused_after_30_days_and_the_button_disappears(
    client, tree, organisation, programme_lead, before
):
    record = applied(
        organisation, programme_lead, csv_bytes([person_row("B1", unit="ECOLE2")]), tree["DSDEN"]
    )
    url = reverse("organisations:import_detail", args=[SLUG, record.pk])
    client.force_login(programme_lead)
    assert "Annuler cet import" in client.get(url).content.decode()
    PeopleImport.objects.filter(pk=record.pk).update(applied_at=timezone.now() - datetime.timedelta(days=31))
    record.refresh_from_db()
    assert "Annuler cet import" not in client.get(url).content.decode()
    with pytest.raises(ValidationError, match="30 jours"):
        services.people_import_undo(record=record, by=programme_lead)
    response = client.post(reverse("organisations:import_undo", args=[SLUG, record.pk]), follow=True)
    assert "30 jours" in response.content.decode()
    assert not Person.objects.get(hr_id="B2").is_active


def test_an_older_import_cannot_be_undone_once_a_later_one_is_applied(
    client, tree, organisation, programme_lead, before
):
    first = applied(
        organisation, programme_lead, csv_bytes([person_row(h, unit="ECOLE2") for h in ("B1", "B2")]), None
    )
    applied(
        organisation, programme_lead, csv_bytes([person_row(h, unit="ECOLE2") for h in ("B1", "B2")]), None
    )
    with pytest.raises(ValidationError, match="plus récent"):
        services.people_import_undo(record=first, by=programme_lead)


def test_undo_from_the_page(client, tree, organisation, programme_lead, before):
    record = applied(
        organisation, programme_lead, csv_bytes([person_row("B1", unit="ECOLE2")]), tree["DSDEN"]
    )
    client.force_login(programme_lead)
    response = client.post(reverse("organisations:import_undo", args=[SLUG, record.pk]), follow=True)
    html = response.content.decode()
    assert "Import annulé" in html
    assert Person.objects.get(hr_id="B2").is_active


def test_what_undo_needs_is_erased_after_30_days(tree, organisation, programme_lead, before):
    from django.core.management import call_command

    record = applied(
        organisation, programme_lead, csv_bytes([person_row("B1", unit="ECOLE2")]), tree["DSDEN"]
    )
    assert record.undo_data["deactivated"]
    call_command("purge_imports")
    record.refresh_from_db()
    assert record.undo_data  # still within the 30 days
    PeopleImport.objects.filter(pk=record.pk).update(applied_at=timezone.now() - datetime.timedelta(days=31))
    call_command("purge_imports")
    record.refresh_from_db()
    assert record.undo_data == {}
