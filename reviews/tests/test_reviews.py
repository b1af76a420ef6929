"""The annual review's life: snapshot, consultation window, union votes, decisions, versioned documents, closing."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from odf.opendocument import load as load_odf
from odf.table import Table
from openpyxl import load_workbook

from core.models import JobStatus
from indicators.models import Indicator, IndicatorKind, IndicatorValue, Target, ValueStatus
from plans import services as plan_services
from plans.models import ActionStatus
from reviews import selectors, services
from reviews.ics import meeting_ics
from reviews.models import DocumentFormat, ReviewCycle, ReviewDocument, ReviewStatus, VoteChoice

pytestmark = pytest.mark.django_db


def _review_of(review: ReviewCycle) -> ReviewCycle:
    return ReviewCycle.objects.select_related("organisation", "plan").get(pk=review.pk)


def test_a_meeting_downloads_as_an_ics_event_in_paris_time(review):
    paris = ZoneInfo("Europe/Paris")
    meeting = services.meeting_create(
        review=review,
        kind="f3sct",
        title="Débat QVT en F3SCT",
        starts_at=datetime.datetime(2026, 12, 8, 14, 0, tzinfo=paris),
        ends_at=datetime.datetime(2026, 12, 8, 17, 0, tzinfo=paris),
        place="Rectorat, salle du conseil",
    )
    raw = meeting_ics(meeting)
    assert b"DTSTART;TZID=Europe/Paris:20261208T140000" in raw
    calendar = Calendar.from_ical(raw)
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt == datetime.datetime(2026, 12, 8, 14, 0, tzinfo=paris)
    assert "Rectorat" in str(event["LOCATION"])
    assert calendar.walk("VTIMEZONE"), "the calendar carries the definition of Europe/Paris"


def test_the_meeting_ics_view_serves_the_calendar_to_readers_only(client, review, staff_rep, agent):
    paris = ZoneInfo("Europe/Paris")
    meeting = services.meeting_create(
        review=review,
        kind="preparatory",
        title="Réunion préparatoire",
        starts_at=datetime.datetime(2026, 11, 3, 9, 30, tzinfo=paris),
        ends_at=datetime.datetime(2026, 11, 3, 12, 0, tzinfo=paris),
        place="Salle B",
    )
    client.force_login(staff_rep)
    response = client.get(reverse("reviews:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    client.force_login(agent)
    assert client.get(reverse("reviews:meeting_ics", args=[meeting.pk])).status_code == 403


def test_the_snapshot_freezes_actions_indicators_and_what_changed_since_the_previous_review(
    organisation, plan, programme_lead, review
):
    indicator = Indicator.objects.create(
        organisation=organisation,
        plan_lineage=plan.lineage,
        action_lineage=plan.actions.get(number=1).lineage,
        name="Personnes formées",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
    )
    IndicatorValue.objects.create(
        indicator=indicator, school_year=2023, value=40, status=ValueStatus.VALIDATED
    )
    IndicatorValue.objects.create(
        indicator=indicator, school_year=2024, value=85, status=ValueStatus.VALIDATED
    )
    Target.objects.create(indicator=indicator, school_year=2024, value=80)
    last_year = services.review_create(
        organisation=organisation,
        plan=plan,
        school_year=2024,
        title="Bilan 2024-2025",
        consultation_opens_on=datetime.date(2025, 3, 1),
        consultation_closes_on=datetime.date(2025, 3, 31),
        by=programme_lead,
    )
    services.review_snapshot(review=last_year, by=programme_lead)

    first = plan.actions.get(number=1)
    plan_services.action_update_post(
        action=first, by=programme_lead, text="Deux sessions tenues.", status=ActionStatus.DONE, progress=100
    )
    plan_services.action_create(
        plan=plan, axis=first.axis, by=programme_lead, number=3, title="Salles de repos"
    )
    services.review_snapshot(review=review, by=programme_lead)
    snapshot = _review_of(review).snapshot

    actions = {a["code"]: a for a in snapshot["actions"]}
    assert actions["1.1"]["status_label"] == "Réalisée" and actions["1.1"]["progress"] == 100
    assert actions["1.1"]["last_update"]["text"] == "Deux sessions tenues."
    assert actions["1.1"]["weather"] is None  # plans has no weather yet: read with getattr
    [row] = snapshot["indicators"]
    assert (row["last"], row["last_target"], row["trend"], row["on_target"]) == ("85", "80", "up", True)
    changes = snapshot["changes"]
    assert changes["since"] == "Bilan 2024-2025"
    assert changes["status_changes"] == [
        {"code": "1.1", "title": "Former à l'accueil", "before": "En cours", "after": "Réalisée"}
    ]
    assert changes["progress_changes"][0]["delta"] == 70
    assert changes["added"] == [{"code": "1.3", "title": "Salles de repos"}]
    assert changes["removed"] == []
    json.dumps(snapshot)  # plain JSON: nothing live in it


def test_weather_is_read_when_the_action_has_it():
    class WithWeather:
        weather = "at_risk"

        def get_weather_display(self):
            return "À surveiller"

    assert selectors._weather(WithWeather()) == "À surveiller"  # type: ignore[arg-type]
    assert selectors._weather(object()) is None  # type: ignore[arg-type]


def test_comments_and_votes_are_editable_until_the_window_closes(review, staff_rep, programme_lead):
    action = review.plan.actions.get(number=1)
    comment = services.comment_post(review=review, by=staff_rep, text="Former aussi les AED.", action=action)
    assert comment.action_code == "1.1"
    services.comment_edit(comment=comment, text="Former aussi les AED et les AESH.")
    services.vote_record(
        review=review, by=staff_rep, union="FSU", choice=VoteChoice.AGAINST, statement="Trop lent."
    )
    vote = services.vote_record(
        review=review, by=staff_rep, union="FSU", choice=VoteChoice.FOR, statement="Des progrès nets."
    )
    assert review.votes.get().choice == VoteChoice.FOR and vote.statement == "Des progrès nets."
    with pytest.raises(ValidationError):
        services.vote_record(review=review, by=staff_rep, union="CGT", choice=VoteChoice.FOR, statement="x")

    ReviewCycle.objects.filter(pk=review.pk).update(
        consultation_closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    review.refresh_from_db()
    with pytest.raises(ValidationError, match="consultation n'est pas ouverte"):
        services.comment_edit(comment=comment, text="Trop tard.")
    with pytest.raises(ValidationError):
        services.vote_record(
            review=review, by=staff_rep, union="FSU", choice=VoteChoice.AGAINST, statement="x"
        )
    services.decision_record(review=review, by=programme_lead, text="Étendre la formation.", actions=[action])


def test_the_staff_representative_comments_on_the_page_and_sees_french_errors(client, review, staff_rep):
    client.force_login(staff_rep)
    url = reverse("reviews:comment_create", args=[review.pk])
    page = client.post(url, {"text": ""})
    assert page.status_code == 200 and "Écrivez votre commentaire." in page.content.decode()
    response = client.post(url, {"text": "Bon bilan d'ensemble."}, follow=True)
    assert "Bon bilan d&#x27;ensemble." in response.content.decode()
    vote_page = client.post(reverse("reviews:vote", args=[review.pk]), {"union": "FSU", "statement": "x"})
    assert "Choisissez l&#x27;avis : pour, contre ou abstention." in vote_page.content.decode()


def test_documents_are_versioned_with_their_sha256_and_closing_freezes_them(
    generate, review, programme_lead, staff_rep
):
    services.comment_post(review=review, by=staff_rep, text="Commentaire d'ensemble.")
    with pytest.raises(ValidationError, match="Figez"):
        services.generation_start(review=review, by=programme_lead)
    services.review_snapshot(review=review, by=programme_lead)
    job = generate(review, programme_lead)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100, job.message
    generate(review, programme_lead)
    documents = list(ReviewDocument.objects.filter(review=review))
    assert sorted({(d.version, d.format) for d in documents}) == sorted(
        (v, f) for v in (1, 2) for f in DocumentFormat.values
    )
    for document in documents:
        with document.file.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == document.sha256

    pdf = ReviewDocument.objects.get(review=review, version=2, format="pdf")
    with pdf.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    odt = ReviewDocument.objects.get(review=review, version=2, format="odt")
    with odt.file.open("rb") as f:
        text = str(load_odf(io.BytesIO(f.read())).text)
    assert "1.1" in text and "1.2" in text and "Commentaire d'ensemble." in text
    xlsx = ReviewDocument.objects.get(review=review, version=2, format="xlsx")
    with xlsx.file.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    assert [c.value for c in book["Actions"]["A"]][1:] == ["1.1", "1.2"]
    ods = ReviewDocument.objects.get(review=review, version=2, format="ods")
    with ods.file.open("rb") as f:
        sheets = load_odf(io.BytesIO(f.read())).spreadsheet.getElementsByType(Table)
    assert [s.getAttribute("name") for s in sheets] == ["Actions", "Indicateurs", "Baromètre", "Avis"]

    services.review_close(review=review, by=programme_lead)
    assert _review_of(review).status == ReviewStatus.CLOSED
    for refused in (
        lambda: services.generation_start(review=review, by=programme_lead),
        lambda: services.comment_post(review=review, by=staff_rep, text="Après coup."),
        lambda: services.decision_record(review=review, by=programme_lead, text="Après coup."),
        lambda: services.review_snapshot(review=review, by=programme_lead),
    ):
        with pytest.raises(ValidationError, match="clos"):
            refused()
    assert ReviewDocument.objects.filter(review=review).count() == 8


def test_a_generation_running_when_the_review_closes_writes_nothing(review, programme_lead, settings):
    services.review_snapshot(review=review, by=programme_lead)
    job = services.generation_start(review=review, by=programme_lead)  # queued in the database, not run yet
    ReviewDocument.objects.create(review=review, version=1, format="pdf", sha256="0" * 64)
    services.review_close(review=review, by=programme_lead)
    services.generation_run(job_id=str(job.pk), review_id=review.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "clos" in job.message
    assert ReviewDocument.objects.filter(review=review).count() == 1


def test_closing_asks_for_confirmation_and_then_agents_read_the_summary(
    generate, client, review, programme_lead, agent
):
    services.review_snapshot(review=review, by=programme_lead)
    generate(review, programme_lead)
    client.force_login(agent)
    assert client.get(reverse("reviews:summary", args=[review.pk])).status_code == 403
    client.force_login(programme_lead)
    url = reverse("reviews:close", args=[review.pk])
    page = client.get(url)
    assert "Cette étape ne peut pas être annulée." in page.content.decode()
    client.post(url, {})  # no confirmation: nothing happens
    assert not _review_of(review).is_closed
    client.post(url, {"confirm": "oui"})
    assert _review_of(review).is_closed
    client.force_login(agent)
    assert client.get(reverse("reviews:summary", args=[review.pk])).status_code == 200
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 403


def test_the_api_lists_reviews_with_permission_checked_downloads(
    generate, client, review, programme_lead, staff_rep, agent, outsider
):
    from accounts.models import ApiToken

    services.review_snapshot(review=review, by=programme_lead)
    generate(review, programme_lead)
    raw = ApiToken.issue(user=staff_rep, name="test")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listing = client.get(reverse("api:review_list", kwargs={"slug": review.organisation.slug}), **auth)
    assert listing.status_code == 200
    [item] = listing.json()
    assert item["title"] == "Bilan 2025-2026" and len(item["documents"]) == 4
    pdf = next(d for d in item["documents"] if d["format"] == "pdf")
    download = client.get(pdf["download_url"], **auth)
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and hashlib.sha256(body).hexdigest() == pdf["sha256"]
    for other in (agent, outsider):
        token = ApiToken.issue(user=other, name="test")[1]
        assert client.get(pdf["download_url"], HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    assert "/api/organisations/{slug}/reviews/" in client.get("/api/openapi.json").json()["paths"]


def test_the_snapshot_shows_the_last_visible_update_across_plan_versions(
    organisation, plan, programme_lead, staff_rep
):
    first = plan.actions.get(number=1)
    hidden = plan_services.action_update_post(action=first, by=programme_lead, text="Nom d'un agent cité.")
    plan_services.action_update_hide(update=hidden, by=programme_lead, reason="Donnée personnelle.")
    revised = plan_services.plan_revise(plan=plan, by=programme_lead)
    review = services.review_create(
        organisation=organisation,
        plan=revised,
        school_year=2025,
        title="Bilan de la version révisée",
        consultation_opens_on=timezone.localdate(),
        consultation_closes_on=timezone.localdate(),
        by=programme_lead,
    )
    services.review_snapshot(review=review, by=programme_lead)
    action = next(a for a in _review_of(review).snapshot["actions"] if a["code"] == "1.1")
    assert (
        action["last_update"]["text"] == "Module validé."
    )  # posted on version 1; the hidden one never shows


def test_staff_representatives_find_the_reviews_in_the_main_navigation(client, review, staff_rep, agent):
    client.force_login(staff_rep)
    response = client.get(reverse("reviews:index"))
    assert [(n.label, n.active) for n in response.context["nav_items"] if n.url == "/bilans/"] == [
        ("Bilans annuels", True)
    ]
    assert "Bilan 2025-2026" in response.content.decode()
    client.force_login(agent)
    response = client.get(reverse("reviews:index"))
    assert not [n for n in response.context["nav_items"] if n.url == "/bilans/"]
    assert "Bilan 2025-2026" not in response.content.decode()  # open: not for agents


def test_the_programme_lead_extends_the_consultation_window(client, review, programme_lead):
    client.force_login(programme_lead)
    url = reverse("reviews:edit", args=[review.pk])
    later = review.consultation_closes_on + datetime.timedelta(days=7)
    page = client.post(
        url,
        {
            "title": review.title,
            "consultation_opens_on": review.consultation_closes_on.isoformat(),
            "consultation_closes_on": review.consultation_opens_on.isoformat(),
        },
    )
    assert "La clôture suit l&#x27;ouverture de la consultation." in page.content.decode()
    client.post(
        url,
        {
            "title": "Bilan 2025-2026 (prolongé)",
            "consultation_opens_on": review.consultation_opens_on.isoformat(),
            "consultation_closes_on": later.isoformat(),
        },
    )
    review.refresh_from_db()
    assert review.consultation_closes_on == later and review.title == "Bilan 2025-2026 (prolongé)"
