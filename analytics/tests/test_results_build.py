"""Result tables built from real survey data: figures equal a hand computation; suppression; trend."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from analytics import selectors, services
from analytics.models import ResultSet, ResultUnit
from analytics.tests.test_results_world import (
    answers,
    build_world,
    make_questionnaire,
    make_tree,
    run_campaign,
    standard_responses,
)
from organisations.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation, root_unit, school, programme_lead):
    return build_world(organisation, root_unit, school, programme_lead)


def _items(result):
    return {item["key"]: item for dim in result["dimensions"] for item in dim["items"]}


def test_school_figures_equal_a_hand_computation(world):
    result = selectors.result_for(result_set=world.result_set, unit=world.school)
    assert result["suppressed"] is False and result["n"] == 12
    items = _items(result)
    ambiance = items["q_ambiance"]  # 5 5 4 4 4 3 3 2 2 1, one "not concerned", one missing
    assert ambiance["n_answered"] == 10
    assert ambiance["n_not_concerned"] == 1 and ambiance["n_missing"] == 1
    assert ambiance["pct_favourable"] == pytest.approx(50.0)
    assert ambiance["mean"] == pytest.approx(3.3)
    assert [d["count"] for d in ambiance["distribution"]] == [1, 2, 2, 3, 2]
    low, high = ambiance["ci95_pct_favourable"]  # Wilson 5/10: 23.7 % – 76.3 %
    assert low == pytest.approx(23.66, abs=0.01) and high == pytest.approx(76.34, abs=0.01)
    tensions = items["q_tensions"]  # reversed: 1 and 2 are favourable; mean on the scale as answered
    assert tensions["n_answered"] == 12
    assert tensions["pct_favourable"] == pytest.approx(100 * 5 / 12)
    assert tensions["mean"] == pytest.approx(39 / 12)
    assert [(d["value"], d["count"]) for d in tensions["distribution"]] == [
        (1, 3),
        (2, 2),
        (3, 1),
        (4, 1),
        (5, 5),
    ]
    global_ = items["q_global"]  # 0-10: 7 and more are favourable
    assert global_["pct_favourable"] == pytest.approx(100 * 5 / 12)
    assert global_["mean"] == pytest.approx(62 / 12)
    assert len(global_["distribution"]) == 11
    relations = next(d for d in result["dimensions"] if d["code"] == "relations")
    assert relations["pct_favourable"] == pytest.approx((50.0 + 100 * 5 / 12) / 2)
    invited = Person.objects.filter(unit=world.school).count()
    assert result["participation"] == {
        "suppressed": False,
        "respondents": 12,
        "invited": invited,
        "rate": 12 / invited,
    }
    # comparison with the whole organisation: 25 respondents, 23 answered q_ambiance, 15 favourable
    assert result["organisation"]["n"] == 25
    assert ambiance["organisation"]["pct_favourable"] == pytest.approx(100 * 15 / 23)
    assert ambiance["organisation"]["delta_pts"] == pytest.approx(50.0 - 100 * 15 / 23)


def test_small_unit_and_its_complement_in_the_tree_are_suppressed_without_any_number(world):
    rs = world.result_set
    assert selectors.result_for(result_set=rs, unit=world.tiny) == {"suppressed": True}
    # the root (25) minus the college (12) would give the tiny unit's 3: the lycée is hidden too
    assert selectors.result_for(result_set=rs, unit=world.lycee) == {"suppressed": True}
    root = selectors.result_for(result_set=rs, unit=world.root)
    school = selectors.result_for(result_set=rs, unit=world.school)
    assert root["n"] - school["n"] >= 5
    heatmap = selectors.heatmap_for(result_set=rs, unit=world.root)
    rows = {row["unit"]["name"]: row for row in heatmap["rows"]}
    assert rows["Petit collège"] == {
        "unit": {"id": world.tiny.pk, "name": "Petit collège"},
        "suppressed": True,
    }
    assert rows["Lycée Pasteur"]["suppressed"] and rows["Collège Victor-Hugo"]["n"] == 12


def test_stored_blob_of_a_suppressed_unit_holds_no_count(world):
    row = ResultUnit.objects.get(result_set=world.result_set, unit=world.tiny)
    from analytics import disclosure

    cube, mask = disclosure.unpack_unit(bytes(row.blob))
    assert not mask.any() and not cube.counts.any() and not cube.hist.any()
    assert isinstance(world.result_set.built_on, datetime.date)
    assert not isinstance(world.result_set.built_on, datetime.datetime)


def test_filter_whose_complement_is_below_five_is_refused(world):
    rs = world.result_set
    # the college has 8 women and 4 men: "women" would reveal the 4 men by difference
    assert selectors.result_for(result_set=rs, unit=world.school, attribute="gender", value="F") == {
        "suppressed": True
    }
    options = selectors.filter_options(rs, world.school)
    assert options[0]["attribute"] == "gender" and options[0]["available"] is False
    women = selectors.result_for(result_set=rs, unit=world.root, attribute="gender", value="F")
    assert women["n"] == 8 + 5 + 3 and women["filter"]["value_label"] == "Femme"
    assert women["participation"] is None
    with pytest.raises(selectors.FilterError):
        selectors.result_for(result_set=rs, unit=world.root, attribute="age_band", value="x")


def test_comments_are_shown_from_ten_moderated_and_shuffled(world):
    shown = selectors.comments_for(world.result_set, world.school)
    assert shown[0]["shown"] and sorted(shown[0]["comments"]) == sorted(
        f"Commentaire numéro {i}" for i in range(10)
    )
    assert not any("Jean" in text for text in shown[0]["comments"])
    orders = {tuple(selectors.comments_for(world.result_set, world.school)[0]["comments"]) for _ in range(5)}
    assert len(orders) > 1
    assert selectors.comments_for(world.result_set, world.lycee)[0]["shown"] is False


def test_trend_against_the_previous_year_is_flagged_only_when_significant(
    organisation, root_unit, school, programme_lead
):
    questionnaire = make_questionnaire(organisation)
    lycee, tiny = make_tree(organisation, root_unit, school)
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    before = [(school, "F", answers(2, 3, 8 if i < 4 else 6)) for i in range(12)]
    before += [(u, "F", answers(2, 3, 6)) for u in (lycee,) * 10 + (tiny,) * 3]
    run_campaign(
        organisation, questionnaire, root_unit, programme_lead, before, title="2025", opens_on=last_year
    )
    now = run_campaign(
        organisation, questionnaire, root_unit, programme_lead, standard_responses(school, lycee, tiny)
    )
    result = selectors.result_for(result_set=now.result_set, unit=school)
    assert result["trend"] == {"suppressed": False, "campaign": result["trend"]["campaign"], "n_before": 12}
    items = _items(result)
    assert items["q_ambiance"]["trend"]["delta_pts"] == pytest.approx(50.0)
    assert items["q_ambiance"]["trend"]["significant"] is True  # 0/10 -> 5/10: p ≈ 0.01
    assert items["q_global"]["trend"]["delta_pts"] == pytest.approx(100 * 1 / 12)
    assert items["q_global"]["trend"]["significant"] is False  # 4/12 -> 5/12
    # the lycée is hidden this year: no trend at all, only the word "suppressed"
    assert selectors.result_for(result_set=now.result_set, unit=lycee) == {"suppressed": True}


@pytest.mark.django_db(transaction=True)
def test_build_job_runs_in_the_real_database_worker_with_ids_only(
    settings, organisation, root_unit, school, programme_lead
):
    world = build_world(organisation, root_unit, school, programme_lead)
    ResultSet.objects.all().delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()
    job = services.results_build_start(campaign=world.campaign, by=programme_lead)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {
        "args": [],
        "kwargs": {"job_id": str(job.pk), "campaign_id": world.campaign.pk},
    }
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total
    assert ResultSet.objects.get().units.count() == 4
