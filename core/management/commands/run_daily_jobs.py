"""python manage.py run_daily_jobs [--every SECONDS]: enqueue the daily jobs that are due (core.schedule).

Once (for a cron line, every few minutes: a job is enqueued at most once per day), or in a loop with
``--every 60`` (what ``make run`` does next to the worker).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from core.schedule import run_due_jobs


class Command(BaseCommand):
    help = "Met en file les tâches quotidiennes arrivées à échéance (QUALIVIE_DAILY_JOBS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="vérifier toutes les N secondes (0 : une fois)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        try:
            while True:
                for path in run_due_jobs():
                    self.stdout.write(f"Tâche quotidienne mise en file : {path}")
                if not every:
                    return
                close_old_connections()
                time.sleep(every)
        except KeyboardInterrupt:  # Ctrl+C on `make run`
            return
