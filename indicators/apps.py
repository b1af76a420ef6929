from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicateurs")

    def ready(self) -> None:
        from indicators import receivers
        from plans.signals import action_status_changed
        from surveys.signals import campaign_published

        campaign_published.connect(receivers.on_campaign_published, dispatch_uid="indicators.campaign")
        action_status_changed.connect(receivers.on_action_status_changed, dispatch_uid="indicators.action")
