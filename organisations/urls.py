from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/unites/<int:pk>/", views.unit_detail, name="unit"),
    path("<slug:slug>/agents/", views.people_list, name="people"),
    path("<slug:slug>/roles/", views.roles, name="roles"),
    path("<slug:slug>/roles/<int:pk>/retirer/", views.role_revoke, name="role_revoke"),
    path("<slug:slug>/parametres/", views.settings_edit, name="settings"),
    path("<slug:slug>/imports/", views.import_new, name="import_new"),
    path("<slug:slug>/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("<slug:slug>/imports/<int:pk>/appliquer/", views.import_apply, name="import_apply"),
    path("<slug:slug>/imports/<int:pk>/annuler/", views.import_undo, name="import_undo"),
    path("<slug:slug>/recherche/unites/", views.unit_search, name="unit_search"),
    path("<slug:slug>/recherche/agents/", views.person_search, name="person_search"),
]
