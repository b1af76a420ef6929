"""The official list shipped as data: 101 départements (2A/2B, five overseas) and régions derived by INSEE code."""

import pytest
from django.core.exceptions import ValidationError

from practices import geography


def test_the_list_has_the_101_departements_with_corsica_and_the_five_overseas_ones():
    codes = set(geography.departements())
    assert len(codes) == 101
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= codes
    assert "20" not in codes and "975" not in codes
    assert len(geography.regions()) == 18


@pytest.mark.parametrize(
    ("departement", "region", "name"),
    [
        ("33", "75", "Nouvelle-Aquitaine"),
        ("2A", "94", "Corse"),
        ("25", "27", "Bourgogne-Franche-Comté"),
        ("974", "04", "La Réunion"),
        ("976", "06", "Mayotte"),
        ("75", "11", "Île-de-France"),
    ],
)
def test_a_region_is_derived_from_its_departement(departement, region, name):
    assert geography.region_of(departement) == region
    assert geography.regions()[region].name == name


def test_an_unknown_code_is_refused_in_french():
    with pytest.raises(ValidationError) as refused:
        geography.validate_departement("20")
    assert "n'est pas un code de département INSEE" in refused.value.messages[0]
