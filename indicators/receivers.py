"""Receivers of the signals plans and surveys send on commit: they queue a recomputation, nothing more."""

from __future__ import annotations

from typing import Any

from indicators import services


def on_campaign_published(sender: Any, *, campaign: Any, by: Any = None, **kwargs: Any) -> None:
    services.recompute_after_publication(campaign=campaign, by=by)


def on_action_status_changed(sender: Any, *, action: Any, by: Any = None, **kwargs: Any) -> None:
    services.recompute_after_status_change(action=action, by=by)
