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

        # the results API keeps each caller's access a few seconds per process (selectors._ACCESS): forget it
        # in this process as soon as anything it depends on changes
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from analytics.selectors import access_forget

        for label in (
            "accounts.User",
            "accounts.RoleGrant",
            "organisations.Organisation",
            "organisations.Person",
            "organisations.Unit",
            "surveys.Campaign",
            "surveys.Invitation",
            "analytics.ResultSet",
        ):
            model = apps.get_model(label)
            post_save.connect(access_forget, sender=model, dispatch_uid=f"results-access-save-{label}")
            post_delete.connect(access_forget, sender=model, dispatch_uid=f"results-access-delete-{label}")
