from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site shell: home page, legal pages, main navigation, background job pages and health check.

    Its URL names keep the ``core`` namespace (``core:home``, ``core:legal``, ``core:job``…).
    """

    name = "portal"
    verbose_name = _("Portail")
