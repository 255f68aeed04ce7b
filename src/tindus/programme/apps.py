from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "tindus.programme"
    verbose_name = _("Programme steering")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        track(models.SharingSettings, models.AxisTheme)
