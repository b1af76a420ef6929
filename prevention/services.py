"""Writes of the risk register and the prevention programme.

Minimal versions written on the field branch (where the prevention app had no services yet) with the signatures
agreed with the prevention app's author: the coordinator keeps the prevention app's own versions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from organisations.models import Organisation
from prevention.models import Measure, Risk, WorkUnit


@transaction.atomic
def risk_create(
    *,
    organisation: Organisation,
    by: Any,
    work_unit: WorkUnit,
    danger_family: str,
    exposure_situation: str,
    gollac_axis: str = "",
    exposed_count: int | None = None,
    existing_measures: str = "",
    owner: Any = None,
) -> Risk:
    risk = Risk(
        organisation=organisation,
        work_unit=work_unit,
        danger_family=danger_family,
        exposure_situation=exposure_situation,
        gollac_axis=gollac_axis,
        exposed_count=exposed_count,
        existing_measures=existing_measures,
        owner=owner,
    )
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def measure_create(
    *,
    organisation: Organisation,
    by: Any,
    title: str,
    description: str = "",
    risks: Iterable[Risk] = (),
    owner: Any = None,
    due_date: datetime.date | None = None,
) -> Measure:
    measure = Measure(
        organisation=organisation, title=title, description=description, owner=owner, due_date=due_date
    )
    measure.full_clean()
    measure.save()
    measure.risks.set(list(risks))
    return measure
