"""The demo's reviews: a closed 2024-2025 review with comments, two union votes and its documents, and a cycle
open for 2025-2026 that leads to the F3SCT debate of December 2026."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reviews.models import DocumentFormat, ReviewCycle, ReviewStatus, VoteChoice

pytestmark = pytest.mark.django_db


def test_the_closed_review_has_comments_two_union_votes_decisions_and_its_documents(demo):
    closed = ReviewCycle.objects.get(organisation=demo, school_year=2024)
    assert closed.status == ReviewStatus.CLOSED and closed.snapshot["taken_at"].startswith("2025-03-03")
    assert {(v.union, v.choice) for v in closed.votes.all()} == {
        ("FSU", VoteChoice.FOR),
        ("UNSA", VoteChoice.ABSTENTION),
    }
    assert closed.comments.count() == 3 and closed.decisions.count() == 2
    assert sorted(d.format for d in closed.documents.all()) == sorted(DocumentFormat.values)
    assert all(len(d.sha256) == 64 for d in closed.documents.all())
    assert len(closed.snapshot["actions"]) == 19


def test_the_open_cycle_leads_to_the_f3sct_debate_and_shows_what_changed_since_last_year(demo):
    review = ReviewCycle.objects.get(organisation=demo, school_year=2025)
    assert review.status == ReviewStatus.OPEN and review.consultation_is_open()
    f3sct = review.meetings.get(kind="f3sct")
    assert (f3sct.starts_at.year, f3sct.starts_at.month) == (2026, 12)
    changes = review.snapshot["changes"]
    assert changes["since"] == "Bilan annuel 2024-2025 du plan QVT"
    assert changes["status_changes"] or changes["progress_changes"]
    assert review.snapshot["barometer"]["campaign"]  # the last published barometer, through result_for

    client = Client()
    client.force_login(User.objects.get(email="representant@demo.qualivie.fr"))
    page = client.get(reverse("reviews:detail", args=[review.pk]))
    assert (
        page.status_code == 200 and "Débat sur la qualité de vie au travail en F3SCT" in page.content.decode()
    )
    assert client.get(reverse("reviews:vote", args=[review.pk])).status_code == 200  # the FSU's member
