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


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


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
