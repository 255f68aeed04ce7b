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
        track(models.OwnerConsultation, models.Adoption, models.Transmission)
        # Who answered what, and which companies occupy or need what, is read by the team only.
        track(models.Occupant, models.OwnerLetter, models.LandNeed, models.OfferMatch, editors_only=True)
        track(models.LandOffer)
