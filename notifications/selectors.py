"""Reads of the notifications app: settings with their defaults, followers, followed actions and the digest."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery

from indicators import selectors as indicator_selectors
from notifications.models import DigestFrequency, Follow, NotificationSettings, Preference
from plans.models import Action, ActionStatus, ActionUpdate, Milestone, PlanStatus

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

# Actions under way: the ones whose lead owes regular progress updates.
UNDER_WAY = (ActionStatus.IN_PROGRESS, ActionStatus.DELAYED)


def settings_for(organisation: Organisation) -> NotificationSettings:
    """The organisation's settings, or unsaved defaults (saved the first time the programme lead edits them)."""
    found = NotificationSettings.objects.filter(organisation=organisation).first()
    return found or NotificationSettings(organisation=organisation)


def preference_for(user: Any) -> Preference:
    """What the person still receives, or unsaved defaults (everything)."""
    found = Preference.objects.filter(user=user).first() if user.pk else None
    return found or Preference(user=user)


def is_following(user: Any, action: Action) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(
        user=user, plan_lineage=action.plan.lineage, action_lineage=action.lineage
    ).exists()


def followers_of(action: Action) -> QuerySet[Follow]:
    """The follows of an action (any version of it), with their users and preferences: two queries."""
    return (
        Follow.objects.filter(plan_lineage=action.plan.lineage, action_lineage=action.lineage)
        .select_related("user", "user__notification_preference")
        .order_by("pk")
    )


def followed_actions(user: User) -> list[Action]:
    """The current version of every action the person follows, in plan order."""
    follows = list(Follow.objects.filter(user=user).values_list("plan_lineage", "action_lineage"))
    if not follows:
        return []
    wanted = set(follows)
    candidates = (
        Action.objects.current()
        .filter(lineage__in={a for _p, a in follows})
        .select_related("plan__organisation", "axis")
        .order_by("plan__title", "axis__number", "number")
    )
    return [action for action in candidates if (action.plan.lineage, action.lineage) in wanted]


# --- Digest ---


def digest_period(frequency: str, today: datetime.date) -> str | None:
    """The period a digest sent ``today`` counts for: « 2026-W49 » (weekly), « 2026-12 » (monthly), None (never)."""
    if frequency == DigestFrequency.WEEKLY:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == DigestFrequency.MONTHLY:
        return f"{today.year}-{today.month:02d}"
    return None


@dataclass
class Digest:
    user: Any
    organisation: Organisation
    updates_due: list[Action] = field(default_factory=list)  # annotated with ``last_update_at``
    late_milestones: list[Milestone] = field(default_factory=list)
    values_due: list[tuple[Any, int, int]] = field(
        default_factory=list
    )  # (Indicator, school_year, sub_period)

    @property
    def is_empty(self) -> bool:
        return not (self.updates_due or self.late_milestones or self.values_due)


def led_actions(organisation: Organisation) -> QuerySet[Action]:
    """Current actions of the organisation's plans that are not closed, with the date of their last update."""
    last_update = ActionUpdate.objects.filter(
        action__lineage=OuterRef("lineage"),
        action__plan__lineage=OuterRef("plan__lineage"),
        withdrawn_at__isnull=True,
    ).order_by("-created_at")
    return (
        Action.objects.current()
        .filter(plan__organisation=organisation)
        .exclude(plan__status=PlanStatus.CLOSED)
        .select_related("plan", "axis")
        .prefetch_related("leads")
        .annotate(last_update_at=Subquery(last_update.values("created_at")[:1]))
        .order_by("axis__number", "number")
    )


def digests_for(organisation: Organisation, today: datetime.date, update_due_days: int) -> list[Digest]:
    """One digest per lead of the organisation's actions (empty ones included): a fixed number of queries."""
    actions = list(led_actions(organisation))
    cutoff = today - datetime.timedelta(days=update_due_days)
    late = Milestone.objects.filter(
        action__in=[a.pk for a in actions], done_on__isnull=True, due_date__lt=today
    ).order_by("due_date", "id")
    late_by_action: dict[int, list[Milestone]] = {}
    by_pk = {a.pk: a for a in actions}
    for milestone in late:
        milestone.action = by_pk[milestone.action_id]
        late_by_action.setdefault(milestone.action_id, []).append(milestone)
    due_values = indicator_selectors.values_due(organisation, today)
    digests: dict[int, Digest] = {}
    for action in actions:
        for lead in action.leads.all():
            if not lead.is_active:
                continue
            digest = digests.setdefault(lead.pk, Digest(user=lead, organisation=organisation))
            last = action.last_update_at  # type: ignore[attr-defined]
            if action.status in UNDER_WAY and (last is None or last.date() < cutoff):
                digest.updates_due.append(action)
            digest.late_milestones.extend(late_by_action.get(action.pk, []))
    lineages: dict[Any, set[int]] = {}
    for action in actions:
        for lead in action.leads.all():
            lineages.setdefault((action.plan.lineage, action.lineage), set()).add(lead.pk)
    for indicator, school_year, sub_period in due_values:
        users = set(lineages.get((indicator.plan_lineage, indicator.action_lineage), set()))
        if indicator.owner_id in digests:
            users.add(indicator.owner_id)
        for user_pk in users:
            if user_pk in digests:
                digests[user_pk].values_due.append((indicator, school_year, sub_period))
    return list(digests.values())
