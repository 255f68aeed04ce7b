"""Small files built in the tests: LHÉO 2.3 offers (no real person in them), template CSVs, BMO CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io

from lxml import etree
from lxml.builder import ElementMaker

from tindus.employment.compute.lheo import NS23
from tindus.employment.reference import SHIPPED_BMO

E = ElementMaker(namespace=NS23, nsmap={None: NS23})


def _address(commune: str, city: str, latitude: float | None, longitude: float | None):
    parts = [E.ligne("1 rue de l'Usine"), E.codepostal("25500"), E.ville(city), E("code-INSEE-commune", commune)]
    if latitude is not None:
        parts.append(E.geolocalisation(E.latitude(str(latitude)), E.longitude(str(longitude))))
    return E.adresse(*parts)


def lheo(
    *,
    title: str = "Diplôme d'État d'aide-soignant",
    rome: tuple[str, ...] = ("J1501",),
    start: dt.date,
    end: dt.date,
    commune: str = "25411",
    city: str = "Morteau",
    latitude: float | None = 47.0577,
    longitude: float | None = 6.6071,
    places: int | None = 20,
    teaching: str = "0",
    siret: str = "13002793100323",
) -> bytes:
    """A LHÉO 2.3 document: one formation, one action at ``commune``, one session."""
    session = [E.periode(E.debut(start.strftime("%Y%m%d")), E.fin(end.strftime("%Y%m%d"))),
               E("adresse-inscription", _address(commune, city, latitude, longitude))]  # fmt: skip
    if places is not None:
        session.append(E.recrutement(E("modalite-recrutement", "1"), E("nb-places", str(places))))
    document = E.lheo(
        E.offres(
            E.formation(
                E("domaine-formation", *[E("code-ROME", code, ref="V4") for code in rome]),
                E("intitule-formation", title),
                E("objectif-formation", "Exercer le métier."),
                E("resultats-attendus", "Diplôme"),
                E("contenu-formation", "Cours et stages"),
                E.certifiante("1"),
                E("contact-formation", E.coordonnees(E.courriel("contact@exemple.invalid"))),
                E("parcours-de-formation", "1"),
                E("code-niveau-entree", "0"),
                E.action(
                    E("rythme-formation", "Temps plein"),
                    E("code-public-vise", "80001", ref="V12"),
                    E("niveau-entree-obligatoire", "0"),
                    E("modalites-alternance", "-"),
                    E("modalites-enseignement", teaching),
                    E("conditions-specifiques", "-"),
                    E("prise-en-charge-frais-possible", "0"),
                    E("lieu-de-formation", E.coordonnees(_address(commune, city, latitude, longitude))),
                    E("modalites-entrees-sorties", "0"),
                    E.session(*session, numero="S1"),
                    numero="A1",
                ),
                E(
                    "organisme-formation-responsable",
                    E("numero-activite", "43250000025"),
                    E("SIRET-organisme-formation", E.SIRET(siret)),
                    E("nom-organisme", "Institut de formation"),
                    E("raison-sociale", "Institut de formation du Haut-Doubs"),
                    E("coordonnees-organisme", E.coordonnees(_address(commune, city, latitude, longitude))),
                    E("contact-organisme", E.coordonnees()),
                ),
                numero="F1",
            )
        )
    )
    return etree.tostring(document, xml_declaration=True, encoding="utf-8", pretty_print=True)


TEMPLATE_HEADER = ";".join(
    ("organisme", "siret", "intitule", "rome", "formacode", "rncp", "commune", "latitude", "longitude",
     "debut", "fin", "places", "modalite")
)  # fmt: skip


def template(*rows: str) -> bytes:
    return ("\r\n".join([TEMPLATE_HEADER, *rows]) + "\r\n").encode("utf-8")


def bmo_csv(year: int = 2025, count: int = 30, drop: tuple[str, ...] = ()) -> bytes:
    """The header and the first rows of the shipped BMO file of ``year``, without the columns ``drop``."""
    with gzip.open(SHIPPED_BMO[year], "rt", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        rows = [next(reader) for _ in range(count + 1)]
    keep = [i for i, name in enumerate(rows[0]) if name not in drop]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[row[i] for i in keep] for row in rows])
    return out.getvalue().encode("utf-8")
