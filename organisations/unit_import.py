"""Importing an organisation's unit tree from its own file (CSV or XLSX).

Columns: code, nom, parent (a unit code), type, commune, département, région. Parents may come after their
children, or already exist in the organisation. Unknown parents and cycles are errors; on any error nothing
is written. Units missing from the file are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from organisations.models import Organisation, Unit
from organisations.people_import import ImportRejected, chunks
from organisations.tabular import TableError, cell, map_columns, read_table

ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "code unite", "identifiant"),
    "name": ("nom", "name", "libelle", "intitule", "nom de l unite"),
    "parent": ("parent", "code parent", "parent code", "unite parente", "code unite parente", "rattachement"),
    "unit_type": ("type", "type d unite", "nature"),
    "commune": ("commune", "ville"),
    "departement": ("departement", "dept"),
    "region": ("region",),
}
FIELDS = ("name", "unit_type", "commune", "departement", "region")
MAX_LENGTHS = {"code": 40, "name": 200, "unit_type": 60, "commune": 120, "departement": 60, "region": 60}
LABELS = {
    "code": "code",
    "name": "nom",
    "unit_type": "type",
    "commune": "commune",
    "departement": "département",
    "region": "région",
}


@dataclass
class UnitRow:
    line: int
    code: str
    parent: str
    values: dict[str, str]


@dataclass
class UnitPlan:
    rows: list[UnitRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def validate_units(*, organisation: Organisation, data: bytes) -> list[UnitRow]:
    try:
        table = read_table(data)
    except TableError as exc:
        raise ImportRejected([(1, f"fichier illisible : {exc}")]) from exc
    columns = map_columns(table.headers, ALIASES)
    missing = [LABELS[f] for f in ("code", "name") if f not in columns]
    if missing:
        raise ImportRejected([(1, "colonne obligatoire absente : " + ", ".join(missing))])
    existing: dict[str, str | None] = dict(
        Unit.objects.filter(organisation=organisation).values_list("code", "parent__code")
    )
    errors: list[tuple[int, str]] = []
    rows: dict[str, UnitRow] = {}
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        code = cell(cells, columns["code"])
        values = {f: cell(cells, columns[f]) for f in FIELDS if f in columns}
        parent = cell(cells, columns.get("parent"))
        n_errors = len(errors)
        if not code:
            errors.append((line, "code manquant"))
        elif code in seen:
            errors.append((line, f"code « {code} » en double (déjà ligne {seen[code]})"))
        else:
            seen[code] = line
        if not values.get("name"):
            errors.append((line, "nom manquant"))
        for name, limit in MAX_LENGTHS.items():
            value = code if name == "code" else values.get(name, "")
            if len(value) > limit:
                errors.append((line, f"{LABELS[name]} trop long ({len(value)} caractères, {limit} au plus)"))
        if code and parent == code:
            errors.append((line, f"l'unité « {code} » ne peut pas être sa propre parente"))
        if len(errors) == n_errors:
            rows[code] = UnitRow(line, code, parent, values)
    for row in rows.values():
        if row.parent and row.parent not in seen and row.parent not in existing:
            errors.append((row.line, f"unité parente « {row.parent} » inconnue"))
    if not errors:
        errors.extend(sorted(set(_cycles(rows, existing))))
    if not table.rows:
        errors.append((2, "aucune ligne à importer"))
    if errors:
        raise ImportRejected(sorted(errors))
    return list(rows.values())


def _cycles(rows: dict[str, UnitRow], existing: dict[str, str | None]) -> list[tuple[int, str]]:
    parents: dict[str, str | None] = dict(existing)
    parents.update({code: row.parent or None for code, row in rows.items()})
    errors = []
    reported: set[str] = set()
    for code, row in rows.items():
        chain = [code]
        current = parents.get(code)
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current is not None and code not in reported:
            cycle = chain[chain.index(current) :]
            if code in cycle:
                reported.update(cycle)
                loop = " → ".join([*cycle, current])
                for member in cycle:
                    line = rows[member].line if member in rows else row.line
                    errors.append((line, f"cycle dans l'arborescence : {loop}"))
    return errors


def apply_units(*, organisation: Organisation, rows: list[UnitRow], dry_run: bool = False) -> dict[str, int]:
    """Create or update the units of the file, then recompute the materialised paths of the whole tree."""
    from organisations.services import units_rebuild_paths

    existing = {u.code: u for u in Unit.objects.filter(organisation=organisation).select_related("parent")}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    parent_codes = {code: u.parent.code if u.parent_id and u.parent else "" for code, u in existing.items()}
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            counts["created"] += 1
        elif (
            any(getattr(unit, f) != v for f, v in row.values.items()) or parent_codes[row.code] != row.parent
        ):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    if dry_run:
        return counts
    with transaction.atomic():
        new = [
            Unit(organisation=organisation, code=r.code, **r.values) for r in rows if r.code not in existing
        ]
        Unit.objects.bulk_create(new, batch_size=1000)
        by_code = {u.code: u for u in Unit.objects.filter(organisation=organisation)}
        changed = []
        for row in rows:
            unit = by_code[row.code]
            for name, value in row.values.items():
                setattr(unit, name, value)
            unit.parent = by_code[row.parent] if row.parent else None
            changed.append(unit)
        for batch in chunks(changed, 500):
            Unit.objects.bulk_update(batch, [*{f for r in rows for f in r.values}, "parent"])
        units_rebuild_paths(organisation=organisation)
    return counts
