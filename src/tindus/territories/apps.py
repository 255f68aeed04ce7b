from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "tindus.territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Territory

        # The presentation is part of the public site: its changes enter the territory's history.
        auditlog.register(Territory, include_fields=["name", "description"])
