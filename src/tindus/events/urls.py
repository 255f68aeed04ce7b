"""The events' pages, one module per part of an event's life: set-up, registrations and requests, the
day itself, and what follows it."""

from . import urls_after, urls_day, urls_participants, urls_setup

app_name = "events"
urlpatterns = urls_setup.urlpatterns + urls_participants.urlpatterns + urls_day.urlpatterns + urls_after.urlpatterns
