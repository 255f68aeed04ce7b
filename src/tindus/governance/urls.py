from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("instances/nouvelle/", views.instance_edit, name="instance_create"),
    path("instances/<int:pk>/", views.instance_detail, name="instance"),
    path("instances/<int:pk>/modifier/", views.instance_edit, name="instance_edit"),
    path("instances/<int:pk>/membres/", views.member_add, name="member_add"),
    path("membres/<int:pk>/retirer/", views.member_delete, name="member_delete"),
    path("instances/<int:instance>/seances/nouvelle/", views.meeting_edit, name="meeting_create"),
    path("seances.ics", views.meetings_calendar, name="meetings_ics"),
    path("seances/<int:pk>/", views.meeting_detail, name="meeting"),
    path("seances/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("seances/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("seances/<int:pk>/documents/", views.document_add, name="document_add"),
    path("seances/<int:pk>/dossier/", views.meeting_pdf, name="meeting_pdf"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("jalons/nouveau/", views.milestone_edit, name="milestone_create"),
    path("jalons/<int:pk>/", views.milestone_edit, name="milestone_edit"),
]
