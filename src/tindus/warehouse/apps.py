from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarehouseConfig(AppConfig):
    name = "tindus.warehouse"
    verbose_name = _("Open-data warehouse")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from .versions import begin_pinning, end_pinning

        # A request reads one version of the warehouse from its first query to its end; a version
        # published meanwhile is read from the next request on.
        request_started.connect(lambda **_kw: begin_pinning(), dispatch_uid="warehouse.pin_version", weak=False)
        request_finished.connect(lambda **_kw: end_pinning(), dispatch_uid="warehouse.unpin_version", weak=False)
