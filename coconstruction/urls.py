from django.urls import path

from coconstruction import views

app_name = "coconstruction"
urlpatterns = [
    path("", views.index, name="index"),
    path("groupes/nouveau/", views.group_create, name="group_create"),
    path("groupes/<int:pk>/", views.group_detail, name="group"),
    path("groupes/<int:pk>/modifier/", views.group_edit, name="group_edit"),
    path("groupes/<int:pk>/propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<int:pk>/modifier/", views.proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/soumettre/", views.proposal_submit, name="proposal_submit"),
    path("propositions/<int:pk>/criteres/", views.proposal_criteria, name="proposal_criteria"),
    path("propositions/<int:pk>/commentaires/", views.proposal_comment, name="proposal_comment"),
    path("propositions/<int:pk>/adopter/", views.proposal_adopt, name="proposal_adopt"),
    path("propositions/<int:pk>/ne-pas-retenir/", views.proposal_decline, name="proposal_decline"),
    path("commentaires/<int:pk>/corriger/", views.comment_edit, name="comment_edit"),
    path("commentaires/<int:pk>/retirer/", views.comment_withdraw, name="comment_withdraw"),
    path("commentaires/<int:pk>/masquer/", views.comment_hide, name="comment_hide"),
]
