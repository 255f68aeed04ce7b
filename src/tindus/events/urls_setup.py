from django.urls import path

from .views import setup

urlpatterns = [
    path("", setup.events, name="events"),
    path("nouveau/", setup.event_edit, name="event_create"),
    path("<int:pk>/", setup.event, name="event"),
    path("<int:pk>/modifier/", setup.event_edit, name="event_edit"),
]
