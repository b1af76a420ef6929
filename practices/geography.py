"""Départements and régions of France by their official INSEE codes (COG), shipped as data: no network needed.

``data/cog.json`` is extracted from ``@etalab/decoupage-administratif`` 6.0.0 (data: INSEE COG, Licence Ouverte):
the 96 metropolitan départements (2A and 2B for Corsica), the five overseas ones (971-974, 976) and their 18
régions. A région is always derived from its départements, never stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data" / "cog.json"
OVERSEAS = ("971", "972", "973", "974", "976")


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    region: str  # INSEE code of its région


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@cache
def _data() -> tuple[dict[str, Departement], dict[str, Region]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    departements = {d["code"]: Departement(d["code"], d["name"], d["region"]) for d in raw["departements"]}
    regions = {r["code"]: Region(r["code"], r["name"]) for r in raw["regions"]}
    return departements, regions


def departements() -> dict[str, Departement]:
    return _data()[0]


def regions() -> dict[str, Region]:
    return _data()[1]


def region_of(code: str) -> str:
    """The INSEE code of the département's région ("" for an unknown département)."""
    found = departements().get(code)
    return found.region if found else ""


def departements_of(region: str) -> list[str]:
    return [d.code for d in departements().values() if d.region == region]


def departement_choices() -> list[tuple[str, str]]:
    return [(d.code, f"{d.code} — {d.name}") for d in departements().values()]


def region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in sorted(regions().values(), key=lambda r: r.name)]


def validate_departement(value: str) -> None:
    if value and value not in departements():
        raise ValidationError(
            _("« %(value)s » n'est pas un code de département INSEE (01 à 95, 2A, 2B, 971 à 976)."),
            params={"value": value},
        )
