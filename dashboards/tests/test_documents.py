"""The whole plan for committees: generated in the background with a progress page, then downloaded."""

import io
import re
import zlib

import pytest
from django.urls import reverse

from core.models import JobStatus
from dashboards.models import PlanDocument


def _generate(client, user, plan, fmt, run):
    client.force_login(user)
    with run(execute=True):  # the task is queued once the request's transaction commits
        response = client.post(reverse("dashboards:documents", args=[plan.pk]), {"format": fmt})
    assert response.status_code == 302
    document = PlanDocument.objects.get(plan=plan, format=fmt)
    assert response.url == reverse("core:job", args=[document.job.pk])
    return document, response.url


def _download(client, document):
    response = client.get(reverse("dashboards:document_download", args=[document.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("inline_tasks")
def test_the_odt_opens_with_odfpy_and_holds_every_action_code(
    client, programme_lead, action, barometer_action, django_capture_on_commit_callbacks
):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document, job_url = _generate(
        client, programme_lead, action.plan, "odt", django_capture_on_commit_callbacks
    )
    job_page = client.get(job_url).content.decode()
    assert "Le document est prêt." in job_page
    document.refresh_from_db()
    assert document.job.status == JobStatus.DONE and document.job.percent == 100
    odt = load(io.BytesIO(_download(client, document)))
    text = "\n".join(teletype.extractText(e) for kind in (H, P) for e in odt.getElementsByType(kind))
    for code in ("1.1", "3.5"):
        assert f"{code} — " in text
    assert "Module en ligne — échéance 15/03/2024 — EN RETARD" in text
    assert "Statut : En cours — en retard (fin prévue le 30/06/2025)" in text


@pytest.mark.usefixtures("inline_tasks")
def test_the_pdf_is_a_pdf_titled_with_the_plan(
    client, programme_lead, action, django_capture_on_commit_callbacks
):
    document, _url = _generate(client, programme_lead, action.plan, "pdf", django_capture_on_commit_callbacks)
    pdf = _download(client, document)
    assert pdf.startswith(b"%PDF-")
    title = action.plan.title.encode("utf-16-be").hex().encode()
    streams = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    assert any(b"/Title <feff" + title + b">" in s or b"Title <feff" + title in s for s in streams)


@pytest.mark.usefixtures("inline_tasks")
def test_the_ods_lists_every_action(
    client, admin_user, action, barometer_action, django_capture_on_commit_callbacks
):
    from odf.opendocument import load
    from odf.table import Table

    document, _url = _generate(client, admin_user, action.plan, "ods", django_capture_on_commit_callbacks)
    ods = load(io.BytesIO(_download(client, document)))
    text = "".join(str(t) for t in ods.spreadsheet.getElementsByType(Table)[0].childNodes)
    assert "1.1" in text and "3.5" in text and "EN RETARD" in text


def test_the_documents_page_lists_documents_and_refuses_an_unknown_format_in_french(
    client, programme_lead, plan
):
    client.force_login(programme_lead)
    response = client.post(reverse("dashboards:documents", args=[plan.pk]), {"format": "docx"})
    assert response.status_code == 400
    assert "Choisissez PDF, ODT ou ODS." in response.content.decode()


def test_a_queued_document_is_listed_with_a_link_to_its_progress(
    client, programme_lead, plan, django_capture_on_commit_callbacks
):
    """Without a worker the job waits: the person can leave and come back to its progress page."""
    document, job_url = _generate(client, programme_lead, plan, "pdf", django_capture_on_commit_callbacks)
    page = client.get(reverse("dashboards:documents", args=[plan.pk])).content.decode()
    assert f'href="{job_url}"' in page and "En attente" in page
    assert client.get(reverse("dashboards:document_download", args=[document.pk])).status_code == 404


@pytest.mark.usefixtures("inline_tasks")
def test_a_staff_representative_cannot_download_a_committee_document(
    client, programme_lead, staff_rep, plan, django_capture_on_commit_callbacks
):
    document, _url = _generate(client, programme_lead, plan, "odt", django_capture_on_commit_callbacks)
    client.force_login(staff_rep)
    assert client.get(reverse("dashboards:document_download", args=[document.pk])).status_code == 403
