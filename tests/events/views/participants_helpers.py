"""What the tests of the registration pages share: a small Haut-Doubs industrial fabric for the warehouse (the
company representative of these tests speaks for the sawmill) and the URLs of an event's pages."""

from django.urls import reverse

from tests.factories import sirene_establishments, siret

# Morteau (25411) and Avoudrey (25039) are in Haut-Doubs Horloger; Montbard (21425) is not.
ESTABLISHMENTS = [
    (siret("2500000100001"), "25411", "16.10A", "12", "SCIERIE DU SAUGEAIS"),
    (siret("2500000200001"), "25039", "16.21Z", "21", "PANNEAUX DU HAUT-DOUBS"),
    (siret("2500000300001"), "25411", "25.62A", "11", "DÉCOLLETAGE DE MORTEAU"),
    (siret("2500000400001"), "25039", "10.51C", "03", "FROMAGERIE D'AVOUDREY"),
    (siret("2100000500001"), "21425", "25.62A", "12", "USINAGE DE MONTBARD"),
]
SCIERIE, PANNEAUX, DECOLLETAGE, FROMAGERIE, MONTBARD = (e[0] for e in ESTABLISHMENTS)


def fill_warehouse():
    """The test's warehouse holding these establishments."""
    return sirene_establishments(ESTABLISHMENTS)


def url(event, name, **kwargs):
    return reverse(f"events:{name}", kwargs={"slug": event.territory.slug, "pk": event.pk, **kwargs})
