"""Synthetic staff for the demo: names from short lists, HR attributes drawn with realistic proportions.

Everything comes from one seeded random generator, so every run produces the same people.
"""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from organisations.models import Organisation, Person, Unit

EMAIL_DOMAIN = "demo.qualivie.fr"

FIRST_NAMES_F = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Julie", "Sarah", "Laura", "Marine", "Pauline",
    "Céline", "Aurélie", "Isabelle", "Nathalie", "Sandrine", "Valérie", "Sophie", "Claire", "Anne",
    "Hélène", "Catherine", "Christine", "Sylvie", "Émilie", "Élodie", "Mélanie", "Audrey", "Lucie",
    "Margaux", "Inès", "Nadia", "Samira", "Fatou", "Yasmine", "Agathe", "Jeanne", "Louise", "Mathilde",
    "Estelle", "Véronique",
)  # fmt: skip
FIRST_NAMES_M = (
    "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Romain", "Guillaume", "Kevin",
    "Pierre", "Sébastien", "Laurent", "Philippe", "Christophe", "Frédéric", "Olivier", "Stéphane",
    "David", "Éric", "Patrick", "Jérôme", "Vincent", "François", "Mathieu", "Hugo", "Lucas", "Théo",
    "Louis", "Karim", "Mehdi", "Mamadou", "Yanis", "Bruno", "Denis", "Fabien", "Cédric", "Arnaud",
    "Benoît", "Grégoire", "Damien",
)  # fmt: skip
FIRST_NAMES_X = ("Alex", "Charlie", "Dominique", "Sacha", "Morgan", "Claude", "Eden", "Noa")
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure",
    "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand",
    "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel",
    "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas",
    "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt",
    "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine",
    "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey",
    "Jacquet", "Cuenot", "Vuillemin", "Bourgeon", "Jeannin", "Prost", "Monnier", "Guyon", "Cattin",
    "Faivre", "Jacquot", "Pernin", "Bailly", "Marguet", "Tissot", "Chopard", "Girardot", "Vernier",
    "Ben Ali", "Diallo", "Nguyen", "Da Silva", "Ferreira", "Yilmaz", "Haddad", "Kone",
)  # fmt: skip

ENSEIGNANT = "Enseignant"
CPE = "CPE"
AED = "AED"
ADMIN = "Personnel administratif"
ITRF = "ITRF"
SANTE_SOCIAL = "Santé-social"
DIRECTION = "Direction"
JOB_FAMILIES = (ENSEIGNANT, CPE, AED, ADMIN, ITRF, SANTE_SOCIAL, DIRECTION)
# Hospital job families (second demo organisation)
INFIRMIER = "Infirmier"
AIDE_SOIGNANT = "Aide-soignant"
MEDECIN = "Médecin"
CADRE_SANTE = "Cadre de santé"
TECHNICIEN = "Personnel technique"
AGE_BANDS = ("<30", "30-39", "40-49", "50-59", "60+")

# Which jobs a unit employs, with weights, by kind of unit (see tree.UnitSpec.kind).
JOB_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "ecole": ((ENSEIGNANT, 88), (DIRECTION, 9), (AED, 3)),
    "college": (
        (ENSEIGNANT, 68),
        (CPE, 3),
        (AED, 12),
        (ADMIN, 6),
        (SANTE_SOCIAL, 3),
        (DIRECTION, 4),
        (ITRF, 4),
    ),
    "lycee": (
        (ENSEIGNANT, 70),
        (CPE, 3),
        (AED, 10),
        (ADMIN, 6),
        (SANTE_SOCIAL, 2),
        (DIRECTION, 3),
        (ITRF, 6),
    ),
    "service": ((ADMIN, 72), (ITRF, 12), (DIRECTION, 8), (SANTE_SOCIAL, 4), (ENSEIGNANT, 4)),
    "health_service": ((SANTE_SOCIAL, 85), (ADMIN, 15)),
    "circonscription": ((ENSEIGNANT, 55), (DIRECTION, 20), (ADMIN, 25)),
    "rectorat": ((DIRECTION, 60), (ADMIN, 40)),
    "dsden": ((DIRECTION, 60), (ADMIN, 40)),
    "care_unit": ((INFIRMIER, 40), (AIDE_SOIGNANT, 35), (MEDECIN, 12), (CADRE_SANTE, 4), (ADMIN, 9)),
    "hospital_support": ((ADMIN, 55), (TECHNICIEN, 30), (DIRECTION, 15)),
}
# Average headcount by kind of unit (before scaling to the wanted total).
HEADCOUNT = {
    "ecole": 5,
    "college": 17,
    "lycee": 28,
    "service": 18,
    "health_service": 10,
    "circonscription": 4,
    "rectorat": 4,
    "dsden": 3,
    "care_unit": 12,
    "hospital_support": 8,
}
CATEGORY: dict[str, tuple[tuple[str, int], ...]] = {
    ENSEIGNANT: (("A", 1),),
    CPE: (("A", 1),),
    DIRECTION: (("A", 1),),
    AED: (("C", 1),),
    ADMIN: (("A", 20), ("B", 35), ("C", 45)),
    ITRF: (("A", 25), ("B", 40), ("C", 35)),
    SANTE_SOCIAL: (("A", 80), ("B", 20)),
    INFIRMIER: (("A", 1),),
    AIDE_SOIGNANT: (("C", 1),),
    MEDECIN: (("A", 1),),
    CADRE_SANTE: (("A", 1),),
    TECHNICIEN: (("B", 40), ("C", 60)),
}
CONTRACT_SHARE = {
    ENSEIGNANT: 0.08, CPE: 0.05, AED: 1.0, ADMIN: 0.2, ITRF: 0.15, SANTE_SOCIAL: 0.2, DIRECTION: 0.02,
    INFIRMIER: 0.15, AIDE_SOIGNANT: 0.25, MEDECIN: 0.3, CADRE_SANTE: 0.02, TECHNICIEN: 0.2,
}  # fmt: skip
WOMEN_SHARE = {
    ENSEIGNANT: 0.68, CPE: 0.7, AED: 0.62, ADMIN: 0.8, ITRF: 0.45, SANTE_SOCIAL: 0.92, DIRECTION: 0.5,
    INFIRMIER: 0.87, AIDE_SOIGNANT: 0.88, MEDECIN: 0.55, CADRE_SANTE: 0.8, TECHNICIEN: 0.3,
}  # fmt: skip
AGES: dict[str, tuple[int, ...]] = {
    "default": (9, 24, 31, 28, 8),
    AED: (70, 20, 7, 3, 0),
    DIRECTION: (0, 8, 35, 45, 12),
    "contractuel": (35, 35, 18, 10, 2),
}


@dataclass(frozen=True)
class Profile:
    job_family: str
    category: str
    status: str
    gender: str
    age_band: str


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def draw_profile(rng: random.Random, kind: str) -> Profile:
    job = _pick(rng, JOB_MIX[kind])
    if kind == "ecole" and job == ENSEIGNANT:
        women = 0.85
    else:
        women = WOMEN_SHARE[job]
    roll = rng.random()
    gender = "X" if roll < 0.01 else ("F" if roll < 0.01 + women * 0.99 else "M")
    status = "contractuel" if rng.random() < CONTRACT_SHARE[job] else "titulaire"
    ages = AGES.get(job) or (AGES["contractuel"] if status == "contractuel" else AGES["default"])
    age_band = rng.choices(AGE_BANDS, weights=ages)[0]
    return Profile(job, _pick(rng, CATEGORY[job]), status, gender, age_band)


def draw_name(rng: random.Random, gender: str) -> tuple[str, str]:
    pool = {"F": FIRST_NAMES_F, "M": FIRST_NAMES_M}.get(gender, FIRST_NAMES_X)
    return rng.choice(pool), rng.choice(LAST_NAMES)


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else "-" for c in plain).strip("-").replace("--", "-")


class EmailBook:
    """Unique synthetic addresses: prenom.nom@…, then prenom.nom2@… for homonyms."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = set(taken or ())

    def address(self, first_name: str, last_name: str) -> str:
        base = f"{ascii_slug(first_name)}.{ascii_slug(last_name)}"
        n = 1
        while (email := f"{base}{n if n > 1 else ''}@{EMAIL_DOMAIN}") in self.taken:
            n += 1
        self.taken.add(email)
        return email


def headcounts(rng: random.Random, units: list[tuple[Unit, str]], total: int) -> list[int]:
    """How many people in each unit: jittered averages by kind, scaled so that they add up to ``total``."""
    raw = [HEADCOUNT[kind] * rng.uniform(0.6, 1.4) for _unit, kind in units]
    scale = total / sum(raw)
    counts = [max(1, round(r * scale)) for r in raw]
    diff = total - sum(counts)
    order = sorted(range(len(counts)), key=lambda i: -counts[i])
    i = 0
    while diff:
        idx = order[i % len(order)]
        if diff > 0:
            counts[idx] += 1
            diff -= 1
        elif counts[idx] > 1:
            counts[idx] -= 1
            diff += 1
        i += 1
    return counts


def create_people(
    organisation: Organisation,
    units: list[tuple[Unit, str]],
    *,
    total: int,
    seed: int,
    emails: EmailBook,
    hr_prefix: str = "AGT",
) -> list[Person]:
    """Bulk-create ``total`` synthetic people (no accounts) across ``units`` (unit, kind of unit)."""
    rng = random.Random(seed)
    people = []
    n = 0
    for (unit, kind), count in zip(units, headcounts(rng, units, total), strict=True):
        for _ in range(count):
            n += 1
            profile = draw_profile(rng, kind)
            first, last = draw_name(rng, profile.gender)
            people.append(
                Person(
                    organisation=organisation,
                    hr_id=f"{hr_prefix}{n:05d}",
                    first_name=first,
                    last_name=last,
                    email=emails.address(first, last),
                    unit=unit,
                    job_family=profile.job_family,
                    category=profile.category,
                    status=profile.status,
                    gender=profile.gender,
                    age_band=profile.age_band,
                )
            )
    return Person.objects.bulk_create(people, batch_size=1000)
