from django.urls import path

from .views import brownfields as views

urlpatterns = [
    path("", views.brownfields, name="brownfields"),
    path("importer/", views.brownfields_import, name="brownfields_import"),
    path("<int:pk>/", views.brownfield, name="brownfield"),
    path("<int:pk>/modifier/", views.brownfield_edit, name="brownfield_edit"),
]
