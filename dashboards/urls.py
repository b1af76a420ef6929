from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<int:pk>/", views.plan, name="plan"),
    path("plan/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("plan/<int:pk>/documents/", views.documents, name="documents"),
    path("axe/<int:pk>/", views.axis, name="axis"),
    path("action/<int:pk>/", views.action, name="action"),
    path("documents/<uuid:pk>/", views.document_download, name="document_download"),
    path("organisation/<slug:slug>/parametres/", views.settings, name="settings"),
]
