import pytest

from conftest import _staff
from prevention import services
from prevention.models import WorkUnit


@pytest.fixture
def adviser(organisation, root_unit):
    return _staff(organisation, root_unit, "prevention@test.fr", "prevention_adviser")


@pytest.fixture
def work_unit(organisation, school):
    wu = WorkUnit.objects.create(organisation=organisation, name="Vie scolaire", code="VS1", headcount=12)
    wu.units.set([school])
    return wu


@pytest.fixture
def other_work_unit(organisation, root_unit):
    wu = WorkUnit.objects.create(organisation=organisation, name="Services du rectorat", code="RECT")
    wu.units.set([root_unit])
    return wu


@pytest.fixture
def risk(organisation, adviser, work_unit):
    return services.risk_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        danger_family="noise",
        exposure_situation="Cantine à midi",
        exposed_count=4,
    )


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
