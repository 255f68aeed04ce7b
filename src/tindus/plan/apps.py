from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "tindus.plan"
    verbose_name = _("Strategy and action plan")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        track(
            models.Plan, models.Axis, models.Project, models.StatusChange, models.BudgetLine, models.Funding,
            models.Milestone, models.Indicator, models.IndicatorValue, models.ProjectDocument, models.EvidenceLink,
        )  # fmt: skip
