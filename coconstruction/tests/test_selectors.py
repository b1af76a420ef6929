import pytest

from coconstruction.selectors import composition_of
from core.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_composition_counts_each_person_once_with_unknowns_last(organisation, root_unit):
    doubs = UnitFactory(organisation=organisation, parent=root_unit, departement="Doubs")
    jura = UnitFactory(organisation=organisation, parent=root_unit, departement="Jura")
    nowhere = UnitFactory(organisation=organisation, parent=root_unit, departement="")
    people = [
        PersonFactory(organisation=organisation, unit=doubs, gender="F", job_family="Enseignant", user=None),
        PersonFactory(organisation=organisation, unit=doubs, gender="M", job_family="Enseignant", user=None),
        PersonFactory(organisation=organisation, unit=jura, gender="F", job_family="Gestionnaire", user=None),
        PersonFactory(organisation=organisation, unit=nowhere, gender="", job_family="", user=None),
    ]
    composition = composition_of([*people, people[0]])
    assert composition.total == 4
    assert composition.genders == [("Femme", 2), ("Homme", 1), ("Non renseigné", 1)]
    assert composition.departements == [("Doubs", 2), ("Jura", 1), ("Non renseigné", 1)]
    assert composition.job_families == [("Enseignant", 2), ("Gestionnaire", 1), ("Non renseigné", 1)]
    assert not composition.size_is_recommended
