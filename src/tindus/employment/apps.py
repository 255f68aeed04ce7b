from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "tindus.employment"
    verbose_name = _("Employment and training")

    def ready(self) -> None:
        from tindus.core.history import track
        from tindus.plan import evidence

        from . import models
        from .evidence import KIND

        # A proposal's figures and companies are kept as JSON for the record, not read in the history.
        track(models.RomeLink)
        track(models.Proposal, exclude=["evidence", "companies"])
        # A need names the company that declared it: its history is read by the team only.
        track(models.LocalNeed, editors_only=True)
        evidence.register(KIND)
