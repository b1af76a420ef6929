"""Results pages, permissions, exports and the PDF report, as people use them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from analytics.models import ResultReport, ResultSet
from analytics.tests.test_results_world import build_world
from core.models import Job
from core.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation, root_unit, school, programme_lead):
    return build_world(organisation, root_unit, school, programme_lead)


def page(client, world, **params):
    return client.get(reverse("analytics:campaign", args=[world.campaign.pk]), params)


def test_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = page(client, world)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_manager_sees_their_unit_with_figures_and_the_comparison(client, world, manager):
    client.force_login(manager)
    response = page(client, world)  # default: the manager's own unit
    assert response.status_code == 200
    html = response.content.decode()
    assert "Collège Victor-Hugo" in html and "Ensemble de l'organisation" in html
    assert "<caption id=" in html and 'style="' not in html.split("<main")[1]
    assert "Commentaire numéro 3" in html
    units = response.context["units"]
    assert [u.pk for u in units] == [world.school.pk]


def test_manager_gets_404_on_another_unit_and_on_the_root(client, world, manager):
    client.force_login(manager)
    for unit in (world.lycee, world.tiny, world.root):
        assert page(client, world, unite=unit.pk).status_code == 404
    assert (
        client.get(
            reverse("analytics:export", args=[world.campaign.pk, "csv"]), {"unite": world.root.pk}
        ).status_code
        == 404
    )


def test_suppressed_unit_page_shows_the_message_and_no_number(client, world, programme_lead):
    client.force_login(programme_lead)
    html = page(client, world, unite=world.tiny.pk).content.decode()
    assert "Résultats non disponibles pour ce groupe" in html
    results = html.split('id="qv-results"')[1]
    assert "Répondants</strong>" not in results and "% favorable" not in results


def test_heatmap_marks_suppressed_children_with_a_dash_and_the_threshold(client, world, programme_lead):
    client.force_login(programme_lead)
    response = page(client, world, unite=world.root.pk)
    rows = {row["unit"]["name"]: row for row in response.context["heatmap"]["rows"]}
    assert rows["Petit collège"]["suppressed"] and rows["Lycée Pasteur"]["suppressed"]
    html = response.content.decode()
    assert "moins de 5 répondants" in html and "qv-heat-" in html


def test_filter_with_a_small_complement_is_not_offered_and_is_refused(client, world, programme_lead):
    client.force_login(programme_lead)
    response = page(client, world, unite=world.school.pk, filtre="gender:F")
    assert response.context["result"] == {"suppressed": True}
    assert response.context["filters"][0]["available"] is False
    assert 'value="gender:F" disabled' in response.content.decode()
    women = page(client, world, unite=world.root.pk, filtre="gender:F")
    assert women.context["result"]["n"] == 16


def test_htmx_request_gets_only_the_results_region(client, world, manager):
    client.force_login(manager)
    fragment = client.get(
        reverse("analytics:campaign", args=[world.campaign.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="qv-panel">') and "<html" not in fragment
    assert 'id="qv-results"' in fragment and 'name="filtre"' in fragment


def test_staff_rep_sees_only_the_published_organisation_level(
    client, organisation, root_unit, school, programme_lead, staff_rep
):
    world = build_world(organisation, root_unit, school, programme_lead, publish=False)
    client.force_login(staff_rep)
    assert page(client, world).status_code == 404  # closed, not published: not yet
    from surveys.services import campaign_publish

    campaign_publish(campaign=world.campaign, by=programme_lead)
    response = page(client, world)
    assert response.status_code == 200 and response.context["unit"] == root_unit
    assert [u.pk for u in response.context["units"]] == [root_unit.pk]
    assert response.context["heatmap"]["rows"] == []  # no sub-unit figures for staff representatives
    assert "Collège Victor-Hugo" not in response.content.decode()
    assert page(client, world, unite=school.pk).status_code == 404


def test_programme_lead_previews_after_close_and_managers_wait_for_publication(
    client, organisation, root_unit, school, programme_lead, manager
):
    world = build_world(organisation, root_unit, school, programme_lead, publish=False)
    client.force_login(manager)
    assert page(client, world).status_code == 404
    assert world.campaign.title not in client.get(reverse("analytics:index")).content.decode()
    client.force_login(programme_lead)
    response = page(client, world)
    assert response.status_code == 200 and "Aperçu réservé au pilotage" in response.content.decode()


def test_outsider_and_agent_get_404(client, world, outsider, agent):
    for user in (outsider, agent):
        client.force_login(user)
        assert page(client, world).status_code == 404


def test_programme_lead_computes_results_from_the_results_page(
    client, settings, world, programme_lead, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ResultSet.objects.all().delete()
    client.force_login(programme_lead)
    index = client.get(reverse("analytics:index")).content.decode()
    assert "Calculer les résultats" in index
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analytics:build", args=[world.campaign.pk]))
    job = Job.objects.get(kind="results_build")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.result_url == reverse("analytics:campaign", args=[world.campaign.pk])
    assert ResultSet.objects.filter(campaign=world.campaign).exists()


def test_manager_cannot_compute_results(client, world, manager):
    client.force_login(manager)
    assert client.post(reverse("analytics:build", args=[world.campaign.pk])).status_code == 404


# --- exports -------------------------------------------------------------------------------------------


def export(client, world, fmt, **params):
    return client.get(reverse("analytics:export", args=[world.campaign.pk, fmt]), params)


def data_rows(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Dimension")
    return rows[header + 1 :]


def test_csv_export_holds_the_aggregates_of_the_unit(client, world, manager):
    client.force_login(manager)
    response = export(client, world, "csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = data_rows(response.content)
    ambiance = next(r for r in rows if r[1].startswith("L'ambiance"))
    assert ambiance[2:4] == ["10", "50.0"] and ambiance[6] == "3.3"
    assert ambiance[7:13] == ["", "1", "2", "2", "3", "2"]  # no value 0 on an agreement scale, then 1..5
    assert ambiance[18:] == ["1", "1", ""]  # not concerned, missing, not suppressed
    assert "Commentaire" not in response.content.decode("utf-8-sig")  # aggregates only


def test_exports_of_a_suppressed_group_contain_no_number(client, world, programme_lead):
    client.force_login(programme_lead)
    for params in ({"unite": world.tiny.pk}, {"unite": world.school.pk, "filtre": "gender:F"}):
        content = export(client, world, "csv", **params).content.decode("utf-8-sig")
        assert "supprimé (seuil)" in content
        before_header = content.split("Dimension;")[0]
        lines = [line for line in before_header.splitlines() if line.startswith("Répondants")]
        assert lines and not re.search(r"\d", lines[0])
        assert data_rows(content.encode()) == []
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(export(client, world, "xlsx", **params).content))
        cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
        assert "supprimé (seuil)" in cells
        assert not any(isinstance(c, int | float) for c in cells)
        ods = export(client, world, "ods", **params)
        assert ods.status_code == 200 and ods.content[:2] == b"PK"
        from odf.opendocument import load

        doc = load(io.BytesIO(ods.content))
        assert 'office:value-type="float"' not in doc.xml().decode()


def test_item_answered_by_fewer_than_five_is_exported_as_suppressed(client, world, programme_lead):
    client.force_login(programme_lead)
    rows = data_rows(export(client, world, "csv", unite=world.root.pk).content)
    assert all(r[-1] == "" for r in rows)  # every item of the root has enough answers
    assert len(rows) == 2 + 3  # two dimensions, three questions


# --- PDF report --------------------------------------------------------------------------------------


def test_pdf_report_is_generated_in_a_job_and_downloaded_by_its_requester_only(
    client, settings, world, manager, outsider, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analytics:report", args=[world.campaign.pk]), {"unite": world.school.pk}
        )
    report = ResultReport.objects.get()
    assert response["Location"] == reverse("core:job", args=[report.job.pk])
    report.job.refresh_from_db()
    assert report.job.status == "done", report.job.message
    assert report.file.name.startswith("reports/")
    assert "/private/" in report.file.path
    download = client.get(report.job.result_url)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(report.job.result_url).status_code == 404


def test_manager_cannot_order_a_report_for_another_unit(client, world, manager):
    client.force_login(manager)
    response = client.post(reverse("analytics:report", args=[world.campaign.pk]), {"unite": world.root.pk})
    assert response.status_code == 404 and not ResultReport.objects.exists()


def test_unit_scoped_programme_lead_sees_only_their_subtree_once_published(client, world, organisation):
    from core.tests.factories import UserFactory

    user = UserFactory(email="pilote-local@test.fr")
    RoleGrantFactory(user=user, organisation=organisation, role="programme_lead", unit=world.school)
    client.force_login(user)
    assert page(client, world).context["unit"] == world.school
    assert page(client, world, unite=world.root.pk).status_code == 404


def test_results_built_in_french_read_in_english_after_choosing_english(client, world, programme_lead):
    """Labels are stored at build time (in French); a reader who chose English gets them in English."""
    assert world.campaign.result_set.items["dimensions"][0]["label"] == "Ambiance et relations de travail"
    client.force_login(programme_lead)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = page(client, world, unite=world.school.pk).content.decode()
    assert '<html lang="en"' in html
    assert "Summary by dimension: share of favourable answers" in html and "Export as CSV" in html
    assert "Workplace atmosphere and relationships" in html and "Ambiance et relations" not in html
    assert "Gender" in html and "Woman" in html

    content = export(client, world, "csv", unite=world.tiny.pk).content.decode("utf-8-sig")
    assert "Campaign;" in content and "suppressed (threshold)" in content and "supprimé" not in content


def _panel(html: str) -> str:
    """The results region as the full page holds it: from <div id="qv-panel"> to its closing tag."""
    start = html.index('<div id="qv-panel">')
    depth, position = 0, start
    for match in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if match.group(0) == "<div" else -1
        if depth == 0:
            position = start + match.end()
            break
    region = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start:position])
    # Comments are shown in a new random order on every render: compare them as a set.
    return re.sub(
        r'<ul class="qv-comments">(.*?)</ul>',
        lambda m: "".join(sorted(re.findall(r"<li>.*?</li>", m.group(1)))),
        region,
        flags=re.S,
    )


def test_the_htmx_panel_equals_the_same_region_of_a_fresh_full_page(client, world, programme_lead):
    client.force_login(programme_lead)
    params = {"unite": world.school.pk}
    url = reverse("analytics:campaign", args=[world.campaign.pk])
    fragment = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    full = client.get(url, params).content.decode()
    assert "<html" not in fragment and "Commentaire numéro 1" in fragment
    assert _panel(fragment).strip() == _panel(full).strip()


def test_served_figures_are_computed_once_per_process_and_a_rebuild_is_read_afresh(world, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics import selectors
    from analytics import services as analytics_services

    result_set = ResultSet.objects.get(campaign=world.campaign)
    with CaptureQueriesContext(connection) as cold:
        first = selectors.result_for(result_set=result_set, unit=school)
    with CaptureQueriesContext(connection) as warm:
        again = selectors.result_for(result_set=result_set, unit=school)
    assert again == first and len(warm) < len(cold)
    again["n"] = -1  # a caller changing its copy changes nothing for the next one
    assert selectors.result_for(result_set=result_set, unit=school)["n"] == first["n"]
    rebuilt = analytics_services.results_build(campaign=world.campaign)
    assert rebuilt.pk != result_set.pk
    assert selectors.result_for(result_set=rebuilt, unit=school) == first
