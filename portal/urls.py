from django.urls import path

from portal import views

# URL names keep the "core" namespace (core:home, core:legal, core:job…): config/urls.py includes these
# under it.
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/<slug:slug>/mentions-legales/", views.legal_notice, name="legal"),
    path("organisation/<slug:slug>/donnees-personnelles/", views.privacy_notice, name="privacy"),
    path("organisation/<slug:slug>/accessibilite/", views.accessibility_statement, name="accessibility"),
    path("taches/<uuid:job_id>/", views.job_progress, name="job"),
    path("sante/", views.health, name="health"),
]
