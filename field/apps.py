from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "field"
    verbose_name = _("Terrain : espaces de discussion, situations-problèmes, photos, retours d'expérience")
