from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarehouseConfig(AppConfig):
    name = "tindus.warehouse"
    verbose_name = _("Open-data warehouse")
