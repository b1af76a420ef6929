"""Every work unit has a code, which is how forms pick it: one saved without a code gets ``UT<id>``, the default
work units too when their unit's code is already taken — and a risk on such a work unit can be edited."""

import pytest
from django.urls import reverse

from prevention import services
from prevention.models import Risk, WorkUnit

pytestmark = pytest.mark.django_db


def test_a_work_unit_saved_without_a_code_gets_an_automatic_one_and_its_risk_can_be_edited(
    client, organisation, school, adviser
):
    work_unit = WorkUnit.objects.create(organisation=organisation, name="Accueil")
    work_unit.units.set([school])
    assert work_unit.code == f"UT{work_unit.pk}" == WorkUnit.objects.get(pk=work_unit.pk).code
    risk = services.risk_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        danger_family="noise",
        exposure_situation="File d'attente bruyante",
    )
    client.force_login(adviser)
    page = client.get(reverse("prevention:risk_edit", args=[risk.pk])).content.decode()
    assert f'value="UT{work_unit.pk}"' in page
    response = client.post(
        reverse("prevention:risk_edit", args=[risk.pk]),
        {
            "work_unit": work_unit.code,
            "danger_family": "noise",
            "exposure_situation": "File d'attente bruyante, aux heures d'ouverture",
            "exposed_count": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Risk.objects.get(pk=risk.pk).exposed_count == 3


def test_default_work_units_whose_unit_code_is_taken_get_an_automatic_code(organisation, school, adviser):
    WorkUnit.objects.create(organisation=organisation, name="Déjà là", code=school.code)
    services.work_units_default(organisation)
    assert not WorkUnit.objects.filter(organisation=organisation, code="").exists()
    covering = WorkUnit.objects.get(organisation=organisation, units=school)
    assert covering.code == f"UT{covering.pk}"
