"""Paper codes: single-use codes for one site, handed out in person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations import tree
from organisations.models import Unit
from surveys import crypto
from surveys.models import (
    Campaign,
    CampaignStatus,
    PaperCode,
)


@transaction.atomic
def paper_codes_create(*, campaign: Campaign, unit: Unit, count: int) -> list[str]:
    """Single-use codes for one site, handed out in person. Returns the codes: only their hashes are kept.

    Responses by paper code carry « non communiqué » attributes and the nearest unit (the site or an
    ancestor) under which at least ``min_respondents`` codes have been issued.
    """
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Les codes papier s'impriment pendant que la campagne est ouverte."))
    if unit.organisation_id != campaign.organisation_id:
        raise ValidationError(_("Cette unité appartient à une autre organisation."))
    if not 1 <= count <= 2000:
        raise ValidationError(_("Choisissez entre 1 et 2000 codes."))
    chain = list(Unit.objects.filter(pk__in=tree.ancestor_ids(unit.path)).order_by("-depth"))
    reporting = chain[-1]
    for ancestor in chain:
        issued = PaperCode.objects.filter(campaign=campaign, unit__path__startswith=ancestor.path).count()
        if issued + count >= campaign.min_respondents:
            reporting = ancestor
            break
    codes = [crypto.new_token() for _ in range(count)]
    PaperCode.objects.bulk_create(
        PaperCode(campaign=campaign, unit=unit, reporting_unit=reporting, code_hash=crypto.token_hash(c))
        for c in codes
    )
    return codes
