"""The cube built from the answers the count holds in memory equals the cube rebuilt from the stored answers.

Real ballots (``response_submit``: sealed, padded), a real count (keys deposited, ``ballot_box_open``), with a
reversed item, a 0-10 item, « non concerné·e », unanswered items, a unit too small (generalised up the tree)
and two reporting attributes (coarsened); once in this process and once through the pool of worker processes.
"""

from __future__ import annotations

import numpy as np
import pytest

from analytics import services
from analytics.tests.test_results_world import make_questionnaire
from core.tests.factories import PersonFactory, UnitFactory
from surveys import services as survey_services
from surveys import trustees
from surveys.models import Response
from surveys.tests.box import open_box
from surveys.tests.conftest import make_campaign, open_and_collect_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(settings, organisation, root_unit, school, programme_lead, django_capture_on_commit_callbacks):
    """Open a campaign, collect 27 submissions, close it; returns a function that opens the box."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SURVEYS_SMTP_BACKOFF = 0
    lycee = UnitFactory(organisation=organisation, parent=root_unit, code="LYCEE", name="Lycée Pasteur")
    tiny = UnitFactory(organisation=organisation, parent=root_unit, code="PETIT", name="Petit collège")
    n = 0
    for unit, size in ((school, 13), (lycee, 11), (tiny, 3)):
        for _ in range(size):
            PersonFactory(
                organisation=organisation,
                unit=unit,
                user=None,
                email=f"agent{n}@test.fr",
                gender="FMX"[n % 3] if n % 7 else "",
                category="AB"[n % 2],
            )
            n += 1
    questionnaire = make_questionnaire(organisation)
    campaign = make_campaign(
        organisation, questionnaire, [root_unit], programme_lead, reporting_attributes=["gender", "category"]
    )
    keys = campaign.test_keys
    tokens = open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)
    for i, token in enumerate(tokens):
        raw = {
            "q_ambiance": [1, 2, 3, 4, 5, -2][i % 6],
            "q_tensions": 1 + (i * 3) % 5,
            "q_global": (i * 7) % 11,
            "t_ameliorer": "Plus de temps d'équipe." if i % 4 == 0 else "",
        }
        if i % 5 == 0:
            del raw["q_tensions"]  # unanswered
        survey_services.response_submit(token=token, raw=raw)
    survey_services.campaign_close(campaign=campaign, by=programme_lead)
    campaign.refresh_from_db()
    return campaign, keys, len(tokens)


def _same_cube(a, b):
    for name in ("parent", "unit_ids", "view_attr", "view_value", "counts", "direct", "hist", "item_scale"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def _check(campaign, count, submitted, monkeypatch):
    assert count.ballots == submitted and count.stored == Response.objects.filter(campaign=campaign).count()
    assert count.opened is not None and len(count.opened.unit_ids) == count.stored > 0
    with monkeypatch.context() as patch:  # the in-memory path never reads the stored answers back
        patch.setattr(services, "responses_for_results", lambda c: pytest.fail("stored answers read"))
        from_memory = services.results_cube(campaign, count.opened)
    from_storage = services.results_cube(campaign)
    assert from_memory.attr_json == from_storage.attr_json
    _same_cube(from_memory.cube, from_storage.cube)
    assert int(from_memory.cube.counts[0, 0]) == count.stored
    # reversed item turned, « non concerné·e » and unanswered kept apart: some of each bin is filled
    assert from_memory.cube.hist[0, 0, :, :2].sum() > 0


def test_cube_from_the_opened_box_equals_the_cube_of_the_stored_answers(counted, monkeypatch):
    campaign, keys, submitted = counted
    count = open_box(campaign, keys)
    _check(campaign, count, submitted, monkeypatch)
    result_set = services.results_build(campaign=campaign, opened=count.opened)
    assert result_set.units.count() == 4


def test_the_pool_of_worker_processes_opens_the_same_ballots(counted, monkeypatch):
    campaign, keys, submitted = counted
    monkeypatch.setattr(trustees, "POOL_MIN_BALLOTS", 4)
    monkeypatch.setattr(trustees, "CHUNK_BALLOTS", 3)
    monkeypatch.setattr(trustees.os, "cpu_count", lambda: 2)
    started = []
    real_pool = trustees.multiprocessing.get_context("spawn").Pool

    class Context:
        def Pool(self, *args, **kwargs):  # noqa: N802 - multiprocessing's name
            started.append(args)
            return real_pool(*args, **kwargs)

    monkeypatch.setattr(trustees.multiprocessing, "get_context", lambda method: Context())
    count = open_box(campaign, keys)
    assert started == [(2,)]
    _check(campaign, count, submitted, monkeypatch)
