"""The brownfields, offers, needs and matches part of the access matrix (tests/accounts/test_access.py): who
may open each URL, and one object of each kind so that every URL can be built. Written by hand: it is the
specification.

The team and the committee read brownfields, offers and matches; the team edits and imports them, takes
needs from a pooling or the consultation and moves matches (a GET on a POST-only action goes back to its
page). A company representative declares and edits its own establishment's land needs (the object check in
the view), the team any."""

from __future__ import annotations

from tindus.land.models import Brownfield, LandNeed, LandOffer, OfferMatch

READERS = {"team", "committee", "admin"}
EDITORS = {"team", "admin"}
DECLARERS = {"team", "company", "admin"}

BROWNFIELDS_URLS = {
    "land:brownfields": READERS,
    "land:brownfield": READERS,
    "land:brownfield_edit": EDITORS,
    "land:brownfields_import": EDITORS,
    "land:offers": READERS,
    "land:offer_create": EDITORS,
    "land:offer_edit": EDITORS,
    "land:offer_delete": EDITORS,  # a GET asks for confirmation: nothing is deleted
    "land:needs": DECLARERS,
    "land:need_create": DECLARERS,
    "land:need_edit": DECLARERS,
    "land:need_delete": DECLARERS,  # a GET asks for confirmation
    "land:need_from_pooling": EDITORS,
    "land:needs_consultation": EDITORS,
    "land:needs_from_consultation": EDITORS,
    "land:matches": READERS,
    "land:matches_refresh": EDITORS,
    "land:match_stage": EDITORS,
}


def brownfields_objects(territory, declaring_siret: str) -> dict[str, dict]:
    brownfield = Brownfield.objects.create(
        territory=territory, site_id=f"{territory.pk}_1", site_nom="Ancienne tuilerie", site_type="friche industrielle",
        site_statut="friche sans projet", comm_insee="21425", comm_nom="Montbard", longitude=4.34, latitude=47.62,
    )  # fmt: skip
    offer = LandOffer.objects.create(territory=territory, title="Parcelle", kind="plot", transaction="sale",
                                     commune="21425", surface=5000.0)  # fmt: skip
    need = LandNeed.objects.create(
        territory=territory, origin=LandNeed.Origin.COMPANY, siret=declaring_siret, company_name="Scierie",
        kind="plot", transaction="sale", surface_min=4000.0,
    )  # fmt: skip
    match = OfferMatch.objects.create(need=need, offer=offer, score=0.9)
    return {
        "land:brownfield": {"pk": brownfield.pk},
        "land:brownfield_edit": {"pk": brownfield.pk},
        "land:offer_edit": {"pk": offer.pk},
        "land:offer_delete": {"pk": offer.pk},
        "land:need_edit": {"pk": need.pk},
        "land:need_delete": {"pk": need.pk},
        "land:match_stage": {"pk": match.pk},
    }
