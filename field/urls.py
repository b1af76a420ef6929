from django.urls import path

from field import views

app_name = "field"
urlpatterns = [
    path("", views.index, name="index"),
    path("reglages/", views.settings_edit, name="settings"),
    path("espaces/nouveau/", views.space_create, name="space_create"),
    path("espaces/<int:pk>/", views.space_detail, name="space"),
    path("espaces/<int:pk>/modifier/", views.space_edit, name="space_edit"),
    path("espaces/<int:pk>/seances/nouvelle/", views.session_create, name="session_create"),
    path("espaces/<int:pk>/propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path("espaces/<int:pk>/photos/nouvelle/", views.space_photo_create, name="space_photo_create"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<int:pk>/repondre/", views.proposal_answer, name="proposal_answer"),
    path("propositions/<int:pk>/liens/", views.proposal_links, name="proposal_links"),
    path("situations/nouvelle/", views.situation_create, name="situation_create"),
    path("situations/<int:pk>/", views.situation_detail, name="situation"),
    path("situations/<int:pk>/modifier/", views.situation_edit, name="situation_edit"),
    path("situations/<int:pk>/causes/", views.cause_add, name="cause_add"),
    path("situations/<int:pk>/plan/", views.step_add, name="step_add"),
    path("situations/<int:pk>/plan/statut/", views.step_status, name="step_status"),
    path("situations/<int:pk>/promouvoir/", views.situation_promote, name="situation_promote"),
    path("situations/<int:pk>/photos/nouvelle/", views.situation_photo_create, name="situation_photo_create"),
    path("photos/<int:pk>/fichier/", views.photo_file, name="photo_file"),
    path("photos/<int:pk>/retirer/", views.photo_withdraw, name="photo_withdraw"),
    path("retours/nouveau/", views.review_create, name="review_create"),
    path("retours/<int:pk>/", views.review_detail, name="review"),
    path("actions/<int:pk>/origines/", views.action_origins, name="action_origins"),
    path("risques/<int:pk>/origines/", views.risk_origins, name="risk_origins"),
]
