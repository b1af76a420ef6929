"""The snapshot's barometer summary reads ``analytics.selectors.result_for``: a group the results page suppresses
stays « not shown » in the review, its documents included."""

from __future__ import annotations

import pytest

from analytics import selectors as results
from analytics import services as analytics_services
from core.tests.permission_world_surveys import _campaign, _collect
from reviews import documents, selectors, services
from surveys import services as survey_services
from surveys.models import Comment, Questionnaire
from surveys.moderation import comment_moderate
from surveys.tests.box import name_trustees, open_box

pytestmark = pytest.mark.django_db


def _published(organisation, root, school, by, respondents: int):
    survey_services.questionnaire_install_templates(organisation=organisation)
    barometer = Questionnaire.objects.get(organisation=organisation, family="barometre-qvct")
    campaign = _campaign(organisation, barometer, [root], by, "Baromètre 2025", 10)
    keys = name_trustees(campaign)
    survey_services.campaign_open(campaign=campaign, by=by)
    campaign.refresh_from_db()
    _collect(campaign, school, respondents)
    campaign = survey_services.campaign_close(campaign=campaign, by=by)
    open_box(campaign, keys)
    analytics_services.results_build(campaign=campaign)
    for pending in Comment.objects.filter(campaign=campaign):
        comment_moderate(comment=pending, by=by, publish=True, moderated_text=pending.text)
    survey_services.campaign_publish(campaign=campaign, by=by)
    campaign.refresh_from_db()
    return campaign


def test_the_summary_shows_the_figures_of_the_results_page(
    organisation, root_unit, school, programme_lead, review, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    campaign = _published(organisation, root_unit, school, programme_lead, 6)
    summary = selectors.barometer_summary(organisation)
    page = results.result_for(result_set=campaign.result_set, unit=root_unit)
    assert summary["campaign"] == "Baromètre 2025" and not summary["suppressed"]
    assert summary["respondents"] == page["n"] == 6
    assert [d["pct_favourable"] for d in summary["dimensions"]] == [
        None if d["pct_favourable"] is None else round(d["pct_favourable"], 1) for d in page["dimensions"]
    ]


def test_a_suppressed_barometer_stays_not_shown_in_the_snapshot_and_documents(
    organisation, root_unit, school, programme_lead, review, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    campaign = _published(organisation, root_unit, school, programme_lead, 3)
    page = results.result_for(result_set=campaign.result_set, unit=root_unit)
    assert all(d["pct_favourable"] is None for d in page["dimensions"])  # too few respondents: nothing shown
    services.review_snapshot(review=review, by=programme_lead)
    review.refresh_from_db()
    barometer = review.snapshot["barometer"]
    assert barometer["campaign"] == "Baromètre 2025" and barometer["participation"] is None
    assert [d["pct_favourable"] for d in barometer["dimensions"]] == [None] * len(page["dimensions"])
    sheets = dict(documents.sheets(documents.context_for(review)))
    assert {row[1] for row in sheets["Baromètre"][1:]} == {"non affiché (groupe trop petit)"}
