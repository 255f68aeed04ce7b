from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "tindus.consultation"
    verbose_name = _("Consultation of leaders and employees")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        # Answers are never tracked: the history would keep what anonymity must not.
        track(models.Questionnaire, models.Campaign)
