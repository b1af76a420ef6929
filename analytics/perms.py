"""Who sees which results (docs/anonymity.md and DOMAIN.md).

- programme leads and administrators of the whole organisation: every unit, from close (preview) on;
- managers (and unit-scoped leads or administrators): their units' subtrees, once the campaign is published;
- staff representatives: the organisation-level (root) results, once published — the same moment as managers;
- agents invited to the campaign (an ``Invitation`` of their ``Person``: invitations outlive the close, their
  ``used`` flag does not): the organisation-level results too, once published, unless the campaign's
  ``results_shared_with_staff`` is off.

Participation: the steering team sees every unit, managers their subtrees, staff representatives the
organisation level (root units).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts import perms
from accounts.models import Role
from organisations import tree
from organisations.models import Unit
from surveys.models import Campaign, CampaignStatus, Invitation

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
            unit.organisation_id == s.organisation_id and tree.is_within(unit.path, s.path)
            for s in self.subtrees
        )

    def allows_path(self, pk: int, path: str) -> bool:
        """``allows`` for a unit of the campaign's organisation known by its primary key and path only."""
        if self.everything:
            return True
        return any(pk == s.pk for s in self.singles) or any(
            tree.is_within(path, s.path) for s in self.subtrees
        )


def invited_campaign_ids(user: Any) -> set[int]:
    """Campaigns to which the user's staff records were invited, cached on the user object for the request."""
    cached: set[int] | None = getattr(user, "_qv_invited_campaigns", None)
    if cached is None:
        cached = set(
            Invitation.objects.filter(person__user_id=user.pk)
            .values_list("campaign_id", flat=True)
            .distinct()
        )
        user._qv_invited_campaigns = cached
    return cached


def _roots(user: Any, campaign: Campaign) -> list[Unit]:
    """The organisation's top units, cached on the user object for the request (lists ask per campaign)."""
    cache: dict[int, list[Unit]] = getattr(user, "_qv_root_units", None) or {}
    if campaign.organisation_id not in cache:
        roots = Unit.objects.filter(organisation_id=campaign.organisation_id, parent__isnull=True)
        cache[campaign.organisation_id] = list(roots)
        user._qv_root_units = cache
    return cache[campaign.organisation_id]


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
    invited = campaign.results_shared_with_staff and campaign.pk in invited_campaign_ids(user)
    if invited or perms.has_role(user, organisation, Role.STAFF_REP):
        singles = _roots(user, campaign)
    if not managed and not singles:
        return None
    return Scope(subtrees=list(managed), singles=singles)


def participation_scope(user: Any, campaign: Campaign) -> Scope | None:
    """Units whose participation the user may see: ``None`` when nothing. The steering team sees every unit;
    a manager the subtrees of their units (after close, from publication on, like the results); a staff
    representative the organisation level (root units)."""
    if perms.can_manage_organisation(user, campaign.organisation):
        return Scope(everything=True)
    managed = perms.scoped_units(user, campaign.organisation, Role.MANAGER)
    if managed is None:
        return Scope(everything=True)
    singles = _roots(user, campaign) if perms.has_role(user, campaign.organisation, Role.STAFF_REP) else []
    if not managed and not singles:
        return None
    return Scope(subtrees=list(managed), singles=singles)
