from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("plan/<int:pk>/", views.plan_indicators, name="plan"),
    path("plan/<int:pk>/nouveau/", views.indicator_create, name="create"),
    path("plan/<int:pk>/a-valider/", views.awaiting, name="awaiting"),
    path("plan/<int:pk>/recalculer/", views.recompute, name="recompute"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.indicator_edit, name="edit"),
    path("<int:pk>/supprimer/", views.indicator_delete, name="delete"),
    path("<int:pk>/valeur/", views.value_enter, name="value_enter"),
    path("valeurs/<int:pk>/valider/", views.value_validate, name="value_validate"),
    path("valeurs/<int:pk>/renvoyer/", views.value_return, name="value_return"),
]
