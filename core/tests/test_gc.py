"""The collector's thresholds come from the setting at start-up (core.apps), for web workers and the job worker."""

import gc

from django.apps import apps
from django.conf import settings


def test_the_collector_thresholds_are_the_settings_after_start_up():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        apps.get_app_config("core").ready()
        assert gc.get_threshold() == tuple(settings.QUALIVIE_GC_THRESHOLD) != (700, 10, 10)
    finally:
        gc.set_threshold(*before)
