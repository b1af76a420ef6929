"""The demo academy's unit tree: rectorat → services and four DSDEN → services, circonscriptions, schools.

About 300 units with stable codes (same codes on every run, from a fixed seed). School names are synthetic;
communes are real communes of each département.
"""

import random
from dataclasses import dataclass

from organisations.models import Organisation, Unit

REGION = "Bourgogne-Franche-Comté"


@dataclass
class UnitSpec:
    code: str
    name: str
    unit_type: str
    parent_code: str | None
    commune: str
    departement: str
    kind: str  # "rectorat", "dsden", "service", "health_service", "circonscription", "ecole", "college", "lycee"


@dataclass(frozen=True)
class Departement:
    number: str
    name: str
    prefecture: str
    communes: tuple[str, ...]
    circonscriptions: tuple[tuple[str, str], ...]  # (name, seat commune)
    ecoles: int
    colleges: int
    lycees: int


DEPARTEMENTS = (
    Departement(
        "25",
        "Doubs",
        "Besançon",
        (
            "Besançon",
            "Montbéliard",
            "Pontarlier",
            "Audincourt",
            "Valentigney",
            "Morteau",
            "Baume-les-Dames",
            "Ornans",
            "Saint-Vit",
            "Maîche",
            "Valdahon",
            "Hérimoncourt",
            "Pouilley-les-Vignes",
            "Mouthe",
            "Levier",
            "Roulans",
            "Quingey",
            "Seloncourt",
            "Saône",
            "L'Isle-sur-le-Doubs",
        ),
        (
            ("Besançon Nord", "Besançon"),
            ("Besançon Sud", "Besançon"),
            ("Montbéliard", "Montbéliard"),
            ("Pontarlier-Haut-Doubs", "Pontarlier"),
            ("Baume-les-Dames", "Baume-les-Dames"),
        ),
        70,
        22,
        10,
    ),
    Departement(
        "39",
        "Jura",
        "Lons-le-Saunier",
        (
            "Lons-le-Saunier",
            "Dole",
            "Saint-Claude",
            "Champagnole",
            "Poligny",
            "Morez",
            "Arbois",
            "Salins-les-Bains",
            "Tavaux",
            "Moirans-en-Montagne",
            "Orgelet",
            "Saint-Amour",
            "Bletterans",
            "Mouchard",
        ),
        (("Lons-le-Saunier", "Lons-le-Saunier"), ("Dole", "Dole"), ("Haut-Jura", "Saint-Claude")),
        45,
        14,
        6,
    ),
    Departement(
        "70",
        "Haute-Saône",
        "Vesoul",
        (
            "Vesoul",
            "Lure",
            "Luxeuil-les-Bains",
            "Gray",
            "Héricourt",
            "Saint-Loup-sur-Semouse",
            "Rioz",
            "Port-sur-Saône",
            "Jussey",
            "Champagney",
            "Villersexel",
            "Scey-sur-Saône",
            "Marnay",
            "Ronchamp",
        ),
        (("Vesoul", "Vesoul"), ("Lure-Luxeuil", "Lure"), ("Gray", "Gray")),
        42,
        13,
        6,
    ),
    Departement(
        "90",
        "Territoire de Belfort",
        "Belfort",
        (
            "Belfort",
            "Delle",
            "Valdoie",
            "Beaucourt",
            "Bavilliers",
            "Offemont",
            "Danjoutin",
            "Giromagny",
            "Grandvillars",
            "Rougemont-le-Château",
            "Châtenois-les-Forges",
            "Essert",
        ),
        (("Belfort Nord", "Belfort"), ("Belfort Sud", "Belfort")),
        25,
        9,
        5,
    ),
)

# Rectorat services: (code suffix, name, parent suffix or None for the rectorat itself)
RECTORAT_SERVICES = (
    ("SG", "Secrétariat général", None),
    ("DRH", "Direction des ressources humaines", None),
    ("DPE", "Division des personnels enseignants", "DRH"),
    ("DPATE", "Division des personnels administratifs, techniques et d'encadrement", "DRH"),
    ("SSA", "Service de suivi et d'accompagnement RH", "DRH"),
    ("RHP", "Conseillers RH de proximité", "DRH"),
    ("MRQVT", "Mission recrutement et qualité de vie au travail", "DRH"),
    ("SOCIAL", "Service social des personnels", None),
    ("MEDPREV", "Médecine de prévention", None),
    ("COM", "Service communication", "SG"),
    ("SEEM", "Service études, expertise et modernisation", "SG"),
    ("DAFL", "Direction des affaires financières et de la logistique", "SG"),
    ("DSI", "Direction des systèmes d'information", "SG"),
    ("EAFC", "École académique de la formation continue", None),
    ("CT", "Conseillers techniques du recteur", None),
)

HEALTH_SERVICES = {"SOCIAL", "MEDPREV", "SANTE"}

DSDEN_SERVICES = (
    ("SG", "Secrétariat général"),
    ("RH1D", "Service des ressources humaines du premier degré"),
    ("SDEI", "Service départemental de l'école inclusive"),
    ("SANTE", "Pôle santé et social"),
)

SCHOOL_NAMES = (
    "des Tilleuls",
    "des Érables",
    "des Chênes",
    "des Coquelicots",
    "des Hirondelles",
    "des Marronniers",
    "des Sources",
    "des Vergers",
    "des Saules",
    "des Frênes",
    "des Combes",
    "des Lilas",
    "des Peupliers",
    "des Gentianes",
    "des Sapins",
    "des Bouleaux",
    "des Noisetiers",
    "des Charmes",
    "des Mésanges",
    "des Primevères",
    "du Centre",
    "du Plateau",
    "du Vieux Moulin",
    "de la Citadelle",
    "de la Source bleue",
    "du Val",
    "des Prés",
    "des Roches",
    "du Bois joli",
    "des Jonquilles",
)
ECOLE_TYPES = ("École maternelle", "École élémentaire", "École primaire")
LYCEE_TYPES = (
    ("Lycée général et technologique", "LGT"),
    ("Lycée professionnel", "LP"),
    ("Lycée polyvalent", "LPO"),
)


def unit_specs(seed: int = 2023) -> list[UnitSpec]:
    """The whole tree as plain data, parents before children. Deterministic for a given seed."""
    rng = random.Random(seed)
    specs = [
        UnitSpec(
            "RECTORAT",
            "Rectorat de l'académie de Besançon",
            "Rectorat",
            None,
            "Besançon",
            "Doubs",
            "rectorat",
        )
    ]
    for suffix, name, parent in RECTORAT_SERVICES:
        specs.append(
            UnitSpec(
                f"RECT-{suffix}",
                name,
                "Service académique",
                f"RECT-{parent}" if parent else "RECTORAT",
                "Besançon",
                "Doubs",
                "health_service" if suffix in HEALTH_SERVICES else "service",
            )
        )
    for dep in DEPARTEMENTS:
        dsden = f"DSDEN{dep.number}"
        specs.append(
            UnitSpec(
                dsden,
                f"DSDEN {_du(dep.name)}",
                "DSDEN",
                "RECTORAT",
                dep.prefecture,
                dep.name,
                "dsden",
            )
        )
        for suffix, name in DSDEN_SERVICES:
            specs.append(
                UnitSpec(
                    f"{dsden}-{suffix}",
                    f"{name} — DSDEN {dep.number}",
                    "Service départemental",
                    dsden,
                    dep.prefecture,
                    dep.name,
                    "health_service" if suffix in HEALTH_SERVICES else "service",
                )
            )
        circos = []
        for i, (circo, seat) in enumerate(dep.circonscriptions, start=1):
            code = f"{dsden}-CIRC{i}"
            circos.append(code)
            specs.append(
                UnitSpec(
                    code,
                    f"Circonscription de {circo}",
                    "Circonscription",
                    dsden,
                    seat,
                    dep.name,
                    "circonscription",
                )
            )
        used: set[str] = set()

        for i in range(1, dep.ecoles + 1):
            commune = rng.choice(dep.communes)
            specs.append(
                UnitSpec(
                    f"E{dep.number}-{i:03d}",
                    _school_name(rng, used, rng.choice(ECOLE_TYPES), commune),
                    "École",
                    circos[(i - 1) % len(circos)],
                    commune,
                    dep.name,
                    "ecole",
                )
            )
        for i in range(1, dep.colleges + 1):
            commune = dep.communes[(i - 1) % len(dep.communes)]
            specs.append(
                UnitSpec(
                    f"C{dep.number}-{i:02d}",
                    _school_name(rng, used, "Collège", commune),
                    "Collège",
                    dsden,
                    commune,
                    dep.name,
                    "college",
                )
            )
        for i in range(1, dep.lycees + 1):
            commune = dep.communes[(i - 1) % min(6, len(dep.communes))]
            label, _short = LYCEE_TYPES[(i - 1) % len(LYCEE_TYPES)]
            specs.append(
                UnitSpec(
                    f"L{dep.number}-{i:02d}",
                    _school_name(rng, used, label, commune),
                    "Lycée",
                    dsden,
                    commune,
                    dep.name,
                    "lycee",
                )
            )
    return specs


def _school_name(rng: random.Random, used: set[str], prefix: str, commune: str) -> str:
    """A synthetic school name, unique within its département."""
    name = ""
    for _ in range(50):
        name = f"{prefix} {rng.choice(SCHOOL_NAMES)} ({commune})"
        if name not in used:
            break
    n = 2
    base = name
    while name in used:
        name = f"{base[: -len(commune) - 3]} {n} ({commune})"
        n += 1
    used.add(name)
    return name


def _du(name: str) -> str:
    """« du Doubs », « du Jura », « de la Haute-Saône », « du Territoire de Belfort »."""
    return f"de la {name}" if name.startswith("Haute") else f"du {name}"


def create_units(organisation: Organisation, specs: list[UnitSpec]) -> dict[str, Unit]:
    """Bulk-create the tree level by level, then set every materialised path and depth in one update."""
    by_code: dict[str, Unit] = {}
    pending = list(specs)
    depth = 0
    while pending:
        level = [s for s in pending if s.parent_code is None or s.parent_code in by_code]
        level_codes = {s.code for s in level}
        level = [s for s in level if s.parent_code not in level_codes]
        created = Unit.objects.bulk_create(
            [
                Unit(
                    organisation=organisation,
                    code=s.code,
                    name=s.name,
                    unit_type=s.unit_type,
                    parent=by_code[s.parent_code] if s.parent_code else None,
                    commune=s.commune,
                    departement=s.departement,
                    region=REGION,
                    depth=depth,
                )
                for s in level
            ]
        )
        for spec, unit in zip(level, created, strict=True):
            parent = by_code.get(spec.parent_code) if spec.parent_code else None
            unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
            by_code[spec.code] = unit
        done = {s.code for s in level}
        pending = [s for s in pending if s.code not in done]
        depth += 1
    Unit.objects.bulk_update(list(by_code.values()), ["path"], batch_size=500)
    return by_code
