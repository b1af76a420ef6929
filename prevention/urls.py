from django.urls import path

from prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.register, name="register"),
    path("unites-de-travail/", views.work_units, name="work_units"),
    path("unites-de-travail/recherche/", views.work_unit_search, name="work_unit_search"),
    path("unites-de-travail/par-defaut/", views.work_units_default, name="work_units_default"),
    path("unites-de-travail/nouvelle/", views.work_unit_edit, name="work_unit_create"),
    path("unites-de-travail/<int:pk>/modifier/", views.work_unit_edit, name="work_unit_edit"),
    path("risques/nouveau/", views.risk_edit, name="risk_create"),
    path("risques/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("risques/<int:pk>/modifier/", views.risk_edit, name="risk_edit"),
    path("risques/<int:pk>/evaluer/", views.risk_assess, name="risk_assess"),
    path("risques/<int:pk>/retirer/", views.risk_archive, name="risk_archive"),
    path("versions/", views.versions, name="versions"),
    path("versions/publier/", views.publish, name="publish"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/fichier.<str:fmt>", views.version_download, name="version_download"),
    path("mes-documents-uniques/", views.my_versions, name="my_versions"),
    path("grille-rps/questions/", views.rps_questions, name="rps_questions"),
    path("grille-rps/nouvelle/", views.rps_create, name="rps_create"),
    path("grille-rps/<int:pk>/", views.rps_detail, name="rps_detail"),
    path("grille-rps/<int:pk>/reporter/", views.rps_convert, name="rps_convert"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/soumettre/", views.programme_submit, name="programme_submit"),
    path("programmes/<int:pk>/avis/", views.programme_opinion, name="programme_opinion"),
    path("programmes/<int:pk>/adopter/", views.programme_adopt, name="programme_adopt"),
    path("programmes/<int:pk>/bilan/", views.programme_finalise, name="programme_finalise"),
    path("programmes/<int:pk>/export.<str:fmt>", views.programme_export, name="programme_export"),
    path("mesures/nouvelle/", views.measure_edit, name="measure_create"),
    path("mesures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("mesures/<int:pk>/realisee/", views.measure_complete, name="measure_complete"),
    path("a-reevaluer/", views.my_reassessments, name="my_reassessments"),
]
