"""Reads of the dashboards: everything a plan, axis or action dashboard shows, in a fixed number of queries.

``plan_dashboard`` loads the plan's axes, its actions (with their leads, the date of their last visible progress
update across plan versions), its late milestones and its indicators (``indicators.selectors.plan_indicator_rows``)
once, then filters, counts and draws in Python: the number of queries does not depend on the number of actions,
milestones, indicators or values (``dashboards/tests/test_queries.py``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from dashboards import charts
from indicators.selectors import IndicatorRow, plan_indicator_rows
from plans.models import Action, ActionStatus, ActionUpdate, Axis, Milestone, Plan, Weather

STATUS_COLOURS: dict[str, str] = {
    ActionStatus.PLANNED: "#929292",
    ActionStatus.IN_PROGRESS: "#0063cb",
    ActionStatus.DELAYED: "#b34000",
    ActionStatus.DONE: "#18753c",
    ActionStatus.SUSPENDED: "#ce0500",
}
WEATHER_COLOURS: dict[str, str] = {
    Weather.ON_TRACK: "#18753c",
    Weather.AT_RISK: "#b34000",
    Weather.OFF_TRACK: "#ce0500",
    "": "#929292",
}
TARGET_COLOURS = {"yes": "#18753c", "no": "#ce0500", "unknown": "#929292"}
ACTIVE_STATUSES = {ActionStatus.IN_PROGRESS, ActionStatus.DELAYED}


# --- Filters, kept in the query string ---


@dataclass(frozen=True)
class Filters:
    axis: int | None = None  # axis number
    status: str = ""
    weather: str = ""  # a Weather value, or "none" for « non renseignée »
    lead: int | None = None  # user pk

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        """Unknown or malformed values are ignored (a shared link never breaks the page)."""

        def number(name: str) -> int | None:
            raw = str(query.get(name, "")).strip()
            return int(raw) if raw.isdigit() and len(raw) < 10 else None

        status = str(query.get("statut", ""))
        weather = str(query.get("meteo", ""))
        return cls(
            axis=number("axe"),
            status=status if status in ActionStatus.values else "",
            weather=weather if weather in [*Weather.values, "none"] else "",
            lead=number("pilote"),
        )

    @property
    def filters_actions(self) -> bool:
        return bool(self.status or self.weather or self.lead)

    @property
    def active(self) -> bool:
        return self.axis is not None or self.filters_actions

    def query(self) -> str:
        """The query string of these filters (empty values left out), for links and exports."""
        pairs = [
            ("axe", self.axis),
            ("statut", self.status),
            ("meteo", self.weather),
            ("pilote", self.lead),
        ]
        return urlencode([(k, v) for k, v in pairs if v not in (None, "")])

    def keeps(self, row: ActionRow) -> bool:
        action = row.action
        if self.axis is not None and action.axis.number != self.axis:
            return False
        if self.status and action.status != self.status:
            return False
        if self.weather and (action.weather or "none") != self.weather:
            return False
        return not (self.lead is not None and all(lead.pk != self.lead for lead in row.leads))


# --- Rows ---


@dataclass(frozen=True, slots=True)
class LateMilestone:
    """What the dashboard shows of a milestone past its due date and not reached (read as plain rows: a plan
    can have hundreds)."""

    pk: int
    action_id: int
    title: str
    due_date: datetime.date


@dataclass(frozen=True, slots=True)
class Lead:
    """An action's lead as the dashboard shows it (``str`` is the user's name, as ``User.__str__``)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class ActionRow:
    action: Action
    last_update_at: datetime.datetime | None
    late_milestones: list[LateMilestone]
    stale: bool
    leads: list[Lead] = field(default_factory=list)  # the action's leads, by last then first name


@dataclass
class AxisRow:
    axis: Axis
    counts: dict[str, int]
    total: int
    mean_progress: int


INDICATOR_TABLE_ROWS = 50


@dataclass
class Dashboard:
    plan: Plan
    filters: Filters
    today: datetime.date
    stale_days: int
    rows: list[ActionRow]
    axes: list[Axis]
    axis_rows: list[AxisRow]
    status_counts: list[tuple[str, str, int]]
    weather_counts: list[tuple[str, str, int]]
    late_milestones: list[tuple[LateMilestone, ActionRow]]
    stale_rows: list[ActionRow]
    indicators: list[IndicatorRow]
    lead_choices: list[tuple[int, str]]
    total_actions: int
    charts: list[charts.BarChart] = field(default_factory=list)
    summary: str = ""

    @cached_property
    def indicator_table(self) -> list[IndicatorRow]:
        """The dashboard's indicator table: at most ``INDICATOR_TABLE_ROWS``, those off their target first, then
        those without a value or a target, then those on target (plan order within each); the whole list is in
        the exports and on the plan's indicators page."""
        order = {False: 0, None: 1, True: 2}
        ranked = sorted(self.indicators, key=lambda row: order[row.on_target])
        return ranked[:INDICATOR_TABLE_ROWS]

    @cached_property
    def target_counts(self) -> dict[str, int]:
        counts = Counter(
            "unknown" if row.on_target is None else "yes" if row.on_target else "no"
            for row in self.indicators
        )
        return {"yes": counts["yes"], "no": counts["no"], "unknown": counts["unknown"]}


def last_visible_update() -> QuerySet[ActionUpdate]:
    """Visible updates of the outer action in every version of its plan, newest first (for a Subquery)."""
    return ActionUpdate.objects.filter(
        action__lineage=OuterRef("lineage"),
        action__plan__lineage=OuterRef("plan__lineage"),
        withdrawn_at__isnull=True,
        hidden_at__isnull=True,
    ).order_by("-created_at", "-id")


def plan_actions(plan: Plan) -> QuerySet[Action]:
    """The plan's actions with their axis, leads and last visible update's date (two queries)."""
    return (
        Action.objects.filter(plan=plan)
        .select_related("axis", "plan")
        .prefetch_related(Prefetch("leads", queryset=User.objects.order_by("last_name", "first_name")))
        .annotate(last_update_at=Subquery(last_visible_update().values("created_at")[:1]))
        .order_by("axis__number", "number")
    )


def dashboard_actions(plan: Plan, axes: list[Axis]) -> list[Action]:
    """``plan_actions`` without building an axis and a plan per action (the dashboard has read the plan and its
    axes already, and gives each action those objects) nor prefetching leads (``action_leads``)."""
    by_pk = {axis.pk: axis for axis in axes}
    actions = list(
        Action.objects.filter(plan=plan)
        .annotate(last_update_at=Subquery(last_visible_update().values("created_at")[:1]))
        .order_by("axis__number", "number")
    )
    for action in actions:
        Action.plan.field.set_cached_value(action, plan)
        Action.axis.field.set_cached_value(action, by_pk[action.axis_id])
    return actions


def action_leads(plan: Plan) -> dict[int, list[Lead]]:
    """Action pk → its leads by last then first name, in one query of plain rows rather than a prefetch of user
    instances (a lead of many actions is named once)."""
    names: dict[int, Lead] = {}
    found: dict[int, list[Lead]] = {}
    rows = (
        Action.leads.through.objects.filter(action__plan=plan)
        .order_by("user__last_name", "user__first_name", "user_id")
        .values_list("action_id", "user_id", "user__first_name", "user__last_name", "user__email")
    )
    for action_id, user_id, first_name, last_name, email in rows:
        if user_id not in names:
            name = str(User(pk=user_id, first_name=first_name, last_name=last_name, email=email))
            names[user_id] = Lead(user_id, name)
        found.setdefault(action_id, []).append(names[user_id])
    return found


def late_milestones_of(plan: Plan, today: datetime.date) -> list[LateMilestone]:
    """The plan's milestones past their due date and not reached, earliest first."""
    return [
        LateMilestone(*fields)
        for fields in Milestone.objects.filter(action__plan=plan, done_on__isnull=True, due_date__lt=today)
        .order_by("due_date", "id")
        .values_list("id", "action_id", "title", "due_date")
    ]


def is_stale(action: Action, last_update_at: datetime.datetime | None, since: datetime.datetime) -> bool:
    """An action under way (in progress, late, or planned with a start date past) with no update since ``since``."""
    today = timezone.localdate()
    under_way = action.status in ACTIVE_STATUSES or (
        action.status == ActionStatus.PLANNED and action.start_date is not None and action.start_date <= today
    )
    return under_way and (last_update_at is None or last_update_at < since)


def plan_dashboard(plan: Plan, filters: Filters, *, stale_days: int | None = None) -> Dashboard:
    """The plan's dashboard (an axis's when ``filters.axis`` is set). Seven queries whatever the plan's size."""
    today = timezone.localdate()
    days = stale_days if stale_days is not None else plan.organisation.stale_update_days
    since = timezone.now() - datetime.timedelta(days=days)
    axes = list(plan.axes.order_by("number"))
    actions = dashboard_actions(plan, axes)
    late_by_action: dict[int, list[LateMilestone]] = {}
    for milestone in late_milestones_of(plan, today):
        late_by_action.setdefault(milestone.action_id, []).append(milestone)
    leads_by_action = action_leads(plan)
    leads: dict[int, str] = {}
    all_rows = []
    for action in actions:
        mine = leads_by_action.get(action.pk, [])
        for lead in mine:
            leads[lead.pk] = lead.name
        last = action.last_update_at  # type: ignore[attr-defined]
        late = late_by_action.get(action.pk, [])
        all_rows.append(ActionRow(action, last, late, is_stale(action, last, since), mine))
    rows = [row for row in all_rows if filters.keeps(row)]
    indicators = plan_indicator_rows(
        plan, axis_number=filters.axis, latest_only=True, actions=actions, owners=False
    )
    if filters.filters_actions:
        kept = {row.action.lineage for row in rows}
        indicators = [i for i in indicators if i.indicator.action_lineage in kept]
    dashboard = Dashboard(
        plan=plan,
        filters=filters,
        today=today,
        stale_days=days,
        rows=rows,
        axes=axes,
        axis_rows=_axis_rows(axes, rows, filters),
        status_counts=_counts(rows, "status", ActionStatus.choices),
        weather_counts=_counts(rows, "weather", [*Weather.choices, ("", _("Non renseignée"))]),
        late_milestones=[(m, row) for row in rows for m in row.late_milestones],
        stale_rows=[row for row in rows if row.stale],
        indicators=indicators,
        lead_choices=sorted(leads.items(), key=lambda item: item[1]),
        total_actions=len(all_rows),
    )
    dashboard.late_milestones.sort(key=lambda pair: (pair[0].due_date, pair[0].pk))
    dashboard.charts = _charts(dashboard)
    dashboard.summary = _summary(dashboard)
    return dashboard


def _counts(rows: list[ActionRow], attribute: str, choices: Any) -> list[tuple[str, str, int]]:
    counts = Counter(getattr(row.action, attribute) for row in rows)
    return [(str(code), str(label), counts[code]) for code, label in choices]


def _axis_rows(axes: list[Axis], rows: list[ActionRow], filters: Filters) -> list[AxisRow]:
    result = []
    for axis in axes:
        if filters.axis is not None and axis.number != filters.axis:
            continue
        mine = [row.action for row in rows if row.action.axis_id == axis.pk]
        counts = Counter(a.status for a in mine)
        mean = round(sum(a.progress for a in mine) / len(mine)) if mine else 0
        result.append(AxisRow(axis, {str(c): counts[c] for c in ActionStatus.values}, len(mine), mean))
    return result


def _charts(d: Dashboard) -> list[charts.BarChart]:
    status_labels = dict(ActionStatus.choices)
    by_status = charts.bar_chart(
        _("Actions par statut"),
        [(label, [(code, label, count)]) for code, label, count in d.status_counts],
        STATUS_COLOURS,
    )
    by_axis = charts.bar_chart(
        _("Actions par axe et par statut"),
        [
            (
                _("Axe %(n)s") % {"n": row.axis.number},
                [(code, str(status_labels[code]), row.counts[code]) for code in ActionStatus.values],
            )
            for row in d.axis_rows
        ],
        STATUS_COLOURS,
    )
    by_weather = charts.bar_chart(
        _("Météo des actions"),
        [(label, [(code, label, count)]) for code, label, count in d.weather_counts],
        WEATHER_COLOURS,
    )
    targets = d.target_counts
    target_labels = {
        "yes": _("Cible atteinte"),
        "no": _("Cible non atteinte"),
        "unknown": _("Sans valeur ou cible"),
    }
    by_target = charts.bar_chart(
        _("Indicateurs par rapport à leur cible"),
        [(str(target_labels[k]), [(k, str(target_labels[k]), targets[k])]) for k in ("yes", "no", "unknown")],
        TARGET_COLOURS,
    )
    return [by_status, by_axis, by_weather, by_target]


def _summary(d: Dashboard) -> str:
    n = len(d.rows)
    parts = [ngettext("%(n)s action", "%(n)s actions", n) % {"n": n}]
    present = [f"{label.lower()} : {count}" for _code, label, count in d.status_counts if count]
    if present:
        parts[0] += " (" + ", ".join(present) + ")"
    late = len(d.late_milestones)
    parts.append(ngettext("%(n)s jalon en retard", "%(n)s jalons en retard", late) % {"n": late})
    stale = len(d.stale_rows)
    parts.append(
        ngettext(
            "%(n)s action sans point d'avancement depuis %(d)s jours",
            "%(n)s actions sans point d'avancement depuis %(d)s jours",
            stale,
        )
        % {"n": stale, "d": d.stale_days}
    )
    off = sum(count for code, _label, count in d.weather_counts if code == Weather.OFF_TRACK)
    parts.append(ngettext("%(n)s action en difficulté", "%(n)s actions en difficulté", off) % {"n": off})
    targets = d.target_counts
    total = sum(targets.values())
    parts.append(
        ngettext(
            "%(y)s indicateur sur %(n)s atteint sa cible",
            "%(y)s indicateurs sur %(n)s atteignent leur cible",
            targets["yes"],
        )
        % {"y": targets["yes"], "n": total}
    )
    return "; ".join(parts) + "."


# --- Action dashboard ---


@dataclass
class ActionDashboard:
    action: Action
    today: datetime.date
    stale_days: int
    last_update_at: datetime.datetime | None
    stale: bool
    milestones: list[Milestone]
    updates: list[ActionUpdate]  # the last visible ones with a weather or a status change, newest first
    indicators: list[IndicatorRow]
    charts: list[tuple[IndicatorRow, charts.BarChart]]


def action_dashboard(action: Action) -> ActionDashboard:
    today = timezone.localdate()
    days = action.plan.organisation.stale_update_days
    updates = list(
        ActionUpdate.objects.filter(
            action__lineage=action.lineage,
            action__plan__lineage=action.plan.lineage,
            withdrawn_at__isnull=True,
            hidden_at__isnull=True,
        )
        .select_related("author")
        .order_by("-created_at", "-id")[:12]
    )
    last = updates[0].created_at if updates else None
    indicators = plan_indicator_rows(action.plan, action=action)
    drawn = []
    for row in indicators:
        bars = [
            (
                f"{v.school_year}-{v.school_year + 1}" + (f" ({v.sub_period})" if v.sub_period > 1 else ""),
                [("value", _("Valeur"), float(v.value))],
            )
            for v in row.values
            if v.value is not None and v.value >= 0
        ]
        if bars:
            drawn.append((row, charts.bar_chart(row.indicator.name, bars, {"value": "#000091"})))
    return ActionDashboard(
        action=action,
        today=today,
        stale_days=days,
        last_update_at=last,
        stale=is_stale(action, last, timezone.now() - datetime.timedelta(days=days)),
        milestones=list(action.milestones.order_by("due_date", "id")),
        updates=updates,
        indicators=indicators,
        charts=drawn,
    )


# --- The committee document ---


@dataclass
class DocumentAxis:
    axis: Axis
    actions: list[Action]


def plan_document(plan: Plan) -> list[DocumentAxis]:
    """Every axis and action of the plan with its leads, milestones and last visible update (date and text).

    Four queries whatever the plan's size."""
    last = last_visible_update()
    actions = list(
        plan_actions(plan)
        .annotate(last_update_text=Subquery(last.values("text")[:1]))
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
    )
    axes = list(plan.axes.order_by("number"))
    return [DocumentAxis(axis, [a for a in actions if a.axis_id == axis.pk]) for axis in axes]
