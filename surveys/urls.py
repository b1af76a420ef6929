from django.urls import path

from surveys import views, views_answer, views_moderation, views_trustees

app_name = "surveys"
urlpatterns = [
    # First: the load-bearing submission endpoint is resolved without trying the other patterns.
    path("api/reponses/", views_answer.api_submit, name="api_submit"),
    path("", views.index, name="index"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/modeles/", views.questionnaire_install, name="questionnaire_install"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<int:pk>/modifier/", views.questionnaire_edit, name="questionnaire_edit"),
    path("questionnaires/<int:pk>/copier/", views.questionnaire_copy, name="questionnaire_copy"),
    path("questionnaires/<int:pk>/questions/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:pk>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("campagnes/<int:pk>/ouvrir/", views.campaign_open, name="campaign_open"),
    path("campagnes/<int:pk>/relancer/", views.campaign_remind, name="campaign_remind"),
    path("campagnes/<int:pk>/clore/", views.campaign_close, name="campaign_close"),
    path("campagnes/<int:pk>/publier/", views.campaign_publish, name="campaign_publish"),
    path("campagnes/<int:pk>/test/", views.campaign_preview, name="campaign_preview"),
    path("campagnes/<int:pk>/codes-papier/", views.paper_codes, name="paper_codes"),
    path("campagnes/<int:pk>/depositaires/", views_trustees.campaign_trustees, name="campaign_trustees"),
    path("campagnes/<int:pk>/ma-cle/", views_trustees.trustee_key, name="trustee_key"),
    path("campagnes/<int:pk>/depot-cle/", views_trustees.trustee_deposit, name="trustee_deposit"),
    path("campagnes/<int:pk>/commentaires/", views_moderation.comments, name="comments"),
    # Respondents: the token only ever travels in a POST body or the URL fragment.
    path("repondre/", views_answer.landing, name="answer"),
    path("repondre/commencer/", views_answer.start, name="answer_start"),
    path("repondre/s/<str:key>/", views_answer.intro, name="answer_intro"),
    path("repondre/s/<str:key>/<int:number>/", views_answer.page, name="answer_page"),
    path("repondre/merci/<int:campaign_id>/", views_answer.done, name="answer_done"),
    path("relances/", views_answer.opt_out, name="opt_out"),
]
