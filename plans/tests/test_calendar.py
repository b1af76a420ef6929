import datetime

import pytest
from django.urls import reverse

from plans.models import Plan
from plans.selectors import plan_terms


def test_terms_cover_each_school_year_without_gaps():
    plan = Plan(first_school_year=2023, last_school_year=2026)
    terms = plan_terms(plan)
    assert len(terms) == 12
    assert (terms[0].start, terms[0].end) == (datetime.date(2023, 9, 1), datetime.date(2023, 12, 31))
    assert (terms[1].start, terms[1].end) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert (terms[2].start, terms[2].end) == (datetime.date(2024, 4, 1), datetime.date(2024, 8, 31))
    assert terms[-1].end == datetime.date(2027, 8, 31)
    for before, after in zip(terms, terms[1:], strict=False):
        assert after.start == before.end + datetime.timedelta(days=1)


@pytest.fixture
def calendar_page(client, agent, action, barometer_action):
    client.force_login(agent)
    response = client.get(reverse("plans:calendar", args=[action.plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _row(page, code):
    start = page.index(f">{code}</a>")
    return page[start : page.index("</tr>", start)]


def test_calendar_has_school_years_and_terms_as_columns(calendar_page):
    for year in ["2023-2024", "2024-2025", "2025-2026", "2026-2027"]:
        assert f'<th scope="colgroup" colspan="3">{year}</th>' in calendar_page
    assert "2023-2024, trimestre 1" in calendar_page
    assert calendar_page.count('<th scope="col">') == 13
    assert "<script" not in calendar_page.split('id="contenu"')[1].split("</main>")[0]


def test_calendar_groups_actions_by_axis(calendar_page):
    axis1 = calendar_page.index("Axe 1 — Développer des relations")
    axis3 = calendar_page.index("Axe 3 — Valoriser")
    assert axis1 < calendar_page.index(">1.1</a>") < axis3 < calendar_page.index(">3.5</a>")
    assert calendar_page.count('scope="rowgroup"') == 2


def test_active_cells_are_marked_for_screen_readers(calendar_page):
    row = _row(calendar_page, "1.1")  # September 2023 to June 2025: terms 1 to 6 of 12
    cells = row.split("<td")[1:]
    assert len(cells) == 12
    active = [i for i, cell in enumerate(cells) if 'class="qv-on"' in cell]
    assert active == [0, 1, 2, 3, 4, 5]
    assert all("en cours de déploiement" in cells[i] for i in active)
    assert "en cours de déploiement" not in cells[6]


def test_action_without_end_runs_to_the_end_of_the_plan(calendar_page):
    cells = _row(calendar_page, "3.5").split("<td")[1:]  # from January 2024
    assert ['class="qv-on"' in cell for cell in cells] == [False] + [True] * 11


def test_milestones_appear_with_their_date_in_their_term(calendar_page):
    cells = _row(calendar_page, "1.1").split("<td")[1:]
    assert "Jalon : Module en ligne (15/03/2024)" in cells[1]
    assert "Jalon : Bilan de la première session (01/06/2025)" in cells[5]


def test_undated_actions_are_said_so(client, agent, action, programme_lead):
    from plans import services

    services.action_update(action=action, by=programme_lead, start_date=None, end_date=None)
    client.force_login(agent)
    page = client.get(reverse("plans:calendar", args=[action.plan.pk])).content.decode()
    assert "dates non renseignées" in page
    assert 'class="qv-on"' not in page
