from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include(("portal.urls", "core"))),  # the site shell, under its historical namespace
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("accounts.urls")),
    path("organisations/", include("organisations.urls")),
    path("plans/", include("plans.urls")),
    path("co-construction/", include("coconstruction.urls")),
    path("barometre/", include("surveys.urls")),
    path("barometre/", include("analytics.urls_participation")),
    path("resultats/", include("analytics.urls")),
    path("terrain/", include("field.urls")),
    path("notifications/", include("notifications.urls")),
    path("evenements/", include("events.urls")),
    path("indicateurs/", include("indicators.urls")),
    path("bilans/", include("reviews.urls")),
    path("pilotage/", include("dashboards.urls")),
    path("prevention/", include("prevention.urls")),
    path("reseau/", include("practices.urls")),
    path("api/", include("api.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
