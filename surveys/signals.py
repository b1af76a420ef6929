"""Signals other apps listen to, so that surveys never imports them.

``campaign_published`` is sent after the transaction that published a campaign's results commits, with
``campaign`` and ``by``. Receivers queue background work rather than do it in the request.
"""

from django.dispatch import Signal

campaign_published = Signal()
