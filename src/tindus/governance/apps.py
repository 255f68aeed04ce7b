from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "tindus.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        track(
            models.TerritoryMilestone, models.Instance, models.InstanceMember, models.Meeting, models.Decision,
            models.MeetingDocument,
        )  # fmt: skip
