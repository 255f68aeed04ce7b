"""The yearly programme report of a région or of the nation: its page (start, follow, list) and files."""

from django.urls import path

from . import views_report

urlpatterns = [
    path("national/rapport/", views_report.national_report, name="national_report"),
    path("national/rapport/<uuid:pk>/fichier/", views_report.national_report_file, name="national_report_file"),
    path("regions/<str:region>/rapport/", views_report.region_report, name="region_report"),
    path("regions/<str:region>/rapport/<uuid:pk>/fichier/", views_report.region_report_file, name="region_report_file"),
]
