"""Reads of the reviews app: the lists pages show, and what a snapshot freezes (``plan_state``).

``plan_state`` reads the plan through plans' models, its indicators through ``indicators.selectors`` and the
barometer strictly through ``analytics.selectors.result_for``: a figure the results pages suppress is stored as
« not shown » (``None`` with ``suppressed``), never as a number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts import perms
from analytics import selectors as results
from analytics.models import ResultSet
from indicators.selectors import plan_indicator_rows
from organisations.models import Organisation, Unit
from plans.models import Action, ActionUpdate, Plan, PlanChange
from reviews.models import ReviewCycle
from reviews.perms import can_read_review, can_read_summary
from surveys.models import CampaignStatus


def reviews_for(user: Any, organisation: Organisation) -> list[tuple[ReviewCycle, bool]]:
    """(review, full access) of every review the user may open in the organisation: readers see all of them,
    other members the closed ones' summaries."""
    if not perms.is_member(user, organisation):
        return []
    found = ReviewCycle.objects.for_organisation(organisation).select_related("organisation", "plan")
    return [(r, can_read_review(user, r)) for r in found if can_read_summary(user, r)]


def reviews_of_organisation(user: Any, slug: str) -> tuple[Organisation, QuerySet[ReviewCycle]] | None:
    """For the API: the organisation's reviews the user reads in full, with their documents; None = 404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not perms.is_member(user, organisation):
        return None
    ids = [r.pk for r in ReviewCycle.objects.for_organisation(organisation) if can_read_review(user, r)]
    return organisation, (
        ReviewCycle.objects.filter(pk__in=ids)
        .select_related("organisation", "plan")
        .prefetch_related("documents")
        .order_by("-school_year", "-id")
    )


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _weather(action: Action) -> str | None:
    """``Action.weather`` when plans has it (another change adds it), else None."""
    value = getattr(action, "weather", None)
    if not value:
        return None
    display = getattr(action, "get_weather_display", None)
    return str(display()) if callable(display) else str(value)


def _actions(plan: Plan) -> list[dict[str, Any]]:
    actions = list(Action.objects.filter(plan=plan).select_related("axis").order_by("axis__number", "number"))
    # Updates stay on the version they were posted on: read them across the lineage, by action lineage.
    last: dict[Any, ActionUpdate] = {}
    visible = (
        ActionUpdate.objects.filter(
            action__plan__lineage=plan.lineage,
            action__plan__organisation_id=plan.organisation_id,
            withdrawn_at__isnull=True,
            hidden_at__isnull=True,
        )
        .select_related("action")
        .order_by("created_at", "id")
    )
    for update in visible:
        last[update.action.lineage] = update
    out = []
    for action in actions:
        latest = last.get(action.lineage)
        out.append(
            {
                "lineage": str(action.lineage),
                "code": action.code,
                "axis": action.axis.number,
                "axis_title": action.axis.title,
                "title": action.title,
                "status": action.status,
                "status_label": str(action.get_status_display()),
                "progress": action.progress,
                "weather": _weather(action),
                "last_update": None
                if latest is None
                else {"date": timezone.localdate(latest.created_at).isoformat(), "text": latest.text},
            }
        )
    return out


def _indicators(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for row in plan_indicator_rows(plan):
        indicator = row.indicator
        out.append(
            {
                "name": indicator.name,
                "kind": str(indicator.get_kind_display()),
                "unit": indicator.unit,
                "action": row.action.code if row.action is not None else None,
                "axis": indicator.axis_number if row.action is None else row.action.axis.number,
                "values": [
                    {
                        "year": v.school_year,
                        "period": v.sub_period,
                        "value": _number(v.value),
                        "suppressed": v.suppressed,
                    }
                    for v in row.values
                ],
                "targets": {str(year): _number(value) for year, value in sorted(row.targets.items())},
                "last": None if row.last is None else _number(row.last.value),
                "last_suppressed": bool(row.last and row.last.suppressed),
                "last_target": _number(row.last_target),
                "trend": row.trend,
                "on_target": row.on_target,
            }
        )
    return out


def last_published_result_set(organisation: Organisation) -> ResultSet | None:
    return (
        ResultSet.objects.filter(
            campaign__organisation=organisation, campaign__status=CampaignStatus.PUBLISHED
        )
        .select_related("campaign")
        .order_by("-campaign__published_at", "-campaign__closes_on")
        .first()
    )


def barometer_summary(organisation: Organisation) -> dict[str, Any] | None:
    """The organisation's last published barometer, for the whole organisation, through ``result_for``."""
    result_set = last_published_result_set(organisation)
    root = Unit.objects.filter(organisation=organisation, parent=None).order_by("pk").first()
    if result_set is None or root is None:
        return None
    result = results.result_for(result_set=result_set, unit=root)
    summary: dict[str, Any] = {
        "campaign": result_set.campaign.title,
        "campaign_id": result_set.campaign_id,
        "min_respondents": result_set.min_respondents,
        "suppressed": bool(result.get("suppressed")),
    }
    if summary["suppressed"]:
        return summary
    participation = result.get("participation") or {"suppressed": True}
    summary["respondents"] = result.get("n")
    summary["participation"] = (
        None
        if participation.get("suppressed") or not participation.get("rate")
        else round(100 * participation["rate"], 1)
    )
    summary["dimensions"] = [
        {
            "label": str(dim["label"]),
            "pct_favourable": None if dim["pct_favourable"] is None else round(dim["pct_favourable"], 1),
            "trend": None
            if not dim.get("trend") or dim["trend"].get("suppressed")
            else round(dim["trend"].get("delta_pts", 0), 1),
        }
        for dim in result.get("dimensions", [])
    ]
    return summary


def previous_review(review: ReviewCycle) -> ReviewCycle | None:
    """The latest earlier review of the same plan lineage that froze a snapshot."""
    return (
        ReviewCycle.objects.filter(
            organisation_id=review.organisation_id,
            plan_lineage=review.plan_lineage,
            school_year__lt=review.school_year,
            snapshot__isnull=False,
        )
        .order_by("-school_year")
        .first()
    )


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Status changes, progress deltas, new and removed actions (matched by lineage) between two snapshots."""
    old = {a["lineage"]: a for a in before.get("actions", [])}
    new = {a["lineage"]: a for a in after.get("actions", [])}
    status, progress = [], []
    for lineage, action in new.items():
        was = old.get(lineage)
        if was is None:
            continue
        if was["status"] != action["status"]:
            status.append(
                {
                    "code": action["code"],
                    "title": action["title"],
                    "before": was["status_label"],
                    "after": action["status_label"],
                }
            )
        if was["progress"] != action["progress"]:
            progress.append(
                {
                    "code": action["code"],
                    "title": action["title"],
                    "before": was["progress"],
                    "after": action["progress"],
                    "delta": action["progress"] - was["progress"],
                }
            )
    keep = ("code", "title")
    return {
        "status_changes": status,
        "progress_changes": progress,
        "added": [{k: a[k] for k in keep} for lin, a in new.items() if lin not in old],
        "removed": [{k: a[k] for k in keep} for lin, a in old.items() if lin not in new],
    }


def plan_state(review: ReviewCycle) -> dict[str, Any]:
    """What ``services.review_snapshot`` stores: the plan as it stands now, and what changed since the previous
    review's snapshot."""
    plan = review.plan
    state: dict[str, Any] = {
        "taken_at": timezone.localtime().isoformat(timespec="minutes"),
        "plan": {"id": plan.pk, "title": plan.title, "version": plan.version, "period": plan.period_label},
        "actions": _actions(plan),
        "indicators": _indicators(plan),
        "barometer": barometer_summary(review.organisation),
    }
    previous = previous_review(review)
    state["changes"] = None
    if previous is not None and previous.snapshot:
        state["changes"] = {"since": previous.title, **changes_between(previous.snapshot, state)}
    return state


STATUS_ORDER = ["planned", "in_progress", "delayed", "done", "suspended"]


def status_counts(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Actions by status in the snapshot, in the plan's status order, with the geometry of a horizontal bar chart
    (SVG units: 100 wide, one 10-high row per status)."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for action in snapshot.get("actions", []):
        counts[action["status"]] = counts.get(action["status"], 0) + 1
        labels[action["status"]] = action["status_label"]
    top = max(counts.values(), default=0) or 1
    rows = []
    for n, code in enumerate(
        [c for c in STATUS_ORDER if c in counts] + [c for c in counts if c not in STATUS_ORDER]
    ):
        rows.append(
            {
                "code": code,
                "label": labels[code],
                "count": counts[code],
                "width": round(60 * counts[code] / top, 2),
                "y": 12 * n,
                "text_y": 12 * n + 7,
            }
        )
    return rows


def implementing_changes(review: ReviewCycle) -> QuerySet[PlanChange]:
    """Changes recorded in the versions of the reviewed plan's lineage that came after the reviewed version: the
    ones a decision of the review can be tied to."""
    return PlanChange.objects.filter(
        plan__lineage=review.plan.lineage, plan__version__gt=review.plan.version
    ).select_related("plan")
