from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "tindus.land"
    verbose_name = _("Land and premises")

    def ready(self) -> None:
        from tindus.core.history import track

        from . import models

        # Geometries and the standard's other fields are kept for the record, not read in the history.
        track(models.Pole, models.Zone, models.LandUnit, exclude=["geometry", "extra"])
        track(models.CfeStatus, models.Brownfield, exclude=["record"])
        # The letters of the consultation (owners, occupants, answers) are read by the team and the committee,
        # who review the draft inventory: their history likewise.
        track(models.OwnerConsultation, models.OwnerLetter, models.Adoption, models.Transmission)
        # Which companies occupy or need what, and the deals followed, is read by the team only.
        track(models.Occupant, exclude=["extra"], editors_only=True)
        track(models.LandNeed, models.OfferMatch, editors_only=True)
        track(models.LandOffer)
