"""OpenID Connect sign-in (compatible with ProConnect). Accounts are never created here: they come from HR."""

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class QualivieOIDCBackend(OIDCAuthenticationBackend):
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
