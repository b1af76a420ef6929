import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.tests.factories import UnitFactory, UserFactory
from prevention import selectors, services
from prevention.models import GollacAxis, MeasureStatus, ProgrammeStatus, ReassessmentRequest, WorkUnit


def test_risk_create_adds_a_line_to_the_live_register(organisation, adviser, work_unit):
    risk = services.risk_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        danger_family="psychosocial",
        gollac_axis=GollacAxis.EMOTIONAL,
        exposure_situation="Accueil de familles en colère",
        exposed_count=3,
        owner=adviser,
    )
    assert list(selectors.live_risks(organisation)) == [risk]


def test_a_psychosocial_risk_needs_its_gollac_axis(organisation, adviser, work_unit):
    with pytest.raises(ValidationError) as caught:
        services.risk_create(
            organisation=organisation,
            by=adviser,
            work_unit=work_unit,
            danger_family="psychosocial",
            exposure_situation="Surcharge",
        )
    assert "axe psychosocial" in caught.value.message_dict["gollac_axis"][0]


def test_only_the_register_keepers_write_it(organisation, staff_rep, work_unit):
    with pytest.raises(PermissionDenied):
        services.risk_create(
            organisation=organisation,
            by=staff_rep,
            work_unit=work_unit,
            danger_family="noise",
            exposure_situation="x",
        )


def test_measure_create_links_the_risks(organisation, adviser, risk):
    measure = services.measure_create(
        organisation=organisation,
        by=adviser,
        title="Panneaux acoustiques",
        risks=[risk],
        due_date=datetime.date(2026, 6, 30),
    )
    assert list(measure.risks.all()) == [risk]
    assert measure.year == 2026
    assert list(selectors.measures_of_year(organisation, 2026)) == [measure]


def test_the_committee_path_needs_a_member_leaves_owner_and_risks_to_the_adviser(
    organisation, staff_rep, manager, risk
):
    with pytest.raises(PermissionDenied):
        services.measure_create(organisation=organisation, by=staff_rep, title="Salle calme")
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.measure_create(
            organisation=organisation, by=outsider, title="Salle calme", by_committee=True
        )
    with pytest.raises(ValidationError):
        services.measure_create(
            organisation=organisation, by=staff_rep, title="Salle calme", owner=manager, by_committee=True
        )
    with pytest.raises(ValidationError):
        services.measure_create(
            organisation=organisation, by=staff_rep, title="Salle calme", risks=[risk], by_committee=True
        )
    measure = services.measure_create(
        organisation=organisation,
        by=staff_rep,
        title="Salle calme",
        due_date=datetime.date(2027, 2, 1),
        by_committee=True,
    )
    assert measure.owner is None and measure.year == 2027
    assert organisation.prevention_programmes.get(year=2027).status == ProgrammeStatus.DRAFT


def test_default_work_units_cover_every_unit_once_in_bulk(
    organisation, root_unit, school, django_assert_max_num_queries
):
    for i in range(30):
        UnitFactory(organisation=organisation, parent=school, code=f"S{i}", name=f"École {i}")
    with django_assert_max_num_queries(6):
        created = services.work_units_default(organisation)
    assert created == 32
    assert services.work_units_default(organisation) == 0
    assert WorkUnit.objects.filter(organisation=organisation, units=school).count() == 1


def test_a_new_assessment_supersedes_the_previous_one_which_stays_readable(risk, adviser):
    first = services.risk_assess(
        risk=risk, by=adviser, method="french", inputs={"severity": 5, "frequency": 9}
    )
    second = services.risk_assess(
        risk=risk, by=adviser, method="kinney", inputs={"probability": 1, "frequency": 1, "effect": 1}
    )
    assert selectors.current_assessment(risk) == second
    assert list(risk.assessments.all()) == [second, first]
    assert (first.score, first.level) == (45, "medium")


def test_rps_grid_turns_into_psychosocial_lines_above_the_threshold(organisation, adviser, work_unit):
    questions = selectors.rps_questions(organisation)
    assert len(questions) == 26
    assert len({q.family for q in questions}) == 7
    answers = {q.pk: (4 if q.family in ("hours", "emotional") else 1) for q in questions}
    grid = services.rps_grid_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        held_on=datetime.date(2026, 3, 2),
        participant_count=6,
        participant_roles="4 assistants d'éducation, 1 CPE, 1 secrétaire",
        answers=answers,
    )
    risks = services.rps_grid_to_risks(grid=grid, by=adviser)
    assert sorted(r.gollac_axis for r in risks) == ["emotional", "intensity"]
    assert all(r.danger_family == "psychosocial" for r in risks)
    with pytest.raises(ValidationError):
        services.rps_grid_to_risks(grid=grid, by=adviser)


def test_programme_workflow_and_report(organisation, adviser, staff_rep, risk):
    done = services.measure_create(
        organisation=organisation,
        by=adviser,
        title="Panneaux",
        risks=[risk],
        due_date=datetime.date(2026, 5, 1),
    )
    late = services.measure_create(
        organisation=organisation, by=adviser, title="Formation", due_date=datetime.date(2026, 9, 1)
    )
    services.measure_update(
        measure=done, by=adviser, estimated_cost=Decimal("1000"), actual_cost=Decimal("1200")
    )
    services.measure_update(measure=late, by=adviser, estimated_cost=Decimal("500"))
    programme = services.programme_for_year(organisation=organisation, year=2026, by=adviser)
    with pytest.raises(ValidationError):
        services.programme_adopt(programme=programme, by=adviser)
    services.programme_submit(programme=programme, by=adviser, meeting_date=datetime.date(2026, 1, 15))
    services.programme_record_opinion(
        programme=programme,
        by=staff_rep,
        text="Avis favorable.",
        votes_for=5,
        votes_against=1,
        votes_abstain=2,
    )
    services.programme_adopt(programme=programme, by=adviser)
    assert programme.status == ProgrammeStatus.ADOPTED
    services.measure_complete(measure=done, by=adviser)
    report = selectors.programme_report(programme)
    assert (report["count"], report["done"], report["rate"]) == (2, 1, 50)
    assert (report["estimated"], report["actual"]) == (Decimal("1500"), Decimal("1200"))
    with pytest.raises(ValidationError) as caught:
        services.programme_report_finalise(programme=programme, by=adviser)
    assert "« Formation »" in caught.value.messages[0]
    services.measure_update(
        measure=late, by=adviser, status=MeasureStatus.NOT_DONE, not_done_reason="Budget gelé"
    )
    services.programme_report_finalise(programme=programme, by=adviser)
    assert programme.report_finalised_at is not None


def test_completing_a_measure_asks_the_risk_owner_to_reassess(organisation, adviser, manager, risk):
    services.risk_update(risk=risk, by=adviser, owner=manager)
    measure = services.measure_create(organisation=organisation, by=adviser, title="Panneaux", risks=[risk])
    services.measure_complete(measure=measure, by=adviser)
    assert [r.risk for r in selectors.pending_reassessments(manager)] == [risk]
    services.risk_assess(risk=risk, by=manager, method="gf4", inputs={"gravity": 2, "frequency": 1})
    assert not selectors.pending_reassessments(manager).exists()
    assert ReassessmentRequest.objects.get().done_at is not None
