"""The prevention part of the permission matrix's world (``core/tests/permission_world.py``): the register
(DUERP) and the prevention programme (PAPRIPACT), built with the services as the organisation's administrator
(who keeps the register, like a prevention adviser) would.

Two work units (the school and the other school), one risk in each (the school's owned by the manager, who is
asked to re-assess it), a published version, an RPS grid, the organisation's own RPS questions, a draft programme with one measure and last year's
adopted programme.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from core.tests.permission_world_surveys import Target
from organisations.models import Organisation, Unit
from prevention import selectors, services
from prevention.models import (
    Measure,
    Programme,
    ReassessmentRequest,
    RegisterPublication,
    RegisterVersion,
    Risk,
    RpsGrid,
    RpsQuestion,
    WorkUnit,
)


@dataclass
class PreventionWorld:
    work_unit: WorkUnit  # covers the school (the manager's)
    risk: Risk  # in the school's work unit, owned by the manager
    other_risk: Risk  # in the other school's work unit
    version: RegisterVersion  # published
    publication: RegisterPublication  # the (done) publication that built ``version``
    version_odt: Target  # its stored ODT file
    rps_grid: RpsGrid
    rps_question: RpsQuestion  # of the organisation's own grid (copied from the defaults after the grid)
    programme: Programme  # this year's, still a draft
    adopted_programme: Programme  # last year's, adopted with the F3SCT's opinion
    adopted_export: Target  # its ODS export
    measure: Measure  # in this year's programme, treats ``risk``
    reassessment: ReassessmentRequest  # asked of the manager


def build_prevention_world(
    *, organisation: Organisation, school: Unit, other_school: Unit, users: dict[str, User]
) -> PreventionWorld:
    keeper, manager, rep = users["admin"], users["manager"], users["staff_rep"]
    work_unit = services.work_unit_create(
        organisation=organisation, by=keeper, name="Collège", units=[school]
    )
    other = services.work_unit_create(
        organisation=organisation, by=keeper, name="Lycée", units=[other_school]
    )
    risk = services.risk_create(
        organisation=organisation,
        by=keeper,
        work_unit=work_unit,
        danger_family="noise",
        exposure_situation="Cantine à midi",
        owner=manager,
    )
    other_risk = services.risk_create(
        organisation=organisation,
        by=keeper,
        work_unit=other,
        danger_family="screen",
        exposure_situation="Bureaux",
    )
    services.risk_assess(risk=risk, by=keeper, method="french", inputs={"severity": 5, "frequency": 3})
    version = services.register_publish(organisation=organisation, by=keeper)
    grid = services.rps_grid_create(
        organisation=organisation,
        by=keeper,
        work_unit=work_unit,
        held_on=timezone.localdate(),
        participant_count=4,
        participant_roles="3 AED, 1 CPE",
        answers={q.pk: 3 for q in selectors.rps_questions(organisation)},
    )
    rps_question = services.rps_questions_adopt_defaults(organisation=organisation, by=keeper)[0]
    year = timezone.localdate().year
    last = services.measure_create(
        organisation=organisation, by=keeper, title="Audit acoustique", due_date=datetime.date(year - 1, 6, 1)
    )
    adopted = services.programme_for_year(organisation=organisation, year=year - 1, by=keeper)
    services.programme_submit(programme=adopted, by=keeper, meeting_date=datetime.date(year - 1, 1, 15))
    services.programme_record_opinion(
        programme=adopted, by=rep, text="Avis favorable.", votes_for=5, votes_against=0, votes_abstain=1
    )
    services.programme_adopt(programme=adopted, by=keeper)
    assert last.year == year - 1
    measure = services.measure_create(
        organisation=organisation,
        by=keeper,
        title="Panneaux acoustiques",
        risks=[risk],
        due_date=datetime.date(year, 6, 1),
    )
    programme = services.programme_for_year(organisation=organisation, year=year, by=keeper)
    done = services.measure_create(organisation=organisation, by=keeper, title="Tapis de sol", risks=[risk])
    services.measure_complete(measure=done, by=keeper)  # the manager is asked to re-assess the risk
    return PreventionWorld(
        work_unit=work_unit,
        risk=risk,
        other_risk=other_risk,
        version=version,
        publication=version.publication,
        version_odt=Target(organisation=organisation, pk=version.pk, url_kwargs={"fmt": "odt"}),
        rps_grid=grid,
        rps_question=rps_question,
        programme=programme,
        adopted_programme=adopted,
        adopted_export=Target(organisation=organisation, pk=adopted.pk, url_kwargs={"fmt": "ods"}),
        measure=measure,
        reassessment=ReassessmentRequest.objects.get(risk=risk),
    )
