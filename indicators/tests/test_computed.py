"""Computed indicators: the barometer's own figures (suppression included), and counts of the platform's data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.tests.test_results_world import build_world
from core.models import Job, JobStatus
from indicators import services
from indicators.models import Computation, IndicatorKind, IndicatorValue
from indicators.periods import school_year_of
from plans import services as plan_services
from surveys import services as survey_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def barometer(organisation, root_unit, school, programme_lead):
    return build_world(organisation, root_unit, school, programme_lead)


def computed(plan, by, capture, **fields):
    with capture(execute=True):
        return services.indicator_create(
            plan=plan, by=by, axis_number=1, kind=IndicatorKind.RESULT, unit="%", **fields
        )


def results_page(client, barometer, unit):
    return client.get(reverse("analytics:campaign", args=[barometer.campaign.pk]), {"unite": unit.pk})


def test_a_dimension_indicator_equals_the_figure_of_the_results_page_for_that_unit(
    client, plan, axis, barometer, programme_lead, django_capture_on_commit_callbacks
):
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Relations de travail favorables au collège",
        computation=Computation.BAROMETER_DIMENSION,
        questionnaire=barometer.questionnaire,
        source_key="relations",
        source_unit=barometer.school,
    )
    client.force_login(programme_lead)
    page = results_page(client, barometer, barometer.school)
    shown = next(d for d in page.context["result"]["dimensions"] if d["code"] == "relations")
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.status == "computed" and not value.suppressed and value.source_campaign == barometer.campaign
    assert value.value == Decimal(str(round(shown["pct_favourable"], 2)))
    assert f"{round(shown['pct_favourable'])} %" in page.content.decode()
    detail = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    results_url = (
        reverse("analytics:campaign", args=[barometer.campaign.pk]) + f"?unite={barometer.school.pk}"
    )
    assert results_url in detail  # the value links to where it comes from


def test_a_barometer_indicator_stays_suppressed_where_the_results_page_suppresses_it(
    client, plan, axis, barometer, programme_lead, django_capture_on_commit_callbacks
):
    for unit in (
        barometer.lycee,
        barometer.tiny,
    ):  # the lycée by complementary suppression, the petit collège: 3
        indicator = computed(
            plan,
            programme_lead,
            django_capture_on_commit_callbacks,
            name=f"Relations — {unit.name}",
            computation=Computation.BAROMETER_ITEM,
            questionnaire=barometer.questionnaire,
            source_key="q_ambiance",
            source_unit=unit,
        )
        client.force_login(programme_lead)
        assert results_page(client, barometer, unit).context["result"]["suppressed"] is True
        value = IndicatorValue.objects.get(indicator=indicator)
        assert value.suppressed is True and value.value is None
        detail = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
        assert "non affichée (groupe trop petit)" in detail


def test_participation_indicator_equals_the_participation_page(
    client, plan, axis, barometer, programme_lead, django_capture_on_commit_callbacks
):
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Participation au baromètre",
        computation=Computation.PARTICIPATION,
        questionnaire=barometer.questionnaire,
    )
    client.force_login(programme_lead)
    page = client.get(reverse("participation:campaign", args=[barometer.campaign.pk]))
    root = next(r for r in page.context["rows"] if r["unit_id"] == barometer.root.pk)
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal(str(round(root["pct"], 2)))


def test_publishing_a_campaign_recomputes_its_barometer_indicators_in_a_background_job(
    organisation, root_unit, school, plan, axis, programme_lead, django_capture_on_commit_callbacks
):
    barometer = build_world(organisation, root_unit, school, programme_lead, publish=False)
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Relations de travail favorables",
        computation=Computation.BAROMETER_DIMENSION,
        questionnaire=barometer.questionnaire,
        source_key="relations",
    )
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        survey_services.campaign_publish(campaign=barometer.campaign, by=programme_lead)
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.value is not None and value.source_campaign == barometer.campaign
    job = Job.objects.filter(kind="indicators_recompute").first()
    assert job is not None and job.status == JobStatus.DONE and job.percent == 100


def test_counts_of_actions_by_status_follow_status_changes(
    plan, axis, action, other_action, action_lead, programme_lead, django_capture_on_commit_callbacks
):
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Actions en cours",
        computation=Computation.ACTIONS_BY_STATUS,
        source_key="in_progress",
    )
    assert IndicatorValue.objects.get(indicator=indicator).value == 0
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update_post(
            action=action, by=action_lead, text="Lancement.", status="in_progress"
        )
    assert IndicatorValue.objects.get(indicator=indicator).value == 1


def test_updates_posted_are_counted_per_school_year(
    plan, axis, action, action_lead, programme_lead, django_capture_on_commit_callbacks
):
    plan_services.action_update_post(action=action, by=action_lead, text="Premier point.")
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Points d'avancement publiés",
        computation=Computation.UPDATES_POSTED,
    )
    this_year = min(school_year_of(timezone.localdate()), plan.last_school_year)
    values = dict(IndicatorValue.objects.filter(indicator=indicator).values_list("school_year", "value"))
    assert values[this_year] == 1 and values[2023] == 0


def test_the_recompute_button_runs_a_job_with_a_progress_page(
    client, plan, axis, barometer, programme_lead, django_capture_on_commit_callbacks
):
    computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Relations",
        computation=Computation.BAROMETER_DIMENSION,
        questionnaire=barometer.questionnaire,
        source_key="relations",
    )
    client.force_login(programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:recompute", args=[plan.pk]))
    job = Job.objects.filter(kind="indicators_recompute").order_by("-created_at").first()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "100 %" in page and "1 indicateur(s) calculé(s)." in page


def test_a_year_without_campaign_has_no_value(plan, axis, programme_lead, django_capture_on_commit_callbacks):
    from analytics.tests.test_results_world import make_questionnaire

    questionnaire = make_questionnaire(plan.organisation)
    indicator = computed(
        plan,
        programme_lead,
        django_capture_on_commit_callbacks,
        name="Relations",
        computation=Computation.BAROMETER_DIMENSION,
        questionnaire=questionnaire,
        source_key="relations",
    )
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()  # no campaign, no value
