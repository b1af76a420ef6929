"""Reads of plans: which plans a caller may see, and the data each page shows, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import perms
from accounts.models import Role, RoleGrant, User
from core.limits import FIRST_YEAR, MAX_PLAN_YEARS
from plans.differences import PlanDiff as PlanDiff  # re-exported: the API reads plans through selectors
from plans.differences import diff_as_dict as diff_as_dict
from plans.differences import lineage_changes, predecessor_lineages
from plans.differences import plan_differences as plan_differences
from plans.models import Action, ActionStatus, ActionUpdate, Axis, Milestone, Plan, PlanStatus, Visibility

if TYPE_CHECKING:
    from organisations.models import Organisation

STEERING_ROLES = [Role.PROGRAMME_LEAD, Role.ADMIN, Role.ACTION_LEAD]


def plans_visible_to(user: Any) -> Any:
    """Public plans for everyone; staff plans for members of the organisation; drafts for its steering team."""
    visible = Q(visibility=Visibility.PUBLIC)
    member_orgs = perms.member_organisation_ids(user)
    if member_orgs:
        visible |= Q(visibility=Visibility.STAFF, organisation_id__in=member_orgs)
        steering_orgs = set(
            RoleGrant.objects.for_user(user)
            .filter(role__in=STEERING_ROLES)
            .values_list("organisation_id", flat=True)
        )
        if steering_orgs:
            visible |= Q(organisation_id__in=steering_orgs)
    return Plan.objects.filter(visible)


def plan_with_tree_visible_to(user: Any, pk: int) -> Plan | None:
    """One plan the user may read, with its organisation, axes, actions (and their leads) and themes (the API)."""
    actions = Action.objects.order_by("number").prefetch_related("leads")
    axes = Axis.objects.order_by("number").prefetch_related(Prefetch("actions", queryset=actions))
    plan: Plan | None = (
        plans_visible_to(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("axes", queryset=axes), "themes")
        .filter(pk=pk)
        .first()
    )
    return plan


def action_for_update(pk: int) -> Action | None:
    """An action with what posting a progress update on it reads (its plan, organisation, axis and leads)."""
    return (
        Action.objects.select_related("plan__organisation", "axis")
        .prefetch_related("leads")
        .filter(pk=pk)
        .first()
    )


def current_plan_of(organisation: Organisation) -> Plan | None:
    """The plan the organisation is running: its latest adopted version (a version under revision is the draft of
    the next one: the adopted version stays in force until the revision is adopted), else the latest version of
    its plans under revision or in draft; the most recent period first."""
    plans = Plan.objects.filter(organisation=organisation).select_related("organisation")
    adopted = plans.filter(status=PlanStatus.ADOPTED).order_by("-first_school_year", "-version").first()
    if adopted is not None:
        return adopted
    drafting = Case(
        When(status=PlanStatus.UNDER_REVISION, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return plans.current().order_by(drafting, "-first_school_year", "-version").first()


def latest_visible_versions(user: Any) -> list[Plan]:
    """For the plan list: the most recent version of each plan the user may read."""
    latest: dict[Any, Plan] = {}
    for plan in plans_visible_to(user).select_related("organisation").order_by("version"):
        latest[plan.lineage] = plan
    return sorted(latest.values(), key=lambda p: (p.organisation.name, -p.first_school_year, p.title))


def organisation_users(organisation: Organisation) -> QuerySet[User]:
    """People who can be chosen as action leads: active staff and role holders of the organisation."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(people__organisation=organisation, people__is_active=True)
            | Q(role_grants__organisation=organisation)
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


# --- Plan overview ---


def late_milestone_count() -> Coalesce:
    """Annotation: how many of an action's milestones are past due and not reached (a subquery, no extra query)."""
    late = (
        Milestone.objects.filter(
            action=OuterRef("pk"), done_on__isnull=True, due_date__lt=timezone.localdate()
        )
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(late, output_field=IntegerField()), 0)


def actions_for_display() -> QuerySet[Action]:
    """Actions with their axis, leads and ``late_milestones`` (past due, not reached)."""
    return (
        Action.objects.select_related("axis")
        .prefetch_related("leads")
        .annotate(late_milestones=late_milestone_count())
        .order_by("number")
    )


@dataclass
class AxisProgress:
    axis: Axis
    actions: list[Action]
    mean_progress: int
    status_counts: list[tuple[str, str, int]]  # (status code, label, count), only statuses present


def axis_progress(axis: Axis, actions: list[Action]) -> AxisProgress:
    mean = round(sum(a.progress for a in actions) / len(actions)) if actions else 0
    counts = Counter(a.status for a in actions)
    status_counts = [(code, str(label), counts[code]) for code, label in ActionStatus.choices if counts[code]]
    return AxisProgress(axis=axis, actions=actions, mean_progress=mean, status_counts=status_counts)


def plan_axes_with_actions(plan: Plan) -> list[AxisProgress]:
    """Every axis with its actions (leads loaded) and its progress: three queries whatever the size."""
    axes = plan.axes.order_by("number").prefetch_related(Prefetch("actions", queryset=actions_for_display()))
    return [axis_progress(axis, list(axis.actions.all())) for axis in axes]


# --- Action page ---


def action_detail(action: Action) -> Action:
    """Load what the action page shows (themes, milestones) on an action fetched by its getter."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([action], "themes", "milestones")
    return action


def action_timeline(action: Action) -> QuerySet[ActionUpdate]:
    """Updates of this action in every version of the plan (same plan lineage, same action lineage), and those of
    the actions merged into it or split into it by a revision (``plans.differences.predecessor_lineages``)."""
    lineages = predecessor_lineages(action.lineage, lineage_changes(action.plan.lineage))
    return (
        ActionUpdate.objects.filter(action__lineage__in=lineages, action__plan__lineage=action.plan.lineage)
        .select_related("author", "milestone_done", "action__plan")
        .prefetch_related("attachments")
        .order_by("-created_at", "-id")
    )


# --- My actions ---


def actions_led_by(user: User) -> QuerySet[Action]:
    """The current actions a person leads, with the date of their last update and their next milestone."""
    last_update = ActionUpdate.objects.filter(
        action__lineage=OuterRef("lineage"), action__plan__lineage=OuterRef("plan__lineage")
    ).order_by("-created_at")
    next_milestone = Milestone.objects.filter(action=OuterRef("pk"), done_on__isnull=True).order_by(
        "due_date", "id"
    )
    return (
        Action.objects.current()
        .led_by(user)
        .filter(pk__in=Action.objects.filter(plan__in=plans_visible_to(user)).values("pk"))
        .select_related("plan", "axis")
        .annotate(
            last_update_at=Subquery(last_update.values("created_at")[:1]),
            next_milestone_title=Subquery(next_milestone.values("title")[:1]),
            next_milestone_due=Subquery(next_milestone.values("due_date")[:1]),
        )
        .order_by("plan__title", "axis__number", "number")
    )


# --- Deployment calendar ---

TERMS = (  # (number, first month, first day) of the three terms of a school year starting in September
    (1, 9, 1),
    (2, 1, 1),
    (3, 4, 1),
)


@dataclass(frozen=True)
class Term:
    school_year: int
    number: int
    start: datetime.date
    end: datetime.date

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def label(self) -> str:
        return _("T%(n)s") % {"n": self.number}

    @property
    def long_label(self) -> str:
        return _("%(year)s, trimestre %(n)s") % {"year": self.school_year_label, "n": self.number}

    @property
    def is_current(self) -> bool:
        """Today falls in this term: the calendar marks its column « aujourd'hui »."""
        return self.start <= timezone.localdate() <= self.end


def calendar_years(plan: Plan) -> list[int]:
    """The school years the calendar shows. Plans are bounded (``core.limits``) but rows written before the bounds
    may hold anything: keep years a date can hold, at most ``MAX_PLAN_YEARS`` of them, and at least one."""
    first = min(max(plan.first_school_year or FIRST_YEAR, 1), datetime.MAXYEAR - 1)
    last = min(max(plan.last_school_year or first, first), datetime.MAXYEAR - 1, first + MAX_PLAN_YEARS - 1)
    return list(range(first, last + 1))


def plan_terms(plan: Plan) -> list[Term]:
    """Three terms per school year: September–December, January–March, April–August."""
    terms = []
    for year in calendar_years(plan):
        starts = [datetime.date(year if month >= 9 else year + 1, month, day) for _n, month, day in TERMS]
        ends = [*(s - datetime.timedelta(days=1) for s in starts[1:]), datetime.date(year + 1, 8, 31)]
        terms += [Term(year, n, s, e) for (n, _m, _d), s, e in zip(TERMS, starts, ends, strict=True)]
    return terms


@dataclass
class CalendarCell:
    term: Term
    active: bool
    milestones: list[Milestone] = field(default_factory=list)
    today: bool = False


@dataclass
class CalendarRow:
    action: Action
    cells: list[CalendarCell]
    dated: bool


def calendar_row(action: Action, terms: list[Term]) -> CalendarRow:
    dated = bool(action.start_date or action.end_date)
    start = action.start_date or terms[0].start
    end = action.end_date or terms[-1].end
    cells = []
    for term in terms:
        milestones = [m for m in action.milestones.all() if term.start <= m.due_date <= term.end]
        cells.append(
            CalendarCell(term, dated and start <= term.end and end >= term.start, milestones, term.is_current)
        )
    return CalendarRow(action=action, cells=cells, dated=dated)


def plan_calendar(plan: Plan) -> tuple[list[Term], list[tuple[Axis, list[CalendarRow]]]]:
    terms = plan_terms(plan)
    actions = actions_for_display().prefetch_related("milestones")
    axes = plan.axes.order_by("number").prefetch_related(Prefetch("actions", queryset=actions))
    return terms, [(axis, [calendar_row(a, terms) for a in axis.actions.all()]) for axis in axes]


# --- Versions and revisions ---


def plan_versions(user: Any, plan: Plan) -> list[Plan]:
    """The versions of a plan the user may read, oldest first."""
    return list(
        plans_visible_to(user)
        .filter(lineage=plan.lineage, organisation_id=plan.organisation_id)
        .select_related("organisation")
        .order_by("version")
    )
