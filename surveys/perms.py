"""Who may prepare, run and publish surveys (who reads participation: ``analytics.perms``)."""

from __future__ import annotations

from typing import Any

from accounts import perms
from accounts.models import Role
from organisations.models import Organisation
from surveys.models import Campaign


def can_manage_surveys(user: Any, organisation: Organisation) -> bool:
    """Programme leads and administrators of the whole organisation prepare questionnaires and campaigns."""
    return perms.can_manage_organisation(user, organisation)


def can_publish(user: Any, campaign: Campaign) -> bool:
    """Only a programme lead of the whole organisation publishes results (after close)."""
    return perms.scoped_units(user, campaign.organisation, Role.PROGRAMME_LEAD) is None
