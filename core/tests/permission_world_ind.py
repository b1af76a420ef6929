"""The indicators part of the permission matrix's world (``core/tests/permission_world.py``).

Three indicators of the staff plan, made with the services as the programme lead would: one of action 1.1 (led
by the ``action_lead`` user, who proposed a value of it waiting for validation), one of action 1.2 (led by
nobody of the matrix) and one computed from the published barometer for the whole organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from indicators import services
from indicators.models import Computation, Indicator, IndicatorKind, IndicatorValue
from plans.models import Action, Plan
from surveys.models import Campaign


@dataclass
class IndicatorWorld:
    indicator: Indicator  # of action 1.1: its lead enters values
    other_indicator: Indicator  # of action 1.2: the matrix's action lead may not
    computed_indicator: Indicator  # % favourable of a barometer dimension, from the published campaign
    proposed_value: IndicatorValue  # proposed by the action lead, waiting for the programme lead


def build_indicator_world(
    *, plan: Plan, action: Action, other_action: Action, campaign: Campaign, users: dict[str, User]
) -> IndicatorWorld:
    pilot, lead = users["programme_lead"], users["action_lead"]
    indicator = services.indicator_create(
        plan=plan,
        by=pilot,
        axis_number=1,
        action_lineage=action.lineage,
        name="Personnels formés à la relation à l'usager",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
        targets={2023: Decimal(100)},
    )
    other = services.indicator_create(
        plan=plan,
        by=pilot,
        axis_number=1,
        action_lineage=other_action.lineage,
        name="Nouveaux arrivants parrainés",
        kind=IndicatorKind.FOLLOW_UP,
    )
    computed = services.indicator_create(
        plan=plan,
        by=pilot,
        axis_number=1,
        name="Ambiance et relations de travail (% favorable)",
        kind=IndicatorKind.RESULT,
        unit="%",
        computation=Computation.BAROMETER_DIMENSION,
        questionnaire=campaign.questionnaire,
        source_key="relations",
    )
    proposed = services.value_enter(
        indicator=indicator, plan=plan, by=lead, school_year=2023, sub_period=1, value=Decimal(42)
    )
    return IndicatorWorld(
        indicator=indicator, other_indicator=other, computed_indicator=computed, proposed_value=proposed
    )
