"""Reads for co-construction: the composition of a working group at a glance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coconstruction.models import WorkingGroup
from organisations.models import Gender, Person

RECOMMENDED_SIZE = (7, 8)


@dataclass(frozen=True)
class Composition:
    """Counts over the group's members and leads (each person once)."""

    total: int
    genders: list[tuple[str, int]]
    departements: list[tuple[str, int]]
    job_families: list[tuple[str, int]]

    @property
    def size_is_recommended(self) -> bool:
        return RECOMMENDED_SIZE[0] <= self.total <= RECOMMENDED_SIZE[1]


def _sorted(counter: Counter[str], unknown: str) -> list[tuple[str, int]]:
    """Most frequent first, then alphabetical; the "not given" bucket always last."""
    known = sorted(((k, v) for k, v in counter.items() if k != unknown), key=lambda kv: (-kv[1], kv[0]))
    return known + ([(unknown, counter[unknown])] if counter.get(unknown) else [])


def composition_of(people: Iterable[Person]) -> Composition:
    """Gender balance, geography (département of each person's unit) and job families of a set of people."""
    unknown = _("Non renseigné")
    unique = {p.pk: p for p in people}.values()
    labels = dict(Gender.choices)
    genders: Counter[str] = Counter()
    departements: Counter[str] = Counter()
    jobs: Counter[str] = Counter()
    for person in unique:
        genders[str(labels[person.gender]) if person.gender in labels else unknown] += 1
        departements[person.unit.departement.strip() or unknown] += 1
        jobs[person.job_family.strip() or unknown] += 1
    return Composition(
        total=len(unique),
        genders=_sorted(genders, unknown),
        departements=_sorted(departements, unknown),
        job_families=_sorted(jobs, unknown),
    )


def group_people(group: WorkingGroup) -> tuple[list[Person], list[Person]]:
    """The group's leads and its other members, with their units, in two queries."""
    leads = list(group.leads.select_related("unit").order_by("last_name", "first_name"))
    lead_ids = {p.pk for p in leads}
    members = [
        p
        for p in group.members.select_related("unit").order_by("last_name", "first_name")
        if p.pk not in lead_ids
    ]
    return leads, members
