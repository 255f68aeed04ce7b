"""A proposed training pathway as a LHÉO 2.3 action skeleton, for the Carif-Oref to complete and publish.

LHÉO asks for many elements an idea does not have yet (the organisation, its activity number, the dates):
the skeleton fills them with the standard's own « unknown » values (dates ``00000000`` / ``99999999``,
SIRET and activity number of zeros) and « À préciser » texts, so that the file validates against the 2.3
schema (:data:`tindus.employment.compute.lheo.SCHEMA_FILE`) and says plainly what is left to fill. What the
working group knows goes in: the title, the objective (the gap and its figures), the linked ROME 4.0
codes, the place (the territory's most populated commune) and the public (:data:`PUBLIC_CODE`).
"""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

from tindus.referentials.models import Commune
from tindus.territories.models import Territory

from .compute.lheo import NS23
from .models import Proposal

TO_BE_SPECIFIED = "À préciser"
# Formacode « publics » code used by the Carif-Oref samples for a training open to everyone.
PUBLIC_CODE = "80001"
E = ElementMaker(namespace=NS23, nsmap={None: NS23})


def _place(territory: Territory) -> etree._Element:
    commune = territory.communes.exclude(population=None).order_by("-population").first()
    if commune is None:
        return E.adresse(E.ligne("-"), E.codepostal("00000"), E.ville("-"))
    assert isinstance(commune, Commune)
    postcode = (commune.postcodes.split("|")[0] if commune.postcodes else "").strip() or "00000"
    return E.adresse(
        E.ligne("-"),
        E.codepostal(postcode[:5]),
        E.ville(commune.name),
        E("code-INSEE-commune", commune.code),
        E.pays("FR"),
    )


def action_skeleton(proposal: Proposal, rome: list[str]) -> bytes:
    """The LHÉO 2.3 document of ``proposal`` (a training pathway), its ROME 4.0 codes ``rome``."""
    territory = proposal.territory
    domain = E("domaine-formation", *[E("code-ROME", code, ref="V4") for code in rome])
    objective = proposal.description or TO_BE_SPECIFIED
    formation = E.formation(
        domain,
        E("intitule-formation", proposal.title),
        E("objectif-formation", objective),
        E("resultats-attendus", TO_BE_SPECIFIED),
        E("contenu-formation", TO_BE_SPECIFIED),
        E.certifiante("0"),
        E("contact-formation", E.coordonnees(E.nom(f"Territoire d'industrie {territory.name}"))),
        E("parcours-de-formation", "1"),
        E("code-niveau-entree", "0"),
        E.action(
            E("rythme-formation", TO_BE_SPECIFIED),
            E("code-public-vise", PUBLIC_CODE, ref="V12"),
            E("niveau-entree-obligatoire", "0"),
            E("modalites-alternance", TO_BE_SPECIFIED),
            E("modalites-enseignement", "0"),
            E("conditions-specifiques", TO_BE_SPECIFIED),
            E("prise-en-charge-frais-possible", "0"),
            E("lieu-de-formation", E.coordonnees(_place(territory))),
            E("modalites-entrees-sorties", "0"),
            E.session(
                E.periode(E.debut("00000000"), E.fin("99999999")),
                E("adresse-inscription", _place(territory)),
            ),
            numero=f"tindus-{territory.slug}-{proposal.pk}-action",
        ),
        E(
            "organisme-formation-responsable",
            E("numero-activite", "00000000000"),
            E("SIRET-organisme-formation", E.SIRET("00000000000000")),
            E("nom-organisme", TO_BE_SPECIFIED),
            E("raison-sociale", TO_BE_SPECIFIED),
            E("coordonnees-organisme", E.coordonnees(_place(territory))),
            E("contact-organisme", E.coordonnees()),
        ),
        numero=f"tindus-{territory.slug}-{proposal.pk}",
    )
    document = E.lheo(E.offres(formation))
    return etree.tostring(document, xml_declaration=True, encoding="utf-8", pretty_print=True)
