"""The plan revision part of the permission matrix's world (``core/tests/permission_world.py``).

A staff-visible, adopted plan (version 1) revised into a private version 2 « en révision », where the programme
lead already reworded one action, through the services as the programme lead would. The action pages of each
kind of change are ``Target``s: the action of version 2 with the kind in the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from core.tests.permission_world_surveys import Target
from organisations.models import Organisation
from plans import revision
from plans import services as plan_services
from plans.models import Action, Plan, Visibility


@dataclass
class RevisionWorld:
    revis_plan: Plan  # version 1: adopted, visible to the organisation's staff
    revised_plan: Plan  # version 2: « en révision », private (steering team)
    revised_action: Action  # 1.1 of version 2, led by the ``action_lead`` user, reworded
    reword: Target
    merge: Target
    split: Target
    close: Target
    abandon: Target


def build_revision_world(*, organisation: Organisation, users: dict[str, User]) -> RevisionWorld:
    pilot, lead = users["programme_lead"], users["action_lead"]
    plan = plan_services.plan_create(
        organisation=organisation,
        by=pilot,
        title="Plan QVT à réviser",
        first_school_year=2023,
        last_school_year=2026,
    )
    plan_services.plan_publish(plan=plan, visibility=Visibility.STAFF, by=pilot)
    plan_services.plan_set_status(plan=plan, status="adopted", by=pilot)
    axis = plan_services.axis_create(plan=plan, by=pilot, number=1, title="Relations de travail")
    plan_services.action_create(
        plan=plan, axis=axis, by=pilot, number=1, title="Former à la relation à l'usager", leads=[lead]
    )
    plan_services.action_create(plan=plan, axis=axis, by=pilot, number=2, title="Accueillir les arrivants")
    revised = plan_services.plan_revise(plan=plan, by=pilot)
    action = revised.actions.select_related("axis", "plan").get(number=1)
    revision.action_reword(
        action=action,
        by=pilot,
        reason="Bilan annuel : élargir aux personnels d'accueil.",
        title="Former tous les personnels d'accueil à la relation à l'usager",
    )

    def kind(slug: str) -> Target:
        return Target(organisation, action.pk, url_kwargs={"kind": slug})

    return RevisionWorld(
        revis_plan=plan,
        revised_plan=revised,
        revised_action=action,
        reword=kind("reformuler"),
        merge=kind("fusionner"),
        split=kind("scinder"),
        close=kind("cloturer"),
        abandon=kind("abandonner"),
    )
