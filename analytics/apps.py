from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Résultats")

    def ready(self) -> None:
        # surveys never imports analytics: hand it the disclosure mask for the running participation counts
        from analytics.disclosure import suppression_mask
        from surveys.participation import register_disclosure_mask

        register_disclosure_mask(suppression_mask)
