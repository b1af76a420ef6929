from typing import Any

from django.http import HttpRequest

from organisations.tenancy import current_organisation
from portal.navigation import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    organisation = current_organisation(request)
    return {
        "current_organisation": organisation,
        "use_state_brand": bool(organisation and organisation.is_state_service),
        "nav_items": navigation(request, organisation),
    }
