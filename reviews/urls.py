from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/synthese/", views.summary, name="summary"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/membres/nouveau/", views.member_add, name="member_add"),
    path("<int:pk>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/figer/", views.snapshot, name="snapshot"),
    path("<int:pk>/commentaires/", views.comment_create, name="comment_create"),
    path("<int:pk>/avis/", views.vote, name="vote"),
    path("<int:pk>/decisions/nouvelle/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/modifications/", views.decision_changes, name="decision_changes"),
    path("<int:pk>/documents/", views.generate, name="generate"),
    path("<int:pk>/cloture/", views.close, name="close"),
    path("reunions/<int:pk>/ics/", views.meeting_ics_download, name="meeting_ics"),
    path("commentaires/<int:pk>/modifier/", views.comment_edit, name="comment_edit"),
    path("documents/<uuid:pk>/", views.document_download, name="document"),
]
