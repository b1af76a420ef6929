"""Erasing a campaign's rows of a table in one cheap step: ``TRUNCATE`` when they are alone, else ``DELETE``.

Used for the sealed ballots when the box is opened (``surveys.trustees``) and for the invitations' keys — the
personal codes' hashes and the ``used`` flags, the list of who answered — when the campaign closes
(``surveys.services.campaigns.campaign_close``).
"""

from __future__ import annotations

from django.db import connection, models


def destroy_campaign_rows(model: type[models.Model], campaign_id: int) -> None:
    """Delete ``model``'s rows of the campaign, inside the caller's transaction.

    On PostgreSQL, when the table holds no other campaign's rows, ``TRUNCATE``: the files are replaced at commit,
    instantly (a ``DELETE`` of 1.2 M ballots took 24 s, and left their bytes on disk as dead rows until a
    vacuum). The exclusive lock is taken before the check, so that no row of another campaign can be written
    between the check and the truncation: a writer to another campaign waits for the commit, then writes into
    the emptied table. Otherwise (another campaign has rows, or SQLite), ``DELETE``. No table may reference
    ``model`` (``TRUNCATE`` would refuse).
    """
    rows = model._default_manager.filter(campaign_id=campaign_id)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        column = quote("campaign_id")
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # noqa: S608
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} < %s OR {column} > %s)",  # noqa: S608
                [campaign_id, campaign_id],
            )
            if not cursor.fetchone()[0]:
                # foreign-key checks still deferred in this transaction (rows written in it: tests) run now
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {table}")  # noqa: S608
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                return
    rows.delete()
