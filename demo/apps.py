from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data (``manage.py load_demo``, ``demo_accounts``) and the runner of ``make run``.

    It may import every app; no app imports it.
    """

    name = "demo"
    verbose_name = _("Démonstration")
