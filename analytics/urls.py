from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("campagnes/<int:pk>/", views.campaign_results, name="campaign"),
    path("campagnes/<int:pk>/calculer/", views.build, name="build"),
    path("campagnes/<int:pk>/export/<str:fmt>/", views.export, name="export"),
    path("campagnes/<int:pk>/rapport/", views.report, name="report"),
    path("rapports/<uuid:report_id>/", views.report_download, name="report_download"),
]
