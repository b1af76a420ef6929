"""Importing people from an HR export: validate every row, compute the changes, then write them in bulk.

Everything is validated before anything is written: one bad row and nothing is imported. The whole
organisation (or one unit subtree, the *scope*) is described by the file: people of that scope missing from
it are deactivated, never deleted; people present again are reactivated.

Pure in-memory work on maps loaded with a handful of queries, so that 100,000 rows take seconds.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation, Person, Unit, needs_confirmation
from organisations.tabular import Table, TableError, cell, map_columns, normalise_header, read_table

Progress = Callable[[int, int], None]
T = TypeVar("T")
CHUNK = 900  # stays below SQLite's limit on query parameters
SAMPLE_SIZE = 20
DEACTIVATED_LISTED = 2000  # people to deactivate named in the preview (all of them, up to this many)
MAX_ERRORS_KEPT = 10_000

# Field → accepted headers (already normalised: lower case, no accents, punctuation turned into spaces)
ALIASES: dict[str, tuple[str, ...]] = {
    "hr_id": ("identifiant", "identifiant rh", "id", "matricule", "numero agent", "n agent"),
    "unit": ("code unite", "unite code", "code de l unite", "unite", "code service", "unite d affectation"),
    "last_name": ("nom", "nom de famille", "nom d usage", "nom usuel"),
    "first_name": ("prenom", "prenom usuel"),
    "email": (
        "e mail",
        "email",
        "courriel",
        "adresse e mail",
        "adresse email",
        "mail",
        "adresse electronique",
    ),
    "job_family": ("metier", "famille de metier", "famille de metiers", "emploi"),
    "category": ("categorie", "cat", "categorie statutaire"),
    "status": ("statut",),
    "gender": ("genre", "sexe"),
    "age_band": ("tranche d age", "tranche age", "classe d age", "age"),
    "other_units": ("autres unites", "autres codes unite", "unites secondaires"),
}
PLAIN_FIELDS = ("first_name", "last_name", "email", "job_family", "category", "status", "gender", "age_band")
MAX_LENGTHS = {
    "hr_id": 60,
    "first_name": 150,
    "last_name": 150,
    "job_family": 100,
    "category": 20,
    "age_band": 20,
    "email": 254,
}
LABELS = {
    "hr_id": "identifiant",
    "unit": "unité",
    "first_name": "prénom",
    "last_name": "nom",
    "email": "e-mail",
    "job_family": "métier",
    "category": "catégorie",
    "status": "statut",
    "gender": "genre",
    "age_band": "tranche d'âge",
    "other_units": "autres unités",
}
GENDERS = {
    "f": "F",
    "femme": "F",
    "feminin": "F",
    "feminine": "F",
    "mme": "F",
    "madame": "F",
    "w": "F",
    "m": "M",
    "h": "M",
    "homme": "M",
    "masculin": "M",
    "mr": "M",
    "monsieur": "M",
    "x": "X",
    "autre": "X",
    "non binaire": "X",
    "nr": "",
    "non renseigne": "",
    "inconnu": "",
}
STATUSES = {
    "titulaire": "titulaire",
    "tit": "titulaire",
    "t": "titulaire",
    "fonctionnaire": "titulaire",
    "stagiaire": "titulaire",
    "fonctionnaire stagiaire": "titulaire",
    "contractuel": "contractuel",
    "contractuelle": "contractuel",
    "contractuel le": "contractuel",
    "c": "contractuel",
    "cdd": "contractuel",
    "cdi": "contractuel",
    "non titulaire": "contractuel",
    "vacataire": "contractuel",
}


class ImportRejected(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} erreur(s)")
        self.errors = errors


@dataclass
class Row:
    line: int
    hr_id: str
    unit_id: int
    values: dict[str, str]
    other_unit_ids: frozenset[int] | None
    email_key: str  # lower-cased e-mail, "" when none


@dataclass
class Plan:
    """What applying the file would change. ``counts`` and ``sample`` go to the report shown before applying."""

    rows: int = 0
    present: set[str] = field(default_factory=set)
    to_create: list[Row] = field(default_factory=list)
    to_update: list[tuple[int, Row]] = field(default_factory=list)  # (person pk, row)
    reactivate: set[int] = field(default_factory=set)
    m2m_changes: list[tuple[int, Row]] = field(default_factory=list)
    to_deactivate: list[int] = field(default_factory=list)
    deactivated_user_ids: set[int] = field(default_factory=set)
    new_emails: dict[str, Row] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    sample: list[dict[str, Any]] = field(default_factory=list)
    sampled: dict[str, int] = field(default_factory=dict)
    deactivated: list[dict[str, str]] = field(default_factory=list)  # named, for the preview
    previous: dict[int, dict[str, Any]] = field(default_factory=dict)  # person pk → values before, for undo
    undo: dict[str, Any] = field(default_factory=dict)  # filled by apply(): what undo needs
    scope_size: int = 0  # active people of the declared scope before the import

    def report(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "counts": self.counts,
            "sample": self.sample,
            "errors": [],
            "deactivated": self.deactivated,
            "scope_size": self.scope_size,
        }


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _normalise_choice(value: str, mapping: dict[str, str]) -> str | None:
    key = normalise_header(value)
    if not key:
        return ""
    return mapping.get(key)


class _Validator:
    def __init__(self, organisation: Organisation, scope: Unit | None, table: Table):
        self.scope = scope
        self.table = table
        self.columns = map_columns(table.headers, ALIASES)
        self.units = {
            code: (pk, path)
            for code, pk, path in Unit.objects.filter(organisation=organisation).values_list(
                "code", "pk", "path"
            )
        }
        self.unit_codes = {pk: code for code, (pk, _path) in self.units.items()}
        self.age_bands = organisation.age_band_list
        self.width = len(table.headers)
        while self.width and not table.headers[self.width - 1]:
            self.width -= 1  # empty header cells at the end do not count
        self.errors: list[tuple[int, str]] = []
        self.seen_ids: dict[str, int] = {}
        self.seen_emails: dict[str, int] = {}

    def header_errors(self) -> list[tuple[int, str]]:
        missing = [LABELS[f] for f in ("hr_id", "unit") if f not in self.columns]
        if missing:
            return [
                (
                    1,
                    "colonne obligatoire absente : "
                    + ", ".join(missing)
                    + " (en-têtes lus : "
                    + ", ".join(h for h in self.table.headers if h)
                    + ")",
                )
            ]
        return []

    def _unit(self, line: int, code: str, what: str) -> int | None:
        found = self.units.get(code)
        if found is None:
            self.errors.append((line, f"{what} « {code} » inconnue dans l'organisation"))
            return None
        return found[0]

    def row(self, line: int, cells: list[str]) -> Row | None:
        col = self.columns
        n_errors = len(self.errors)
        if len(cells) < self.width or any(c for c in cells[self.width :]):
            # a missing or extra separator shifts every value: nothing on this line can be trusted
            self.errors.append((line, f"{len(cells)} colonnes au lieu de {self.width}"))
            return None
        hr_id = cell(cells, col.get("hr_id"))
        if not hr_id:
            self.errors.append((line, "identifiant manquant"))
        elif hr_id in self.seen_ids:
            self.errors.append(
                (line, f"identifiant « {hr_id} » en double (déjà ligne {self.seen_ids[hr_id]})")
            )
        else:
            self.seen_ids[hr_id] = line
        code = cell(cells, col.get("unit"))
        unit_id = None
        if not code:
            self.errors.append((line, "code unité manquant"))
        else:
            unit_id = self._unit(line, code, "unité")
            if (
                unit_id is not None
                and self.scope is not None
                and not self.units[code][1].startswith(self.scope.path)
            ):
                self.errors.append(
                    (
                        line,
                        f"unité « {code} » hors du périmètre de l'import ({self.scope.code} et ses sous-unités)",
                    )
                )
        values = {f: cell(cells, col[f]) for f in PLAIN_FIELDS if f in col}
        for name, limit in MAX_LENGTHS.items():
            value = hr_id if name == "hr_id" else values.get(name, "")
            if len(value) > limit:
                self.errors.append(
                    (line, f"{LABELS[name]} trop long ({len(value)} caractères, {limit} au plus)")
                )
        email_key = ""
        if values.get("email"):
            email_key = values["email"].lower()
            try:
                validate_email(email_key)
            except ValidationError:
                self.errors.append((line, f"adresse e-mail « {values['email']} » invalide"))
            else:
                if email_key in self.seen_emails:
                    self.errors.append(
                        (
                            line,
                            f"adresse e-mail « {email_key} » en double (déjà ligne {self.seen_emails[email_key]})",
                        )
                    )
                else:
                    self.seen_emails[email_key] = line
                values["email"] = email_key
        if "gender" in values:
            gender = _normalise_choice(values["gender"], GENDERS)
            if gender is None:
                self.errors.append((line, f"genre « {values['gender']} » non reconnu (attendu : F, M ou X)"))
            else:
                values["gender"] = gender
        if "status" in values:
            status = _normalise_choice(values["status"], STATUSES)
            if status is None:
                self.errors.append(
                    (line, f"statut « {values['status']} » non reconnu (attendu : titulaire ou contractuel)")
                )
            else:
                values["status"] = status
        if values.get("age_band") and self.age_bands and values["age_band"] not in self.age_bands:
            self.errors.append(
                (
                    line,
                    f"tranche d'âge « {values['age_band']} » inconnue "
                    f"(valeurs admises : {', '.join(self.age_bands)})",
                )
            )
        if "category" in values:
            values["category"] = values["category"].upper()
        other_ids: frozenset[int] | None = None
        if "other_units" in col:
            ids = set()
            for other in cell(cells, col["other_units"]).split("|"):
                if other.strip():
                    found = self._unit(line, other.strip(), "autre unité")
                    if found is not None:
                        ids.add(found)
            other_ids = frozenset(ids)
        if len(self.errors) > n_errors or unit_id is None:
            return None
        return Row(line, hr_id, unit_id, values, other_ids, email_key)


def validate(
    *, organisation: Organisation, data: bytes, scope: Unit | None = None, progress: Progress | None = None
) -> list[Row]:
    """Every row checked; raises ImportRejected with every problem (line, French reason), sorted by line."""
    try:
        table = read_table(data)
    except TableError as exc:
        raise ImportRejected([(1, f"fichier illisible : {exc}")]) from exc
    validator = _Validator(organisation, scope, table)
    header_errors = validator.header_errors()
    if header_errors:
        raise ImportRejected(header_errors)
    rows = []
    total = len(table.rows)
    for i, (line, cells) in enumerate(table.rows, start=1):
        row = validator.row(line, cells)
        if row is not None:
            rows.append(row)
        if progress and i % 5000 == 0:
            progress(i, total)
    if not table.rows:
        validator.errors.append((2, "aucune ligne à importer"))
    if validator.errors:
        raise ImportRejected(sorted(validator.errors, key=lambda e: e[0]))
    return rows


def _sample(
    plan: Plan, kind: str, row_or_hr: Row | str, changes: list[str] | None = None, name: str = ""
) -> None:
    if plan.sampled.get(kind, 0) >= SAMPLE_SIZE:
        return
    plan.sampled[kind] = plan.sampled.get(kind, 0) + 1
    if isinstance(row_or_hr, Row):
        values = row_or_hr.values
        name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        entry = {"kind": kind, "line": row_or_hr.line, "hr_id": row_or_hr.hr_id, "name": name}
    else:
        entry = {"kind": kind, "line": None, "hr_id": row_or_hr, "name": name}
    entry["changes"] = changes or []
    plan.sample.append(entry)


def plan_changes(*, organisation: Organisation, rows: list[Row], scope: Unit | None = None) -> Plan:
    """Compare validated rows with the people already known; nothing is written."""
    plan = Plan(rows=len(rows))
    plan.present = {"unit"} | (set(rows[0].values) if rows else set())
    track_m2m = bool(rows) and rows[0].other_unit_ids is not None
    existing = {
        p[1]: p
        for p in Person.objects.filter(organisation=organisation).values_list(
            "pk", "hr_id", "unit_id", "is_active", "user_id", "unit__path", *PLAIN_FIELDS, "deactivated_at"
        )
    }
    plain_end = 6 + len(PLAIN_FIELDS)
    unit_labels = {
        pk: f"{name} ({code})"
        for pk, name, code in Unit.objects.filter(organisation=organisation).values_list("pk", "name", "code")
    }
    current_m2m: dict[int, set[int]] = {}
    if track_m2m:
        through = Person.other_units.through.objects.filter(person__organisation=organisation)
        for person_id, unit_id in through.values_list("person_id", "unit_id"):
            current_m2m.setdefault(person_id, set()).add(unit_id)
    emails = {r.email_key for r in rows if r.email_key}
    for batch in chunks(emails):
        plan.user_ids.update(User.objects.filter(email__in=batch).values_list("email", "pk"))
    counts = {"created": 0, "updated": 0, "reactivated": 0, "deactivated": 0, "unchanged": 0}
    for row in rows:
        if row.email_key and row.email_key not in plan.user_ids and row.email_key not in plan.new_emails:
            plan.new_emails[row.email_key] = row
        person = existing.get(row.hr_id)
        if person is None:
            plan.to_create.append(row)
            counts["created"] += 1
            _sample(plan, "created", row)
            continue
        pk, _hr, unit_id, is_active, user_id = person[:5]
        old = dict(zip(PLAIN_FIELDS, person[6:plain_end], strict=True))
        changes = [LABELS[f] for f, v in row.values.items() if old[f] != v]
        if unit_id != row.unit_id:
            changes.append(LABELS["unit"])
        if row.email_key and user_id != plan.user_ids.get(row.email_key, -1):
            changes.append("compte")
        if track_m2m and row.other_unit_ids != current_m2m.get(pk, set()):
            changes.append(LABELS["other_units"])
            plan.m2m_changes.append((pk, row))
        if not is_active or changes:
            deactivated_at = person[plain_end]
            plan.previous[pk] = {
                **old,
                "unit_id": unit_id,
                "user_id": user_id,
                "is_active": is_active,
                "deactivated_at": deactivated_at.isoformat() if deactivated_at else None,
            }
            if track_m2m:
                plan.previous[pk]["other_units"] = sorted(current_m2m.get(pk, set()))
        if not is_active:
            plan.reactivate.add(pk)
            plan.to_update.append((pk, row))
            counts["reactivated"] += 1
            _sample(plan, "reactivated", row, changes)
        elif changes:
            plan.to_update.append((pk, row))
            counts["updated"] += 1
            _sample(plan, "updated", row, changes)
        else:
            counts["unchanged"] += 1
    in_file = {r.hr_id for r in rows}
    leaving = []
    for hr_id, person in existing.items():
        in_scope = scope is None or person[5].startswith(scope.path)
        if person[3] and in_scope:
            plan.scope_size += 1
        if person[3] and in_scope and hr_id not in in_file:
            plan.to_deactivate.append(person[0])
            if person[4]:
                plan.deactivated_user_ids.add(person[4])
            counts["deactivated"] += 1
            old = dict(zip(PLAIN_FIELDS, person[6:plain_end], strict=True))
            leaving.append(
                {
                    "hr_id": hr_id,
                    "first_name": old["first_name"],
                    "last_name": old["last_name"],
                    "unit": unit_labels.get(person[2], ""),
                }
            )
    leaving.sort(key=lambda p: (p["last_name"].lower(), p["first_name"].lower(), p["hr_id"]))
    plan.deactivated = leaving[:DEACTIVATED_LISTED]
    for entry in leaving:
        name = f"{entry['first_name']} {entry['last_name']}".strip()
        _sample(plan, "deactivated", entry["hr_id"], name=name)
    plan.counts = counts
    return plan


def check_confirmed(plan: Plan, confirmed_deactivations: int) -> None:
    """Refuse a plan deactivating more people than were confirmed, when that many needs a confirmation."""
    deactivated = plan.counts.get("deactivated", 0)
    if deactivated > confirmed_deactivations and needs_confirmation(
        deactivated=deactivated, scope_size=plan.scope_size
    ):
        raise ImportRejected(
            [
                (
                    1,
                    f"l'import désactiverait {deactivated} personnes, "
                    f"mais seules {confirmed_deactivations} désactivations ont été confirmées",
                )
            ]
        )


def apply(*, organisation: Organisation, plan: Plan, progress: Progress | None = None) -> dict[str, int]:
    """Write the plan in one transaction, with bulk queries. Returns the counts."""
    now = timezone.now()
    total = len(plan.new_emails) + len(plan.to_create) + len(plan.to_update) + len(plan.to_deactivate)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    with transaction.atomic():
        stamp = connection.ops.adapt_datetimefield_value(now)
        user_rows = [
            [
                email,
                row.values.get("first_name", ""),
                row.values.get("last_name", ""),
                UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                True,
                False,
                False,
                stamp,
            ]
            for email, row in plan.new_emails.items()
        ]
        user_fields = [
            "email",
            "first_name",
            "last_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
        ]
        _insert_many(User, [*user_fields, "date_joined"], user_rows, step)
        for email_batch in chunks(list(plan.new_emails)):
            plan.user_ids.update(User.objects.filter(email__in=email_batch).values_list("email", "pk"))
        person_rows = [
            [
                organisation.pk,
                row.hr_id,
                row.unit_id,
                plan.user_ids.get(row.email_key) if row.email_key else None,
                *(row.values.get(f, "") for f in PLAIN_FIELDS),
                True,
                stamp,
            ]
            for row in plan.to_create
        ]
        person_fields = ["organisation", "hr_id", "unit", "user", *PLAIN_FIELDS, "is_active", "updated_at"]
        _insert_many(Person, person_fields, person_rows, step)
        plan.undo = {
            "previous": {str(pk): plan.previous[pk] for pk, _row in plan.to_update if pk in plan.previous},
            "deactivated": list(plan.to_deactivate),
            "created_users": sorted(plan.user_ids[email] for email in plan.new_emails),
            "created_people": [],
            "users_deactivated": [],
            "users_activated": [],
        }
        for hr_batch in chunks([r.hr_id for r in plan.to_create]):
            plan.undo["created_people"] += list(
                Person.objects.filter(organisation=organisation, hr_id__in=hr_batch).values_list(
                    "pk", flat=True
                )
            )
        _apply_updates(plan, now, step)
        _apply_other_units(organisation, plan)
        for batch in chunks(plan.to_deactivate):
            Person.objects.filter(pk__in=batch).update(is_active=False, deactivated_at=now, updated_at=now)
            step(len(batch))
        _deactivate_users(plan)
        _activate_users(organisation, plan)
    return plan.counts


def _column(model: Any, name: str) -> str:
    column: str = model._meta.get_field(name).column
    return column


def _insert_many(model: Any, fields: list[str], rows: list[list[Any]], step: Callable[[int], None]) -> None:
    """One prepared INSERT run for every row (executemany): Django's bulk_create compiles each value in Python."""
    meta = model._meta
    # Columns the caller does not give get their model default (a field added later must not break the import).
    defaults = [
        f for f in meta.concrete_fields if not f.primary_key and f.has_default() and f.name not in fields
    ]
    if defaults:
        extra = [f.get_db_prep_save(f.get_default(), connection) for f in defaults]
        fields = [*fields, *(f.name for f in defaults)]
        rows = [[*row, *extra] for row in rows]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, f)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for batch in chunks(rows, 2000):
            cursor.executemany(sql, batch)
            step(len(batch))


def _apply_updates(plan: Plan, now: Any, step: Callable[[int], None]) -> None:
    """One prepared UPDATE run for every row (executemany): much faster than bulk_update's CASE expressions."""
    plain = [f for f in PLAIN_FIELDS if f in plan.present]
    current_users: dict[int, int | None] = {}
    for pk_batch in chunks([pk for pk, _row in plan.to_update]):
        current_users.update(Person.objects.filter(pk__in=pk_batch).values_list("pk", "user_id"))
    meta = Person._meta
    quote = connection.ops.quote_name
    columns = [
        _column(Person, f) for f in ("unit", "user", "is_active", "deactivated_at", "updated_at", *plain)
    ]
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(_column(Person, 'id'))} = %s"  # noqa: S608
    stamp = connection.ops.adapt_datetimefield_value(now)
    params = []
    for pk, row in plan.to_update:
        user_id = plan.user_ids[row.email_key] if row.email_key else current_users.get(pk)
        params.append([row.unit_id, user_id, True, None, stamp, *(row.values[f] for f in plain), pk])
    with connection.cursor() as cursor:
        for batch in chunks(params, 2000):
            cursor.executemany(sql, batch)
            step(len(batch))


def _apply_other_units(organisation: Organisation, plan: Plan) -> None:
    through = Person.other_units.through
    created_ids: dict[str, int] = {}
    rows_with_units = [r for r in plan.to_create if r.other_unit_ids]
    if rows_with_units:
        hr_ids = [r.hr_id for r in rows_with_units]
        for batch in chunks(hr_ids):
            created_ids.update(
                Person.objects.filter(organisation=organisation, hr_id__in=batch).values_list("hr_id", "pk")
            )
    links = [(created_ids[r.hr_id], r) for r in rows_with_units] + plan.m2m_changes
    for pk_batch in chunks([pk for pk, _row in plan.m2m_changes]):
        through.objects.filter(person_id__in=pk_batch).delete()
    objects = [
        through(person_id=pk, unit_id=unit_id) for pk, row in links for unit_id in row.other_unit_ids or ()
    ]
    through.objects.bulk_create(objects, batch_size=2000)


def _deactivate_users(plan: Plan) -> None:
    """Accounts of people who left are deactivated unless they are still active staff elsewhere."""
    user_ids = plan.deactivated_user_ids
    if not user_ids:
        return
    still_active: set[int] = set()
    for batch in chunks(user_ids):
        still_active.update(
            Person.objects.filter(user_id__in=batch, is_active=True).values_list("user_id", flat=True)
        )
    for batch in chunks(user_ids - still_active):
        users = User.objects.filter(pk__in=batch, is_superuser=False, is_active=True)
        plan.undo["users_deactivated"] += list(users.values_list("pk", flat=True))
        users.update(is_active=False)


def _activate_users(organisation: Organisation, plan: Plan) -> None:
    """People created or reactivated get their account back."""
    hr_ids = [r.hr_id for r in plan.to_create] + [
        r.hr_id for pk, r in plan.to_update if pk in plan.reactivate
    ]
    for batch in chunks(hr_ids):
        user_ids = Person.objects.filter(
            organisation=organisation, hr_id__in=batch, user__isnull=False
        ).values("user_id")
        users = User.objects.filter(pk__in=user_ids, is_active=False)
        plan.undo["users_activated"] += list(users.values_list("pk", flat=True))
        users.update(is_active=True)


# --- Undo --------------------------------------------------------------------------------------------------


def _referenced(model: Any, pks: list[int]) -> set[int]:
    """Which of these rows something else points at (any reverse relation, hidden ones included).

    Automatic many-to-many tables of the model's own fields (a person's other units) are the row's own data.
    """
    found: set[int] = set()
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        related = relation.related_model
        if related._meta.auto_created:  # through table of a many-to-many field: counted through that field
            continue
        name = relation.field.name
        for batch in chunks(pks):
            found.update(
                v for v in related._base_manager.filter(**{f"{name}__in": batch}).values_list(name, flat=True)
            )
    return found


def undo(*, undo_data: dict[str, Any], now: Any) -> dict[str, int]:
    """Put back what ``apply`` changed, from what it recorded. Returns counts. Call inside a transaction."""
    from django.utils.dateparse import parse_datetime

    previous = {int(pk): values for pk, values in undo_data.get("previous", {}).items()}
    people = Person.objects.in_bulk(list(previous))
    m2m: dict[int, list[int]] = {}
    for pk, values in previous.items():
        person = people.get(pk)
        if person is None:
            continue
        for name in PLAIN_FIELDS:
            setattr(person, name, values[name])
        person.unit_id, person.user_id, person.is_active = (
            values["unit_id"],
            values["user_id"],
            values["is_active"],
        )
        person.deactivated_at = parse_datetime(values["deactivated_at"]) if values["deactivated_at"] else None
        person.updated_at = now
        if "other_units" in values:
            m2m[pk] = values["other_units"]
    fields = [*PLAIN_FIELDS, "unit", "user", "is_active", "deactivated_at", "updated_at"]
    Person.objects.bulk_update(list(people.values()), fields, batch_size=500)
    through = Person.other_units.through
    for batch in chunks(list(m2m)):
        through.objects.filter(person_id__in=batch).delete()
    through.objects.bulk_create(
        [through(person_id=pk, unit_id=unit_id) for pk, ids in m2m.items() for unit_id in ids],
        batch_size=2000,
    )
    for batch in chunks(undo_data.get("deactivated", [])):
        Person.objects.filter(pk__in=batch).update(is_active=True, deactivated_at=None, updated_at=now)
    for batch in chunks(undo_data.get("users_deactivated", [])):
        User.objects.filter(pk__in=batch).update(is_active=True)
    for batch in chunks(undo_data.get("users_activated", [])):
        User.objects.filter(pk__in=batch).update(is_active=False)
    created: list[int] = []
    for batch in chunks(undo_data.get("created_people", [])):
        created += Person.objects.filter(pk__in=batch).values_list("pk", flat=True)
    kept = _referenced(Person, created)
    removed = [pk for pk in created if pk not in kept]
    for batch in chunks(removed):
        through.objects.filter(person_id__in=batch).delete()
        Person.objects.filter(pk__in=batch).delete()
    for batch in chunks(sorted(kept)):
        Person.objects.filter(pk__in=batch).update(is_active=False, deactivated_at=now, updated_at=now)
    created_users: list[int] = []
    for batch in chunks(undo_data.get("created_users", [])):
        created_users += User.objects.filter(pk__in=batch).values_list("pk", flat=True)
    used = _referenced(User, created_users)
    for batch in chunks([pk for pk in created_users if pk not in used]):
        User.objects.filter(pk__in=batch).delete()
    still_active: set[int] = set()
    for batch in chunks(sorted(used)):
        still_active.update(
            Person.objects.filter(user_id__in=batch, is_active=True).values_list("user_id", flat=True)
        )
    for batch in chunks(sorted(used - still_active)):
        User.objects.filter(pk__in=batch, is_superuser=False).update(is_active=False)
    return {
        "restored": len(previous) + len(undo_data.get("deactivated", [])),
        "removed": len(removed),
        "deactivated": len(kept),
    }
