"""The participation page of a campaign, at its historical URL under ``/barometre/`` (config/urls.py).

It lives in analytics because after close it reads the results (``surveys`` never imports ``analytics``)."""

from django.urls import path

from analytics import views

app_name = "participation"
urlpatterns = [
    path("campagnes/<int:pk>/participation/", views.participation, name="campaign"),
]
