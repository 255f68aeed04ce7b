from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tindus.events"
    verbose_name = _("Business meeting events")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        track(models.Event, models.TimeSlot, models.Table)
        # A company's registration, requests and meetings name who wants to meet whom: editors only.
        track(models.Participant, models.Meeting, editors_only=True)
