from django.urls import path

from .views import standard

urlpatterns = [
    path("", standard.standard, name="standard"),
    path("exporter/", standard.export, name="export"),
    path("importer/", standard.import_files, name="import"),
    path("schemas/<str:layer>.json", standard.schema, name="standard_schema"),
]
