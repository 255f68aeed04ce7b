from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tindus.api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        from . import cors  # noqa: F401  (connects the CORS signal)
