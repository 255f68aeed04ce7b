"""What the land module keeps: the inventory in the CNIG « Sites économiques » model, its legal procedure,
brownfields in the CNIG « Friches » model, and the offers of plots and premises matched to companies' needs."""

from .brownfields import Brownfield, BrownfieldImport
from .exchange import LandNeed, LandOffer, OfferMatch
from .inventory import CfeStatus, LandUnit, Occupant, Pole, Zone
from .procedure import Adoption, OwnerConsultation, OwnerLetter, Transmission

__all__ = [
    "Adoption",
    "Brownfield",
    "BrownfieldImport",
    "CfeStatus",
    "LandNeed",
    "LandOffer",
    "LandUnit",
    "Occupant",
    "OfferMatch",
    "OwnerConsultation",
    "OwnerLetter",
    "Pole",
    "Transmission",
    "Zone",
]
