"""Publishing runs in the background: the register is frozen when the keeper confirms, the version (ODT, SHA-256)
is built by the worker on the real database queue, the keeper follows a progress bar, and only one publication
runs at a time."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from core.models import Job, JobStatus
from prevention import services
from prevention.models import PublicationStatus, RegisterPublication, RegisterVersion

PUBLISH = "/prevention/versions/publier/"


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0)


def test_the_confirmation_page_says_what_publishing_does(client, adviser, risk):
    client.force_login(adviser)
    page = client.get(PUBLISH).content.decode()
    for text in map(
        escape,
        (
            "figé tel qu'il est au moment où vous confirmez : ses 1 ligne(s)",
            "produits en arrière-plan",
            "ouvrent un nouveau brouillon",
            "conservée au moins 40 ans",
            "Cette étape ne peut pas être annulée.",
        ),
    ):
        assert text in page


@pytest.mark.django_db(transaction=True)
def test_the_version_holds_what_was_confirmed_even_if_the_register_changes_before_the_job_runs(
    client, settings, organisation, adviser, risk
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    client.force_login(adviser)
    response = client.post(PUBLISH, {"confirm": "oui"})
    publication = RegisterPublication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/prevention/versions/publications/{publication.pk}/"
    assert publication.status == PublicationStatus.PENDING and publication.job.status == JobStatus.QUEUED
    assert not RegisterVersion.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "En cours — 0 %" in page and "<progress" in page and 'hx-trigger="every 2s"' in page

    register = client.get("/prevention/").content.decode()
    assert "La publication de la version 1 est en cours" in register

    # The register is edited after the confirmation, before the worker runs.
    response = client.post(
        f"/prevention/risques/{risk.pk}/modifier/",
        {"work_unit": risk.work_unit.code, "danger_family": "noise", "exposure_situation": "Cantine et cour"},
    )
    assert response.status_code == 302
    # A second publication meanwhile is refused, clearly, and leads to the one under way.
    response = client.post(PUBLISH, {"confirm": "oui"}, follow=True)
    page = response.content.decode()
    assert escape("Une publication du document unique est déjà en cours (version 1") in page
    assert response.redirect_chain[-1][0] == f"/prevention/versions/publications/{publication.pk}/"
    assert RegisterPublication.objects.count() == 1
    assert client.get(PUBLISH)["Location"] == f"/prevention/versions/publications/{publication.pk}/"

    _run_worker()
    publication.refresh_from_db()
    version = publication.version
    assert publication.status == PublicationStatus.DONE and version.number == 1
    job = Job.objects.get(pk=publication.job_id)
    assert job.status == JobStatus.DONE and job.percent == 100
    assert version.snapshot["lines"][0]["exposure_situation"] == "Cantine à midi"
    odt = client.get(f"/prevention/versions/{version.pk}/fichier.odt").content
    assert hashlib.sha256(odt).hexdigest() == version.document_sha256
    assert version.document_sha256 in job.message
    assert version.keep_until.year == version.valid_from.year + 40
    page = client.get(f"/prevention/versions/publications/{publication.pk}/").content.decode()
    assert "La version 1 est publiée." in page and f"/prevention/versions/{version.pk}/" in page
    assert "hx-trigger" not in page  # done: the page stops polling
    assert "est en cours" not in client.get("/prevention/").content.decode()

    # The edit went to the next draft: the next publication holds it.
    client.post(PUBLISH, {"confirm": "oui"})
    _run_worker()
    second = RegisterVersion.objects.get(number=2)
    assert second.snapshot["lines"][0]["exposure_situation"] == "Cantine et cour"
    version.refresh_from_db()
    assert version.valid_to is not None and second.valid_to is None


def test_the_progress_fragment_polls_itself_for_htmx(client, adviser, risk):
    client.force_login(adviser)
    client.post(PUBLISH, {"confirm": "oui"})  # queued: the request's transaction never commits in this test
    publication = RegisterPublication.objects.get()
    fragment = client.get(
        f"/prevention/versions/publications/{publication.pk}/", headers={"HX-Request": "true"}
    )
    html = fragment.content.decode()
    assert html.lstrip().startswith(f'<div id="publication-{publication.pk}"') and "<progress" in html


def test_a_failed_publication_stops_blocking_the_next_one(organisation, adviser, risk):
    first = services.register_publication_start(organisation=organisation, by=adviser, enqueue=False)
    services.register_publication_fail(publication_id=first.pk)  # what the task does when building fails
    first.refresh_from_db()
    assert first.status == PublicationStatus.FAILED and first.job.status == JobStatus.FAILED
    second = services.register_publication_start(organisation=organisation, by=adviser, enqueue=False)
    assert second.number == 1
    version = services.register_publication_build(publication_id=second.pk)
    assert version.number == 1 and version.publication == second


def test_a_publication_never_built_after_an_hour_stops_blocking_and_publishes_nothing_if_it_runs_later(
    organisation, adviser, risk
):
    """The worker was down: the keeper is not blocked for ever, and the late job cannot publish a second version 1."""
    stuck = services.register_publication_start(organisation=organisation, by=adviser, enqueue=False)
    with pytest.raises(ValidationError, match="déjà en cours"):
        services.register_publication_start(organisation=organisation, by=adviser, enqueue=False)
    RegisterPublication.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - services.STALE_PUBLICATION - datetime.timedelta(minutes=1)
    )
    fresh = services.register_publication_start(organisation=organisation, by=adviser, enqueue=False)
    stuck.refresh_from_db()
    assert stuck.status == PublicationStatus.FAILED and stuck.job.status == JobStatus.FAILED
    assert "abandonnée" in stuck.job.message
    with pytest.raises(ValidationError, match="abandonnée"):
        services.register_publication_build(publication_id=stuck.pk)  # its job, run at last
    stuck.job.refresh_from_db()
    assert not RegisterVersion.objects.exists() and stuck.job.status == JobStatus.FAILED
    version = services.register_publication_build(publication_id=fresh.pk)
    assert version.number == 1 and list(RegisterVersion.objects.all()) == [version]


def test_an_empty_register_is_not_published(client, organisation, adviser):
    client.force_login(adviser)
    response = client.post(PUBLISH, {"confirm": "oui"}, follow=True)
    assert escape("Le document unique est vide") in response.content.decode()
    assert not RegisterPublication.objects.exists()


def test_other_roles_do_not_follow_a_publication(
    client, organisation, adviser, manager, staff_rep, outsider, risk
):
    version = services.register_publish(organisation=organisation, by=adviser)
    url = f"/prevention/versions/publications/{version.publication.pk}/"
    for user, status in ((manager, 403), (staff_rep, 403), (outsider, 404), (adviser, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
