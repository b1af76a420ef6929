"""Shapes of the API's answers and bodies (OpenAPI 3 is generated from them)."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from core.limits import UPDATE_TEXT
from plans.models import Action, ActionStatus, ActionUpdate, Plan

# The largest id a database column holds (a signed 64-bit integer, as BigAutoField): a bigger number is refused
# with 422 before any query, where the database would fail (SQLite) or refuse the comparison (PostgreSQL).
MAX_ID = 2**63 - 1
# Enough pages for any organisation's plans at 100 a page; the bound keeps the row offset a small integer.
MAX_PAGE = 1_000_000
# PostgreSQL text columns refuse the NUL character: refuse it in the body first (documented in the schema).
NO_NUL = r"^[^\x00]*$"


class OrganisationOut(Schema):
    slug: str
    name: str


class PlanOut(Schema):
    id: int
    title: str
    organisation: OrganisationOut
    period: str = Field(description="Années scolaires couvertes, par ex. « 2023-2027 ».")
    status: str
    version: int
    visibility: str

    @staticmethod
    def resolve_period(obj: Plan) -> str:
        return obj.period_label


class ActionOut(Schema):
    id: int
    code: str = Field(description="Numéro de l'action, par ex. « 1.1 ».")
    title: str
    status: str
    progress: int
    lead_roles: str
    leads: list[str]

    @staticmethod
    def resolve_code(obj: Action) -> str:
        return obj.code

    @staticmethod
    def resolve_leads(obj: Action) -> list[str]:
        return [name for name in (user.get_full_name() for user in obj.leads.all()) if name]


class AxisOut(Schema):
    number: int
    title: str
    objective: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj: object) -> list[Action]:
        return list(obj.actions.all())  # type: ignore[attr-defined]


class ThemeOut(Schema):
    id: int
    title: str
    description: str


class PlanDetailOut(PlanOut):
    summary: str
    axes: list[AxisOut]
    themes: list[ThemeOut]

    @staticmethod
    def resolve_axes(obj: Plan) -> list[object]:
        return list(obj.axes.all())

    @staticmethod
    def resolve_themes(obj: Plan) -> list[object]:
        return list(obj.themes.all())


class ActionUpdateIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=UPDATE_TEXT,
        pattern=NO_NUL,
        description="Où en est l'action (5 000 caractères au plus).",
    )
    status: ActionStatus | None = Field(None, description="Nouveau statut de l'action.")
    progress: int | None = Field(None, ge=0, le=100, description="Avancement en pourcentage.")
    milestone_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Jalon atteint, parmi ceux de l'action."
    )

    @field_validator("text")
    @classmethod
    def encodable(cls, value: str) -> str:
        """A lone surrogate (``"\\ud800"`` in JSON) cannot be stored as UTF-8."""
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError("unencodable") from error
        return value


class ActionUpdateOut(Schema):
    id: int
    action_id: int
    created_at: datetime.datetime
    author: str
    text: str
    status_before: str
    status_after: str
    progress_after: int | None
    milestone_id: int | None

    @staticmethod
    def resolve_author(obj: ActionUpdate) -> str:
        return obj.author.get_full_name() if obj.author else ""

    @staticmethod
    def resolve_milestone_id(obj: ActionUpdate) -> int | None:
        return obj.milestone_done_id


class IndicatorValueOut(Schema):
    school_year: int = Field(description="Année de la rentrée : 2024 pour 2024-2025.")
    sub_period: int = Field(description="1 pour une valeur annuelle ; 1-2 (semestres) ; 1-3 (trimestres).")
    value: float | None = Field(description="Vide quand la valeur n'est pas affichée (groupe trop petit).")
    suppressed: bool = Field(
        description="Vrai quand le baromètre ne montre pas ce chiffre (groupe trop petit)."
    )
    status: str = Field(description="« validated » (saisie validée) ou « computed » (calculée).")
    comment: str
    source_campaign_id: int | None = Field(
        description="Campagne du baromètre dont vient une valeur calculée."
    )


class TargetOut(Schema):
    school_year: int
    value: float


class IndicatorOut(Schema):
    """An indicator row (``indicators.selectors.IndicatorRow``): the indicator, its action, values and targets."""

    id: int
    name: str
    kind: str = Field(description="« follow_up » (suivi) ou « result » (résultat).")
    unit: str
    direction: str = Field(description="« up » : plus haut, c'est mieux ; « down » : plus bas, c'est mieux.")
    axis_number: int | None
    action_code: str | None = Field(description="Numéro de l'action, vide pour un indicateur d'axe.")
    periodicity: str
    computation: str = Field(description="« manual » (saisie) ou la source du calcul.")
    baseline: float | None
    source: str
    method: str
    trend: str | None = Field(description="« up », « down » ou « flat » entre les deux dernières valeurs.")
    on_target: bool | None
    targets: list[TargetOut]
    values: list[IndicatorValueOut]

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.indicator.pk)

    @staticmethod
    def resolve_name(obj: Any) -> Any:
        return obj.indicator.name

    @staticmethod
    def resolve_kind(obj: Any) -> Any:
        return obj.indicator.kind

    @staticmethod
    def resolve_unit(obj: Any) -> Any:
        return obj.indicator.unit

    @staticmethod
    def resolve_direction(obj: Any) -> Any:
        return obj.indicator.direction

    @staticmethod
    def resolve_axis_number(obj: Any) -> Any:
        return obj.indicator.axis_number

    @staticmethod
    def resolve_periodicity(obj: Any) -> Any:
        return obj.indicator.periodicity

    @staticmethod
    def resolve_computation(obj: Any) -> Any:
        return obj.indicator.computation

    @staticmethod
    def resolve_source(obj: Any) -> Any:
        return obj.indicator.source

    @staticmethod
    def resolve_method(obj: Any) -> Any:
        return obj.indicator.method

    @staticmethod
    def resolve_baseline(obj: Any) -> float | None:
        baseline = obj.indicator.baseline
        return None if baseline is None else float(baseline)

    @staticmethod
    def resolve_action_code(obj: Any) -> str | None:
        return obj.action.code if obj.action is not None else None

    @staticmethod
    def resolve_targets(obj: Any) -> list[dict[str, Any]]:
        return [{"school_year": year, "value": float(value)} for year, value in sorted(obj.targets.items())]

    @staticmethod
    def resolve_values(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "school_year": v.school_year,
                "sub_period": v.sub_period,
                "value": None if v.suppressed or v.value is None else float(v.value),
                "suppressed": v.suppressed,
                "status": v.status,
                "comment": v.comment,
                "source_campaign_id": v.source_campaign_id,
            }
            for v in obj.values
        ]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


# --- Plan versions and their differences (plans.differences.diff_as_dict) ---


class PlanVersionOut(Schema):
    id: int
    version: int
    title: str
    status: str
    visibility: str
    previous_id: int | None = Field(None, description="La version dont celle-ci est la révision.")
    created_at: datetime.datetime


class DiffActionOut(Schema):
    id: int
    code: str
    title: str
    status: str


class DiffFieldOut(Schema):
    field: str
    label: str
    before: str
    after: str
    removed: list[str] = Field(description="Mots retirés de l'ancienne version (difflib, mot à mot).")
    added: list[str] = Field(description="Mots ajoutés dans la nouvelle version.")


class DiffEntryOut(Schema):
    kind: str = Field(description="added, removed, merged, split ou changed.")
    before: DiffActionOut | None
    after: DiffActionOut | None
    related: list[DiffActionOut] = Field(
        description="Fusionnée dans / scindée de : l'action de l'autre version."
    )
    fields: list[DiffFieldOut]
    change_ids: list[int] = Field(
        description="Les modifications (avec leur motif) à l'origine de cette différence."
    )


class PlanChangeOut(Schema):
    id: int
    version: int
    kind: str = Field(description="add, reword, merge, split, close ou abandon.")
    reason: str
    decision_note: str
    lineages_before: list[str]
    lineages_after: list[str]
    labels_before: list[str]
    labels_after: list[str]
    author: str | None
    created_at: datetime.datetime


class VersionRefOut(Schema):
    id: int
    version: int


class PlanDiffOut(Schema):
    older: VersionRefOut
    newer: VersionRefOut
    added: list[DiffEntryOut]
    removed: list[DiffEntryOut]
    merged: list[DiffEntryOut]
    split: list[DiffEntryOut]
    changed: list[DiffEntryOut]
    unchanged: int
    changes: list[PlanChangeOut]


# --- Prevention: published register versions and adopted programmes (plain fields: api.schemas imports no
# prevention model) ---


class RegisterLineOut(Schema):
    work_unit: str
    danger_family: str
    danger_family_label: str
    gollac_axis: str
    exposure_situation: str
    exposed_count: int | None
    existing_measures: str
    method: str
    inputs: dict[str, int]
    score: int | None
    level: str
    evaluated_on: str
    measures: list[str]


class RegisterVersionOut(Schema):
    id: int
    organisation: OrganisationOut
    number: int
    published_at: datetime.datetime
    valid_from: datetime.date
    valid_to: datetime.date | None
    document_sha256: str = Field(description="Empreinte SHA-256 du document ODT publié.")


class RegisterVersionDetailOut(RegisterVersionOut):
    lines: list[RegisterLineOut]

    @staticmethod
    def resolve_lines(obj: object) -> list[dict[str, object]]:
        return list(getattr(obj, "snapshot", {}).get("lines", []))


class MeasureOut(Schema):
    id: int
    title: str
    status: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    target: str
    estimated_cost: float | None
    actual_cost: float | None
    not_done_reason: str


class ProgrammeOut(Schema):
    id: int
    organisation: OrganisationOut
    year: int
    status: str
    meeting_date: datetime.date | None
    opinion_text: str = Field(description="Avis de la F3SCT.")
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None


class ProgrammeDetailOut(ProgrammeOut):
    measures: list[MeasureOut]
    completion_rate: int = Field(description="Part des mesures réalisées, en %.")


class StoryOut(Schema):
    """A published action story (récit d'action) of a network."""

    id: int
    title: str
    organisation: OrganisationOut
    network: str = Field(description="Réseau où le récit est partagé.")
    visibility: str = Field(description="« public » (tout le monde) ou « network » (membres du réseau).")
    sector: str = Field(description="Versant : state, local, hospital.")
    size_band: str
    departement: str = Field(description="Code INSEE du département (2A, 2B, 971…).")
    region: str = Field(description="Code INSEE de la région, déduit du département.")
    themes: list[str] = Field(description="Dimensions de la QVT et axes Gollac (« gollac:autonomy »…).")
    remarkable: bool = Field(description="Labellisé « pratique remarquable » par l'animation du réseau.")
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_network(obj: Any) -> str:
        return str(obj.network.name)

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return list(obj.theme_codes)


class StoryDetailOut(StoryOut):
    context: str
    actions: str = Field(description="Ce qui a été fait.")
    levers: str
    effects: str
    lessons: str = Field(description="Ce qu'il faut retenir.")
    duration: str
    cost: str
