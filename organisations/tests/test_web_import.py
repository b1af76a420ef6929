"""The people import from the browser: upload, background check, preview, apply, summary."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus
from organisations.models import ImportStatus, PeopleImport, Person
from organisations.tests.conftest import csv_bytes, person_row

SLUG = "academie-test"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings, media):
    settings.TASKS = IMMEDIATE


def upload(client, data, scope=None, dry_run=False, name="agents.csv"):
    form = {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "scope": scope.code if scope else "",
    }
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("organisations:import_new", args=[SLUG]), form)


@pytest.mark.django_db
def test_messy_upload_shows_every_bad_line_and_imports_nothing(
    client, tree, programme_lead, immediate, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    rows = [
        person_row("B1", unit="ECOLE2"),
        person_row("B1", unit="ECOLE2", email="autre@exemple.fr"),
        person_row("B3", unit="ECOLE2", email="@@"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(rows), scope=tree["DSDEN"])
    record = PeopleImport.objects.get()
    assert response["Location"] == reverse("organisations:import_detail", args=[SLUG, record.pk])
    html = client.get(response["Location"]).content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.INVALID
    assert "2 erreurs : rien n'a été importé" in html
    assert "<td>3</td><td>identifiant « B1 » en double (déjà ligne 2)</td>" in html
    assert "<td>4</td><td>adresse e-mail « @@ » invalide</td>" in html
    assert "Appliquer" not in html
    assert not Person.objects.filter(hr_id__startswith="B").exists()


@pytest.mark.django_db
def test_clean_upload_previews_the_changes_then_applies_them(
    client, tree, programme_lead, immediate, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            csv_bytes([person_row("B1", unit="ECOLE2"), person_row("B2", unit="DSDEN")]),
            scope=tree["DSDEN"],
        )
    record = PeopleImport.objects.get()
    preview = client.get(response["Location"]).content.decode()
    assert "Ce qui va changer" in preview and '<th scope="row">à créer</th><td>2</td>' in preview
    assert "Appliquer l'import" in preview and not Person.objects.filter(hr_id="B1").exists()
    stored = record.file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:import_apply", args=[SLUG, record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED and record.apply_job.percent == 100
    assert Person.objects.filter(hr_id__in=["B1", "B2"], is_active=True).count() == 2
    assert not record.file and not __import__("os").path.exists(stored)  # the HR file is gone
    summary = client.get(response["Location"]).content.decode()
    assert "Résultat de l'import" in summary and "Appliquer l'import" not in summary


@pytest.mark.django_db
def test_a_simulation_cannot_be_applied(
    client, tree, programme_lead, immediate, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, csv_bytes([person_row("B1", unit="ECOLE2")]), scope=tree["DSDEN"], dry_run=True)
    record = PeopleImport.objects.get()
    assert (
        "Appliquer l'import"
        not in client.get(reverse("organisations:import_detail", args=[SLUG, record.pk])).content.decode()
    )
    response = client.post(reverse("organisations:import_apply", args=[SLUG, record.pk]), follow=True)
    assert "ne peut pas être appliqué" in response.content.decode()
    assert not Person.objects.filter(hr_id="B1").exists()


@pytest.mark.django_db
def test_upload_refuses_other_file_types(client, tree, programme_lead, media):
    client.force_login(programme_lead)
    response = upload(client, b"%PDF-1.4", name="agents.pdf")
    assert response.status_code == 400 and "Déposez un fichier .csv ou .xlsx." in response.content.decode()
    assert not PeopleImport.objects.exists()


@pytest.mark.django_db
def test_imports_are_private_to_their_organisation_and_to_managers(
    client, tree, programme_lead, agent, outsider, media
):
    record = PeopleImport.objects.create(organisation=tree["RECT"].organisation, uploaded_by=programme_lead)
    url = reverse("organisations:import_detail", args=[SLUG, record.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(agent)
    assert client.get(url).status_code == 403
    assert client.post(reverse("organisations:import_apply", args=[SLUG, record.pk])).status_code == 403


@pytest.mark.django_db
def test_purge_deletes_uploaded_files_after_seven_days(tree, programme_lead, media, capsys):
    from django.core.files.base import ContentFile

    old = PeopleImport(organisation=tree["RECT"].organisation, uploaded_by=programme_lead)
    old.file.save("a.csv", ContentFile(b"x"), save=True)
    recent = PeopleImport(organisation=tree["RECT"].organisation, uploaded_by=programme_lead)
    recent.file.save("b.csv", ContentFile(b"x"), save=True)
    PeopleImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    old_path = old.file.path
    call_command("purge_imports")
    assert "1 fichier(s)" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and not __import__("os").path.exists(old_path) and recent.file


@pytest.mark.django_db(transaction=True)
def test_validation_job_runs_on_the_real_database_queue_and_reaches_100_percent(
    client, tree, programme_lead, settings, media
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    client.force_login(programme_lead)
    upload(client, csv_bytes([person_row("B1", unit="ECOLE2")]), scope=tree["DSDEN"])
    record = PeopleImport.objects.get()
    assert record.validation_job.status == JobStatus.QUEUED
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False)
    record.refresh_from_db()
    job = Job.objects.get(pk=record.validation_job_id)
    assert job.status == JobStatus.DONE and job.percent == 100
    assert record.status == ImportStatus.READY and record.report["counts"]["created"] == 1


@pytest.mark.django_db
def test_preview_lists_the_people_to_deactivate_by_name(
    client, tree, programme_lead, immediate, django_capture_on_commit_callbacks
):
    from organisations.services import people_import_file

    organisation = tree["RECT"].organisation
    staff = [person_row("B1", unit="ECOLE2"), person_row("B2", unit="ECOLE2", last="Durand", first="Paul")]
    people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes([person_row("B1", unit="ECOLE2")]), scope=tree["DSDEN"])
    html = client.get(response["Location"]).content.decode()
    assert "Agents qui seront désactivés" in html
    assert "<td>Durand</td><td>Paul</td><td>École Pasteur (ECOLE2)</td><td>B2</td>" in html


@pytest.mark.django_db
def test_mass_deactivation_needs_an_explicit_confirmation(
    client, tree, programme_lead, immediate, django_capture_on_commit_callbacks
):
    from organisations.services import people_import_file

    organisation = tree["RECT"].organisation
    staff = [person_row(f"B{i}", unit="ECOLE2") for i in range(5)]
    people_import_file(organisation=organisation, data=csv_bytes(staff), scope=tree["DSDEN"])
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(staff[:1]), scope=tree["DSDEN"])
    record = PeopleImport.objects.get()
    preview = client.get(response["Location"]).content.decode()
    assert "Je confirme la désactivation de 4 personnes" in preview
    apply_url = reverse("organisations:import_apply", args=[SLUG, record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(apply_url, follow=True)
    assert "Cochez « Je confirme la désactivation de 4 personnes » pour appliquer cet import." in (
        refused.content.decode()
    )
    record.refresh_from_db()
    assert record.status == ImportStatus.READY
    assert Person.objects.filter(hr_id__startswith="B", is_active=True).count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url, {"confirm_deactivations": "4"})
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert Person.objects.filter(hr_id__startswith="B", is_active=True).count() == 1
