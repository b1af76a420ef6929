from django.urls import path

from plans import views, views_edit, views_revision

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-actions/", views.my_actions, name="my_actions"),
    path("nouveau/", views_edit.plan_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/calendrier/", views.calendar, name="calendar"),
    path("<int:pk>/historique/", views.history, name="history"),
    path("<int:pk>/modifier/", views_edit.plan_edit, name="edit"),
    path("<int:pk>/publication/", views_edit.plan_publish, name="publish"),
    path("<int:pk>/statut/", views_edit.plan_status, name="status"),
    path("<int:pk>/revision/", views_edit.plan_revise, name="revise"),
    path("<int:pk>/revision/modifications/", views_revision.revision, name="revision"),
    path("<int:pk>/revision/actions/nouvelle/", views_revision.revision_add, name="revision_add"),
    path("<int:pk>/differences/", views_revision.differences, name="differences"),
    path("actions/<int:pk>/revision/<slug:kind>/", views_revision.revision_action, name="revision_action"),
    path("<int:pk>/axes/nouveau/", views_edit.axis_create, name="axis_create"),
    path("<int:pk>/thematiques/nouvelle/", views_edit.theme_create, name="theme_create"),
    path("<int:pk>/actions/nouvelle/", views_edit.action_create, name="action_create"),
    path("axes/<int:pk>/", views.axis, name="axis"),
    path("axes/<int:pk>/modifier/", views_edit.axis_edit, name="axis_edit"),
    path("thematiques/<int:pk>/modifier/", views_edit.theme_edit, name="theme_edit"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/modifier/", views_edit.action_edit, name="action_edit"),
    path("actions/<int:pk>/jalons/nouveau/", views_edit.milestone_create, name="milestone_create"),
    path("jalons/<int:pk>/modifier/", views_edit.milestone_edit, name="milestone_edit"),
    path("points/<int:pk>/corriger/", views.update_edit, name="update_edit"),
    path("points/<int:pk>/retirer/", views.update_withdraw, name="update_withdraw"),
    path("points/<int:pk>/masquer/", views.update_hide, name="update_hide"),
    path("pieces-jointes/<int:pk>/", views.attachment, name="attachment"),
]
