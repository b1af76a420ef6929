import pytest
from django.core.exceptions import ValidationError

from prevention.scoring import score


@pytest.mark.parametrize(
    ("severity", "frequency", "expected_score", "level"),
    [(1, 9, 9, "low"), (10, 1, 10, "medium"), (5, 9, 45, "medium"), (7, 7, 49, "high"), (10, 9, 90, "high")],
)
def test_french_method_levels_at_their_boundaries(severity, frequency, expected_score, level):
    _, total, got = score("french", {"severity": severity, "frequency": frequency})
    assert (total, got) == (expected_score, level)


@pytest.mark.parametrize(
    ("probability", "frequency", "effect", "expected_score", "level"),
    [
        (3, 1, 5, 15, "low"),
        (1, 4, 4, None, None),
        (1, 4, 5, 20, "medium"),
        (5, 1, 10, 50, "medium"),
        (3, 4, 5, 60, "high"),
    ],
)
def test_kinney_levels_at_their_boundaries(probability, frequency, effect, expected_score, level):
    inputs = {"probability": probability, "frequency": frequency, "effect": effect}
    if expected_score is None:
        with pytest.raises(ValidationError):
            score("kinney", inputs)
        return
    _, total, got = score("kinney", inputs)
    assert (total, got) == (expected_score, level)


def test_kinney_sixteen_is_medium():
    # 16 is not a reachable Kinney product ({1,3,5}×{1,4,7}×{1,5,10}); the level function draws the line.
    from prevention.scoring import METHODS

    assert METHODS["kinney"].level(15) == "low"
    assert METHODS["kinney"].level(16) == "medium"
    assert METHODS["kinney"].level(51) == "high"


def test_french_nine_and_ten_by_the_level_function():
    from prevention.scoring import METHODS

    assert [METHODS["french"].level(s) for s in (9, 10, 45, 46, 49)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


@pytest.mark.parametrize(
    ("gravity", "frequency", "level"),
    [(1, 3, "low"), (2, 2, "medium"), (4, 2, "medium"), (3, 3, "high"), (4, 4, "high")],
)
def test_gravity_frequency_matrix_thresholds(gravity, frequency, level):
    assert score("gf4", {"gravity": gravity, "frequency": frequency})[2] == level


def test_values_outside_the_scale_are_refused_in_french():
    with pytest.raises(ValidationError) as caught:
        score("french", {"severity": 6, "frequency": 3})
    assert caught.value.message_dict["severity"] == ["Sévérité : choisissez une valeur parmi 1, 5, 7, 10."]
    with pytest.raises(ValidationError) as caught:
        score("gf4", {"gravity": "abc"})
    assert set(caught.value.message_dict) == {"gravity", "frequency"}
