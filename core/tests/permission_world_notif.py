"""The notifications part of the permission matrix's world (``core/tests/permission_world.py``).

The follow button's POST (follow action 1.1) and two unsubscribe links: the agent's real signed link and a
tampered copy of it. Links are public (the signature is the credential): every column gets the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from core.tests.permission_world_surveys import Target
from notifications import services as notification_services
from notifications.models import Kind
from organisations.models import Organisation
from plans.models import Action


@dataclass
class NotifWorld:
    follow_action: Target  # POST « suivre=1 » on action 1.1
    unsubscribe_link: Target  # the agent's signed link for the status-change e-mails
    bogus_unsubscribe: Target  # the same link, its signature altered


def build_notif_world(*, organisation: Organisation, action: Action, users: dict[str, User]) -> NotifWorld:
    token = notification_services.unsubscribe_token(user=users["agent"], kind=Kind.FOLLOWS)
    return NotifWorld(
        follow_action=Target(organisation, action.pk, data={"suivre": "1"}),
        unsubscribe_link=Target(organisation, url_kwargs={"token": token}),
        bogus_unsubscribe=Target(organisation, url_kwargs={"token": token[:-4] + "AAAA"}),
    )
