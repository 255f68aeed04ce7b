from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentialsConfig(AppConfig):
    name = "tindus.referentials"
    verbose_name = _("Reference data")
