"""Notifications of the demo academy: monthly digests for the action leads, and people following actions.

The demo agent follows two actions (the barometer, 3.5, and 1.1); the authors of the adopted proposals follow the
actions they became, as adoption does in the application (``notifications.receivers``).
"""

from coconstruction.models import Proposal, ProposalStatus
from notifications.models import DigestFrequency, Follow, NotificationSettings
from organisations.models import Organisation
from plans.models import Plan

DEMO_FOLLOWS = {"agent@demo.qualivie.fr": ("1.1", "3.5")}


def load_notifications_demo(org: Organisation, plan: Plan, users_by_email: dict) -> int:
    """Create the settings and the follows; returns how many follows."""
    NotificationSettings.objects.update_or_create(
        organisation=org, defaults={"digest_frequency": DigestFrequency.MONTHLY, "update_due_days": 45}
    )
    actions = {a.code: a for a in plan.actions.select_related("axis")}
    wanted: dict[tuple[int, str], tuple] = {}
    for email, codes in DEMO_FOLLOWS.items():
        user = users_by_email.get(email)
        for code in codes:
            if user is not None and code in actions:
                wanted[(user.pk, code)] = (user, actions[code], Follow.Origin.CHOSEN)
    adopted = Proposal.objects.filter(
        group__plan=plan, status=ProposalStatus.ADOPTED, adopted_action__isnull=False, author__isnull=False
    ).select_related("author", "adopted_action__axis")
    for proposal in adopted:
        action = proposal.adopted_action
        assert action is not None and proposal.author is not None
        wanted[(proposal.author.pk, action.code)] = (proposal.author, action, Follow.Origin.PROPOSAL)
    Follow.objects.bulk_create(
        [
            Follow(
                user=user,
                organisation=org,
                plan_lineage=plan.lineage,
                action_lineage=action.lineage,
                origin=origin,
            )
            for user, action, origin in wanted.values()
        ],
        ignore_conflicts=True,
    )
    return len(wanted)
