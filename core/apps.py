from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        import gc

        from django.conf import settings

        from core import checks  # noqa: F401 - registers the deploy checks

        # Python's default collector thresholds (700, 10, 10) run a full pass over every live object many times in
        # a request that builds thousands of model instances (the plan dashboard: its p95 went from 272 to 188 ms
        # with this setting, bench/plan_dashboard.py). Set per process at start-up: web workers, the job worker.
        gc.set_threshold(*settings.QUALIVIE_GC_THRESHOLD)
