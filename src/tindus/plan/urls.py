from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_home, name="home"),
    path("modifier/", views.plan_edit, name="edit"),
    path("axes/nouveau/", views.axis_edit, name="axis_create"),
    path("axes/<int:pk>/", views.axis_edit, name="axis_edit"),
    path("projets/", views.project_table, name="projects"),
    path("projets/nouveau/", views.project_create, name="project_create"),
    path("projets/<int:pk>/", views.project_detail, name="project"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="project_edit"),
    path("projets/<int:pk>/supprimer/", views.project_delete, name="project_delete"),
    path("projets/<int:pk>/statut/", views.project_status, name="project_status"),
    path("projets/<int:pk>/<str:kind>/ajouter/", views.part_add, name="part_add"),
    path("projets/<int:pk>/<str:kind>/<int:item>/supprimer/", views.part_delete, name="part_delete"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("calendrier/", views.timeline, name="timeline"),
    path("financements/", views.funding_summary, name="funding"),
    path("exporter/", views.workbook_export, name="export"),
    path("modele.xlsx", views.workbook_template, name="template"),
    path("importer/", views.workbook_import, name="import"),
    path("etat/", views.state_report, name="state"),
]
