import datetime

from django.utils import timezone

from accounts.models import ApiToken
from prevention import services


def _get(client, user, url):
    raw = ApiToken.issue(user=user, name="test")[1]
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_published_versions_and_adopted_programmes_are_read_through_the_api(
    client, organisation, adviser, staff_rep, agent, outsider, risk
):
    version = services.register_publish(organisation=organisation, by=adviser)
    year = timezone.localdate().year
    services.measure_create(
        organisation=organisation, by=adviser, title="Panneaux", due_date=datetime.date(year, 5, 1)
    )
    programme = services.programme_for_year(organisation=organisation, year=year, by=adviser)
    services.programme_submit(programme=programme, by=adviser, meeting_date=datetime.date(year, 1, 10))
    services.programme_record_opinion(
        programme=programme, by=staff_rep, text="Favorable", votes_for=4, votes_against=0, votes_abstain=1
    )

    listed = _get(client, agent, "/api/prevention/programmes/").json()
    assert listed["count"] == 0  # not adopted yet: not published
    services.programme_adopt(programme=programme, by=adviser)

    versions = _get(client, agent, "/api/prevention/register-versions/").json()
    assert [v["document_sha256"] for v in versions["items"]] == [version.document_sha256]
    detail = _get(client, agent, f"/api/prevention/register-versions/{version.pk}/").json()
    assert detail["lines"][0]["exposure_situation"] == "Cantine à midi"
    body = _get(client, agent, f"/api/prevention/programmes/{programme.pk}/").json()
    assert body["opinion_text"] == "Favorable" and body["measures"][0]["title"] == "Panneaux"

    assert _get(client, outsider, f"/api/prevention/register-versions/{version.pk}/").status_code == 404
    assert _get(client, outsider, f"/api/prevention/programmes/{programme.pk}/").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/prevention/register-versions/{id}/" in schema["paths"]
    assert "/api/prevention/programmes/{id}/" in schema["paths"]
