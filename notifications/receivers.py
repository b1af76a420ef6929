"""Receivers of the signals plans and co-construction send on commit (connected in ``NotificationsConfig.ready``).

No rule here: each receiver hands over to one service.
"""

from __future__ import annotations

from typing import Any

from notifications import services


def on_action_status_changed(sender: Any, *, action: Any, before: str, after: str, by: Any, **_: Any) -> None:
    services.status_change_announce(action=action, before=before, after=after, by=by)


def on_proposal_adopted(sender: Any, *, proposal: Any, action: Any, by: Any, **_: Any) -> None:
    services.proposal_authors_follow(proposal=proposal, action=action)
