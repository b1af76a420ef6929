from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # API tokens checked by a process are kept a few seconds (api.auth): forget them in this process as soon
        # as a token, an account, a role grant or a person (organisation membership) changes
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from api.auth import tokens_forget

        for label in ("accounts.ApiToken", "accounts.User", "accounts.RoleGrant", "organisations.Person"):
            model = apps.get_model(label)
            post_save.connect(tokens_forget, sender=model, dispatch_uid=f"api-tokens-save-{label}")
            post_delete.connect(tokens_forget, sender=model, dispatch_uid=f"api-tokens-delete-{label}")
