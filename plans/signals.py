"""Signals other apps listen to, so that plans never imports them (indicators, notifications, reviews).

``action_status_changed`` is sent after the transaction that moved an action's status commits, with
``action``, ``before``, ``after`` and ``by`` (the user, or None). Receivers run in the request: they queue
background work (``core.jobs.enqueue_on_commit``) rather than do it.
"""

from django.dispatch import Signal

action_status_changed = Signal()
