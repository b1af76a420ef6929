"""The themes a story is filed under: the QVT dimensions of the plan and barometer, and the six Gollac axes.

Stored on a story as a delimited string (``,relations,gollac:autonomy,``) so that one ``contains`` filter works the
same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from prevention.models import GollacAxis

# The plan's dimensions (the four axes of seed 002 and the barometer's blocks).
QVT_DIMENSIONS: list[tuple[str, Any]] = [
    ("relations", _("Relations de travail et climat social")),
    ("conditions", _("Cadre et conditions de travail")),
    ("recognition", _("Reconnaissance et valorisation du travail")),
    ("culture", _("Culture commune de la QVT, management")),
    ("balance", _("Équilibre vie professionnelle – vie personnelle")),
    ("health", _("Santé au travail, prévention")),
    ("expression", _("Expression et participation des agents")),
]

THEME_CHOICES: list[tuple[str, Any]] = [
    *QVT_DIMENSIONS,
    *[(f"gollac:{value}", label) for value, label in GollacAxis.choices],
]
THEME_LABELS = dict(THEME_CHOICES)


def encode(codes: list[str]) -> str:
    known = [code for code, _label in THEME_CHOICES if code in set(codes)]
    return f",{','.join(known)}," if known else ""


def decode(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]
