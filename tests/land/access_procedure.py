"""The legal procedure's part of the access matrix (tests/accounts/test_access.py): who may open each URL, and
one object of each kind so that every URL can be built. Written by hand: it is the specification.

The team and the committee read the procedure, the letters and the deliberation; only the team starts a
consultation, records answers (POST on a letter's page), the adoption and the transmissions. A GET on the
PDF action goes back to the procedure's page."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from tests.land.procedure_builders import adoption, consultation, inventory

READERS = {"team", "committee", "admin"}
EDITORS = {"team", "admin"}

PROCEDURE_URLS = {
    "land:procedure": READERS,
    "land:letter": READERS,
    "land:letter_email": READERS,
    "land:letters_pdf": READERS,
    "land:adoption_document": READERS,
    "land:consultation_start": EDITORS,
    "land:adoption": EDITORS,
    "land:transmission": EDITORS,
}


def procedure_objects(territory, declaring_siret: str) -> dict[str, dict]:
    inventory(territory, n=71)  # a zone number of its own: other areas' objects live in the same territory
    sent = consultation(territory, dt.date(2024, 1, 8))
    adopted = adoption(territory, sent, dt.date(2024, 3, 1), document=ContentFile(b"%PDF-1.4 x", name="delib.pdf"))
    letter = sent.letters.first()
    return {
        "land:letter": {"pk": letter.pk},
        "land:letter_email": {"pk": letter.pk},
        "land:letters_pdf": {"pk": sent.pk},
        "land:adoption_document": {"pk": adopted.pk},
    }
