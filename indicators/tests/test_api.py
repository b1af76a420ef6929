"""The indicators in the JSON API: a plan's indicators and one indicator, with values and targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import services
from indicators.models import IndicatorValue, ValueStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(plan, indicator, programme_lead, action_lead):
    services.value_enter(
        indicator=indicator,
        plan=plan,
        by=programme_lead,
        school_year=2023,
        sub_period=1,
        value=Decimal(80),
        comment="Premier module.",
    )
    services.value_enter(
        indicator=indicator, plan=plan, by=action_lead, school_year=2024, sub_period=1, value=Decimal(999)
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        school_year=2025,
        sub_period=1,
        value=None,
        suppressed=True,
        status=ValueStatus.COMPUTED,
    )


def test_plan_indicators_list_validated_and_computed_values_with_targets(
    client, plan, indicator, values, agent
):
    client.force_login(agent)
    response = client.get(f"/api/plans/{plan.pk}/indicators/")
    assert response.status_code == 200
    [row] = response.json()
    assert row["name"] == "Personnels formés" and row["action_code"] == "1.1" and row["kind"] == "follow_up"
    assert row["targets"] == [{"school_year": 2023, "value": 100.0}, {"school_year": 2024, "value": 250.0}]
    assert [(v["school_year"], v["value"], v["suppressed"]) for v in row["values"]] == [
        (2023, 80.0, False),
        (2025, None, True),  # the proposed 999 is not shown; the suppressed figure has no number
    ]
    assert row["values"][0]["comment"] == "Premier module."


def test_one_indicator_with_its_values(client, indicator, values, agent):
    client.force_login(agent)
    body = client.get(f"/api/indicators/{indicator.pk}/").json()
    assert body["id"] == indicator.pk and body["unit"] == "personnes"
    assert [v["status"] for v in body["values"]] == ["validated", "computed"]


def test_indicators_of_a_plan_one_may_not_read_are_404(client, plan, indicator, outsider):
    assert client.get(f"/api/indicators/{indicator.pk}/").status_code == 404  # anonymous: a staff plan
    client.force_login(outsider)
    assert client.get(f"/api/plans/{plan.pk}/indicators/").status_code == 404
    assert client.get(f"/api/indicators/{indicator.pk}/").status_code == 404


def test_the_openapi_schema_documents_the_indicators(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/plans/{id}/indicators/", "/api/indicators/{id}/"} <= set(schema["paths"])
    value = schema["components"]["schemas"]["IndicatorValueOut"]["properties"]
    assert "suppressed" in value and value["value"]["anyOf"][1] == {"type": "null"}
