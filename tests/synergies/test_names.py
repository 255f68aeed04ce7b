"""Companies are shown by name: an establishment without a name of its own goes by its company's (the legal
unit in SIRENE), one INSEE does not disclose is described by its commune, and the network labels them so."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import siret
from tindus.synergies.models import Opportunity, Status
from tindus.synergies.names import company_choice, company_names, warehouse_records

from .conftest import PANNEAUX, SCIERIE

pytestmark = pytest.mark.django_db

UNNAMED = siret("3000000100001")  # no sign nor usual name: its company is « FONDERIE BOURGUIGNONNE »
HIDDEN = siret("3000000200001")  # INSEE restricts its diffusion


@pytest.fixture
def warehouse(sirene):
    with sirene.session() as con:
        for number, name, public in ((UNNAMED, None, True), (HIDDEN, None, False)):
            con.execute(
                "INSERT INTO establishment (siret, siren, nic, commune, naf, size_band, active, name, public) "
                "VALUES (?, ?, ?, '21425', '24.51Z', '12', true, ?, ?)",
                [number, number[:9], number[9:], name, public],
            )
        con.execute("INSERT INTO legal_unit (siren, name) VALUES (?, 'FONDERIE BOURGUIGNONNE')", [UNNAMED[:9]])
        con.execute("INSERT INTO legal_unit (siren, name) VALUES (?, 'JEAN DUPONT')", [HIDDEN[:9]])
    return sirene


def test_an_establishment_goes_by_its_own_name_else_its_companys_and_an_undisclosed_one_by_its_commune(
    warehouse, auxois
):
    records = warehouse_records([SCIERIE, UNNAMED, HIDDEN])
    assert records[SCIERIE].name == "SCIERIE DE MONTBARD" and records[UNNAMED].name == "FONDERIE BOURGUIGNONNE"
    assert records[HIDDEN].name == "" and records[HIDDEN].commune_name == "Montbard"
    companies = [{"siret": s, "name": s} for s in (SCIERIE, UNNAMED, HIDDEN)]
    names = company_names(auxois, companies)
    assert names[SCIERIE] == "SCIERIE DE MONTBARD" and names[UNNAMED] == "FONDERIE BOURGUIGNONNE"
    assert "JEAN DUPONT" not in names[HIDDEN] and "Montbard" in names[HIDDEN] and HIDDEN not in names[HIDDEN]
    assert company_choice(records[SCIERIE], SCIERIE) == f"SCIERIE DE MONTBARD · Montbard · SIRET {SCIERIE}"


def test_the_network_labels_companies_by_name_and_lists_every_link(committee_client, warehouse,
                                                                                    auxois):  # fmt: skip
    for i, (a, b) in enumerate([(SCIERIE, PANNEAUX), (UNNAMED, SCIERIE), (HIDDEN, PANNEAUX)]):
        Opportunity.objects.create(territory=auxois, kind="discovery", title=f"échange {i}", category="matieres",
                                   signature=f"s{i}", status=Status.STUDY,
                                   companies=[{"siret": a, "name": a, "role": "provider"},
                                              {"siret": b, "name": b, "role": "receiver"}])  # fmt: skip
    response = committee_client.get(reverse("synergies:network", kwargs={"slug": auxois.slug}))
    svg = ET.fromstring(response.context["svg"])
    titles = {g.get("data-id"): g.find("{http://www.w3.org/2000/svg}title").text
              for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("data-id")}  # fmt: skip
    assert titles[UNNAMED] == "FONDERIE BOURGUIGNONNE" and titles[SCIERIE] == "SCIERIE DE MONTBARD"
    assert not any(re.fullmatch(r"\d{14}", title) for title in titles.values())
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
    assert not re.search(r"\b\d{14}\b", text)
    links = response.context["links"]
    assert len(links) == 3 and {row[0].label for row in links} >= {"FONDERIE BOURGUIGNONNE"}
    assert 'id="network-links"' in html and "Montbard" in html  # the table alternative, with communes
