import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view now (the URL patterns), then take the objects alive — modules, classes, settings, URL
# patterns, translations: the process's lifetime — out of the garbage collector's passes (``gc.freeze``), so
# that a pass during a request walks only what requests made. It shortened the results API's collector
# pauses (bench/results_api.py; docs/performance.md).
get_resolver().url_patterns  # noqa: B018 - imports the views
gc.freeze()
