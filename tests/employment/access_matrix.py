"""The employment module's part of the access matrix (tests/accounts/test_access.py): who may open each URL,
and one object of each kind so that every URL can be built. Written by hand: it is the specification.

The working group's pages are read by the team and the committee; imports, links, proposals and deletions
are the team's; a company representative declares and edits its own establishment's needs (the object
check in the view), the team any."""

from __future__ import annotations

from tindus.employment.models import LocalNeed, OfferImport, Proposal

READERS = {"team", "committee", "admin"}
EDITORS = {"team", "admin"}
DECLARERS = {"team", "company", "admin"}

EMPLOYMENT_URLS = {
    "employment:home": READERS,
    "employment:map": READERS,
    "employment:job": READERS,
    "employment:proposals": READERS,
    "employment:proposal": READERS,
    "employment:proposal_lheo": READERS,
    "employment:offers": READERS,
    "employment:offer_template": READERS,
    "employment:links": READERS,
    "employment:pack": READERS,
    # a GET on an action URL goes back to its page
    "employment:propose": EDITORS,
    "employment:proposal_project": EDITORS,
    "employment:link_decide": EDITORS,
    "employment:offer_import": EDITORS,
    "employment:offer_delete": EDITORS,
    "employment:bmo_import": EDITORS,
    "employment:links_import": EDITORS,
    "employment:consultation": EDITORS,
    "employment:consultation_take": EDITORS,
    "employment:needs": DECLARERS,
    "employment:need_create": DECLARERS,
    "employment:need_edit": DECLARERS,
    "employment:need_delete": DECLARERS,  # a GET asks for confirmation: nothing is deleted
}


def employment_objects(territory, declaring_siret: str) -> dict[str, dict]:
    record = OfferImport.objects.create(territory=territory, kind=OfferImport.Kind.TEMPLATE, source="s.csv")
    need = LocalNeed.objects.create(territory=territory, origin=LocalNeed.Origin.COMPANY, siret=declaring_siret,
                                    company_name="Scierie", job="D0X31", count=2, difficulty="strong")  # fmt: skip
    proposal = Proposal.objects.create(territory=territory, kind=Proposal.Kind.TRAINING, job="D0X31",
                                       job_name="Usineurs", title="Parcours")  # fmt: skip
    return {
        "employment:job": {"job": "D0X31"},
        "employment:propose": {"job": "D0X31"},
        "employment:proposal": {"pk": proposal.pk},
        "employment:proposal_lheo": {"pk": proposal.pk},
        "employment:proposal_project": {"pk": proposal.pk},
        "employment:offer_delete": {"pk": record.pk},
        "employment:need_edit": {"pk": need.pk},
        "employment:need_delete": {"pk": need.pk},
    }
