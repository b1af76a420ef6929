"""Who may prepare, run and publish surveys, and read participation."""

from __future__ import annotations

from typing import Any

from accounts import perms
from accounts.models import Role
from organisations.models import Organisation, Unit
from surveys.models import Campaign


def can_manage_surveys(user: Any, organisation: Organisation) -> bool:
    """Programme leads and administrators of the whole organisation prepare questionnaires and campaigns."""
    return perms.can_manage_organisation(user, organisation)


def can_publish(user: Any, campaign: Campaign) -> bool:
    """Only a programme lead of the whole organisation publishes results (after close)."""
    return perms.scoped_units(user, campaign.organisation, Role.PROGRAMME_LEAD) is None


def participation_scope(user: Any, campaign: Campaign) -> list[Unit] | None:
    """Units whose participation the user may see: ``None`` = all; ``[]`` = none."""
    if can_manage_surveys(user, campaign.organisation):
        return None
    return perms.scoped_units(user, campaign.organisation, Role.MANAGER)
