from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("", views.index, name="index"),
    path("adhesions/<int:pk>/partage/", views.membership_edit, name="membership_edit"),
    path("adhesions/<int:pk>/quitter/", views.membership_leave, name="membership_leave"),
    path("adhesions/<int:pk>/fin/", views.membership_end, name="membership_end"),
    path("reseaux/nouveau/", views.network_create, name="network_create"),
    path("reseaux/<int:pk>/membres/", views.network_members, name="network_members"),
    path("invitations/<int:pk>/", views.invitation_answer, name="invitation_answer"),
    path("invitations/<int:pk>/decliner/", views.invitation_decline, name="invitation_decline"),
    path("invitations/<int:pk>/retirer/", views.invitation_withdraw, name="invitation_withdraw"),
    path("recits/", views.story_search, name="story_search"),
    path("carte/", views.story_map, name="story_map"),
    path("recits/nouveau/", views.story_create, name="story_create"),
    path("recits/depuis-action/<int:pk>/", views.story_from_action, name="story_from_action"),
    path("recits/depuis-situation/<int:pk>/", views.story_from_situation, name="story_from_situation"),
    path("recits/<int:pk>/", views.story_detail, name="story"),
    path("recits/<int:pk>/modifier/", views.story_edit, name="story_edit"),
    path("recits/<int:pk>/soumettre/", views.story_submit, name="story_submit"),
    path("recits/<int:pk>/contact/retirer/", views.story_contact_revoke, name="story_contact_revoke"),
    path("recits/<int:pk>/publier/", views.story_publish, name="story_publish"),
    path("recits/<int:pk>/renvoyer/", views.story_return, name="story_return"),
    path("recits/<int:pk>/remarquable/", views.story_remarkable, name="story_remarkable"),
    path("pairs/", views.peer_directory, name="peer_directory"),
    path("pairs/mon-profil/", views.peer_profile_edit, name="peer_profile"),
    path("pairs/mon-profil/retirer/", views.peer_profile_revoke, name="peer_profile_revoke"),
    path("pairs/<int:pk>/ecrire/", views.peer_contact, name="peer_contact"),
    path("pairs/reponse/<str:token>/", views.peer_reply, name="peer_reply"),
]
