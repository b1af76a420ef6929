"""Scoring methods of the register, as pure functions: inputs → (score, level).

- ``gf4``: gravity {1..4} × frequency {1..4} = 1..16. Thresholds (INRS-style 4 × 4 matrix): score ≤ 3 low,
  4 ≤ score ≤ 8 medium, score ≥ 9 high (so G3×F3, G4×F3 and G4×F4 are high; G4×F2 and G2×F4 medium).
- ``french``: severity {1, 5, 7, 10} × frequency {1, 3, 7, 9}: < 10 low, ≤ 45 medium, above high.
- ``kinney``: probability {1, 3, 5} × frequency {1, 4, 7} × effect {1, 5, 10}: ≤ 15 low, ≤ 50 medium, above high.

An input outside the method's scale raises ``ValidationError`` with a French message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOW, MEDIUM, HIGH = "low", "medium", "high"


@dataclass(frozen=True)
class Method:
    code: str
    scales: dict[str, tuple[int, ...]]
    labels: dict[str, Any]

    def level(self, score: int) -> str:
        if self.code == "gf4":
            return LOW if score <= 3 else MEDIUM if score <= 8 else HIGH
        if self.code == "french":
            return LOW if score < 10 else MEDIUM if score <= 45 else HIGH
        return LOW if score <= 15 else MEDIUM if score <= 50 else HIGH


METHODS: dict[str, Method] = {
    "gf4": Method(
        "gf4",
        {"gravity": (1, 2, 3, 4), "frequency": (1, 2, 3, 4)},
        {"gravity": gettext_lazy("Gravité"), "frequency": gettext_lazy("Fréquence")},
    ),
    "french": Method(
        "french",
        {"severity": (1, 5, 7, 10), "frequency": (1, 3, 7, 9)},
        {"severity": gettext_lazy("Sévérité"), "frequency": gettext_lazy("Fréquence")},
    ),
    "kinney": Method(
        "kinney",
        {"probability": (1, 3, 5), "frequency": (1, 4, 7), "effect": (1, 5, 10)},
        {
            "probability": gettext_lazy("Probabilité"),
            "frequency": gettext_lazy("Fréquence"),
            "effect": gettext_lazy("Effet"),
        },
    ),
}


def score(method: str, inputs: Mapping[str, object]) -> tuple[dict[str, int], int, str]:
    """Check ``inputs`` against the method's scales; return the cleaned inputs, the score and the level."""
    if method not in METHODS:
        raise ValidationError({"method": _("Méthode de cotation inconnue.")})
    spec = METHODS[method]
    cleaned: dict[str, int] = {}
    errors: dict[str, str] = {}
    for name, scale in spec.scales.items():
        raw = inputs.get(name)
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            value = None
        if value is None or value not in scale or str(raw).strip() != str(value):
            errors[name] = _("%(label)s : choisissez une valeur parmi %(values)s.") % {
                "label": spec.labels[name],
                "values": ", ".join(map(str, scale)),
            }
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    total = 1
    for value in cleaned.values():
        total *= value
    return cleaned, total, spec.level(total)
