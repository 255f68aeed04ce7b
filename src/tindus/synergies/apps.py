from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynergiesConfig(AppConfig):
    name = "tindus.synergies"
    verbose_name = _("Synergies between companies")

    def ready(self) -> None:
        from tindus.consultation.offered_declarations import declarations_offered
        from tindus.core.history import track
        from tindus.plan import evidence

        from . import models
        from .evidence import KIND
        from .intake import take_consultation_answer

        # Declarations and opportunities may name companies that asked to stay anonymous: their history is
        # read by the team only (synergies/visibility.py decides what the other readers see).
        track(models.Declaration, models.Opportunity, editors_only=True)
        track(models.EmissionFactor)
        evidence.register(KIND)
        declarations_offered.connect(take_consultation_answer, dispatch_uid="synergies_take_consultation_answer")
