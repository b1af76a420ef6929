"""Who sees which results (docs/anonymity.md and DOMAIN.md).

- programme leads and administrators of the whole organisation: every unit, from close (preview) on;
- managers (and unit-scoped leads or administrators): their units' subtrees, once the campaign is published;
- staff representatives: the organisation-level (root) results, once published — the same moment as managers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts import perms
from accounts.models import Role
from organisations.models import Unit
from surveys.models import Campaign, CampaignStatus

RESULT_STATUSES = {CampaignStatus.CLOSED, CampaignStatus.PUBLISHED}


@dataclass(frozen=True)
class Scope:
    """Units whose results a user may read: everything, some subtrees, and some single units (roots)."""

    everything: bool = False
    subtrees: list[Unit] = field(default_factory=list)
    singles: list[Unit] = field(default_factory=list)

    def allows(self, unit: Unit) -> bool:
        if self.everything:
            return True
        return any(unit.pk == s.pk for s in self.singles) or any(
            unit.organisation_id == s.organisation_id and unit.path.startswith(s.path) for s in self.subtrees
        )


def can_build(user: Any, campaign: Campaign) -> bool:
    """Programme leads and administrators of the whole organisation compute the results after close."""
    return perms.can_manage_organisation(user, campaign.organisation)


def can_preview(user: Any, campaign: Campaign) -> bool:
    """Who may read results before publication (after close): the organisation's steering team."""
    return perms.can_manage_organisation(user, campaign.organisation)


def results_scope(user: Any, campaign: Campaign) -> Scope | None:
    """What the user may read of this campaign's results; ``None`` when nothing (answer 404)."""
    organisation = campaign.organisation
    if campaign.status not in RESULT_STATUSES or not perms.is_member(user, organisation):
        return None
    if can_preview(user, campaign):
        return Scope(everything=True)
    if campaign.status != CampaignStatus.PUBLISHED:
        return None
    managed = perms.scoped_units(user, organisation, Role.MANAGER, Role.PROGRAMME_LEAD, Role.ADMIN)
    if managed is None:
        return Scope(everything=True)
    singles: list[Unit] = []
    if perms.has_role(user, organisation, Role.STAFF_REP):
        singles = list(Unit.objects.filter(organisation=organisation, parent__isnull=True))
    if not managed and not singles:
        return None
    return Scope(subtrees=list(managed), singles=singles)


def participation_scope(user: Any, campaign: Campaign) -> list[Unit] | None:
    """Units whose participation the user may see: ``None`` = all; ``[]`` = none. The steering team sees
    every unit; a manager the subtrees of their units (after close, from publication on, like the results)."""
    if perms.can_manage_organisation(user, campaign.organisation):
        return None
    return perms.scoped_units(user, campaign.organisation, Role.MANAGER)
