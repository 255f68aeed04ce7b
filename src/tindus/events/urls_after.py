from django.urls import path

from .views import after

urlpatterns = [
    path("<int:pk>/retours/", after.feedback_list, name="feedback_list"),
    path("<int:pk>/retours/<int:meeting>/<int:participant>/", after.feedback_form, name="feedback"),
    path("<int:pk>/statistiques/", after.statistics_page, name="statistics"),
    path("<int:pk>/statistiques/exporter/", after.statistics_export, name="statistics_export"),
]
