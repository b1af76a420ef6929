from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_one(app_configs: Any, **kwargs: Any) -> list[Error]:
    from config.settings import _DEV_SECRET

    if settings.SECRET_KEY == _DEV_SECRET:
        return [
            Error("SECRET_KEY must be set in production (it is the development key).", id="qualivie.E001")
        ]
    return []
