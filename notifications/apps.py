from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        """Listen to plans and co-construction without them importing this app (ARCHITECTURE.md)."""
        from coconstruction.signals import proposal_adopted
        from notifications import receivers
        from plans.signals import action_status_changed

        action_status_changed.connect(receivers.on_action_status_changed, dispatch_uid="notifications.status")
        proposal_adopted.connect(receivers.on_proposal_adopted, dispatch_uid="notifications.adopted")
