"""Signals other apps listen to, so that co-construction never imports them (notifications).

``proposal_adopted`` is sent after the transaction that adopted a proposal commits, with ``proposal``, ``action``
(the action it became) and ``by``. Receivers run in the request: they queue work rather than do it.
"""

from django.dispatch import Signal

proposal_adopted = Signal()
