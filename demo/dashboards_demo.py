"""The weather (« météo ») of the demo plan's actions, as their leads would have set it with their last update.

Derived from where each action stands (demo/progress.py), so that the plan dashboard shows all three weathers:
delayed actions are « en difficulté », actions in progress with a milestone past due « à surveiller », the other
actions in progress and the done ones « dans les temps »; actions not started yet or suspended have none.
"""

from __future__ import annotations

from django.utils import timezone

from demo.steps import Progress, silent
from plans.models import Action, ActionStatus, ActionUpdate, Plan, Weather


def weather_for(action: Action, has_late_milestone: bool) -> str:
    if action.status == ActionStatus.DELAYED:
        return Weather.OFF_TRACK
    if action.status == ActionStatus.IN_PROGRESS:
        return Weather.AT_RISK if has_late_milestone else Weather.ON_TRACK
    if action.status == ActionStatus.DONE:
        return Weather.ON_TRACK
    return ""


def set_demo_weather(plan: Plan, progress: Progress = silent) -> int:
    """Set each action's weather and its last update's; returns how many actions got one."""
    today = timezone.localdate()
    actions = list(plan.actions.prefetch_related("milestones"))
    latest: dict[int, ActionUpdate] = {}
    for posted in ActionUpdate.objects.filter(action__plan=plan).order_by("created_at", "id"):
        latest[posted.action_id] = posted
    changed_updates = []
    for action in actions:
        late = any(m.done_on is None and m.due_date < today for m in action.milestones.all())
        action.weather = weather_for(action, late)
        update = latest.get(action.pk)
        if update is not None and action.weather:
            update.weather = action.weather
            changed_updates.append(update)
    Action.objects.bulk_update(actions, ["weather"])
    ActionUpdate.objects.bulk_update(changed_updates, ["weather"])
    count = sum(1 for a in actions if a.weather)
    progress(f"Démo : météo de {count} actions.")
    return count
