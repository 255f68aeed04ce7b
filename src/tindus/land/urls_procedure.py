"""The inventory's legal procedure, under ``territoires/<slug>/foncier/procedure/``."""

from django.urls import path

from .views import procedure, procedure_letters

urlpatterns = [
    path("", procedure.procedure, name="procedure"),
    path("consultation/", procedure.consultation_start, name="consultation_start"),
    path("consultation/<int:pk>/courriers-pdf/", procedure_letters.letters_pdf, name="letters_pdf"),
    path("courriers/<int:pk>/", procedure_letters.letter, name="letter"),
    path("courriers/<int:pk>/courriel/", procedure_letters.letter_email, name="letter_email"),
    path("adoption/", procedure.adoption, name="adoption"),
    path("adoption/<int:pk>/deliberation/", procedure.adoption_document, name="adoption_document"),
    path("transmission/", procedure.transmission, name="transmission"),
]
