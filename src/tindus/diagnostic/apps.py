from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "tindus.diagnostic"
    verbose_name = _("Industrial diagnostic")

    def ready(self) -> None:
        from tindus.plan import evidence

        from .evidence import KIND

        evidence.register(KIND)
