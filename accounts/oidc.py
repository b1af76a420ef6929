"""OpenID Connect sign-in (compatible with ProConnect). Accounts are never created here: they come from HR."""

from typing import Any

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class QualivieOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not settings.OIDC_ENABLED:
            # Not configured: behave as an inert backend instead of failing at import.
            return
        super().__init__(*args, **kwargs)

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        changed = []
        given = claims.get("given_name")
        usual = claims.get("usual_name") or claims.get("family_name")
        if given and not user.first_name:
            user.first_name = given
            changed.append("first_name")
        if usual and not user.last_name:
            user.last_name = usual
            changed.append("last_name")
        if changed:
            user.save(update_fields=changed)
        return user
