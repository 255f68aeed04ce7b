from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "tindus.public"
    verbose_name = _("Public site and news")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        track(models.Article, models.ArticleImage)
