"""LHÉO offers: the version from the namespace, the 2.3 schema, and line and element on every failure.

The samples are real Carif-Oref offers (LHÉO 2.2); the copies in ``tests/employment/data`` have their staff's
names, e-mails and phones replaced (its README), and the reader keeps no contact detail anyway.
"""

import datetime as dt

import pytest

from tindus.employment.compute.lheo import read_lheo
from tindus.employment.compute.problems import DataError

from .conftest import shared

SAMPLES = (
    "lheo22_offre_04_A815385_financeur16.xml",
    "lheo22_offre_07_10_plaquiste.xml",
    "lheo22_offre_15_464888_daeu.xml",
    "lheo22_offre_24_162227_poec.xml",
)


def sample(name="lheo22_offre_15_464888_daeu.xml") -> bytes:
    return shared("emploi-formation", name).read_bytes()


@pytest.mark.parametrize("name", SAMPLES)
def test_the_real_samples_validate_and_give_sessions(name):
    offers = read_lheo(shared("emploi-formation", name))
    assert offers.version == "LHÉO 2.2"
    assert offers.organisations and offers.actions and offers.sessions
    for session in offers.sessions:
        assert session.start and session.end and session.start <= session.end
        assert session.latitude is not None and session.commune


def test_the_contents_of_one_offer():
    offers = read_lheo(shared("emploi-formation", "lheo22_offre_07_10_plaquiste.xml"))
    (organisation,) = offers.organisations
    assert organisation.siret == "82422814200660" and organisation.key == organisation.siret
    assert [a.key for a in offers.actions] == ["07_114782", "07_123324"]
    action = offers.actions[0]
    assert action.title == "Titre professionnel plaquiste" and action.modality == "presential"
    assert (action.codes.rome, action.codes.rome_version) == (("F1604",), "V3")  # no ref: ROME v3
    assert action.codes.rncp == ("RNCP320",) and action.codes.formacode == ("22403",)
    session = offers.sessions[0]
    assert (session.start, session.end) == (dt.date(2017, 12, 4), dt.date(2018, 6, 1))
    assert session.commune == "37266" and session.latitude == pytest.approx(47.286057)  # the training place
    assert session.capacity is None and session.line == 96


def test_a_distance_offer():
    offers = read_lheo(shared("emploi-formation", "lheo22_offre_24_162227_poec.xml"))
    assert {s.modality for s in offers.sessions} == {"distance"}


def test_no_contact_detail_is_kept():
    for name in SAMPLES:
        assert "@" in sample(name).decode()  # the source has e-mail addresses…
        assert "@" not in repr(read_lheo(sample(name), name=name))  # …the result none


def test_a_2_3_document_is_read_too():
    offers = read_lheo(sample().replace(b"http://www.lheo.org/2.2", b"http://lheo.gouv.fr/2.3"), name="o.xml")
    assert offers.version == "LHÉO 2.3" and len(offers.sessions) == 1


def test_a_file_failing_the_schema_names_the_line_and_the_element():
    broken = sample().replace(b"<debut>20181001</debut>", b"<debut>2018-10-01</debut>")
    with pytest.raises(DataError) as caught:
        read_lheo(broken, name="offre.xml")
    assert (caught.value.line, caught.value.element) == (67, "debut")
    assert str(caught.value).startswith("offre.xml, line 67, element <debut>: does not follow the LHÉO 2.3 schema")


def test_a_missing_mandatory_element_is_named():
    broken = sample().replace(b"<intitule-formation>", b"<intitule>").replace(b"</intitule-formation>", b"</intitule>")
    with pytest.raises(DataError) as caught:
        read_lheo(broken, name="offre.xml")
    assert caught.value.element == "intitule" and caught.value.line == 9


def test_an_unknown_namespace_or_malformed_xml_is_refused():
    with pytest.raises(DataError, match="not a LHÉO 2.2 or 2.3 document .*namespace http://example.org/x"):
        read_lheo(sample().replace(b"http://www.lheo.org/2.2", b"http://example.org/x"), name="o.xml")
    with pytest.raises(DataError) as caught:
        read_lheo(sample().replace(b"</offres>", b"</offre>"), name="o.xml")
    assert "not well-formed XML" in str(caught.value) and caught.value.line > 100


def test_an_entity_is_not_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE lheo [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + sample().split(b"?>", 1)[
        1
    ].replace(b"DAEU A", b"&x;")
    with pytest.raises(DataError, match="DOCTYPE"):
        read_lheo(bomb, name="o.xml")


def test_a_session_ending_before_it_starts_is_refused_at_its_end():
    broken = sample().replace(b"<fin>20190524</fin>", b"<fin>20180524</fin>")
    with pytest.raises(DataError) as caught:
        read_lheo(broken, name="offre.xml")
    assert (caught.value.line, caught.value.element) == (68, "fin")
    assert "ends (2018-05-24) before it starts (2018-10-01)" in str(caught.value)


def capacity(value: int) -> bytes:
    cycle = f"<cycle><type-cycle>0</type-cycle><capacite-simultanee>{value}</capacite-simultanee></cycle>"
    return sample().replace(b"</adresse-inscription>", b"</adresse-inscription>\n" + cycle.encode())


def test_a_capacity_is_read_and_a_capacity_of_zero_refused():
    assert read_lheo(capacity(14), name="o.xml").sessions[0].capacity == 14
    with pytest.raises(DataError) as caught:
        read_lheo(capacity(0), name="o.xml")
    assert (caught.value.line, caught.value.element) == (85, "capacite-simultanee")
    assert "a capacity of 0 places" in str(caught.value)


def test_an_apprenticeship_cycle_makes_an_apprenticeship_session():
    apprenticeship = capacity(8).replace(b"<type-cycle>0</type-cycle>", b"<type-cycle>1</type-cycle>")
    assert read_lheo(apprenticeship, name="o.xml").sessions[0].modality == "apprenticeship"


def test_an_unknown_rome_code_is_refused_at_its_element():
    path = shared("emploi-formation", "lheo22_offre_07_10_plaquiste.xml")
    assert read_lheo(path, known_rome={"V3": {"F1604"}}).actions
    with pytest.raises(DataError) as caught:
        read_lheo(path, known_rome={"V3": {"F1601"}})
    assert (caught.value.line, caught.value.element) == (8, "code-ROME")
    assert "unknown ROME V3 code 'F1604'" in str(caught.value)


def test_months_and_unknown_dates():
    text = sample().replace(b"<debut>20181001</debut>", b"<debut>00000000</debut>")
    text = text.replace(b"<fin>20190524</fin>", b"<fin>20190500</fin>")
    session = read_lheo(text, name="o.xml").sessions[0]
    assert session.start is None and session.end == dt.date(2019, 5, 31)


def test_the_messages_translate():
    broken = sample().replace(b"<fin>20190524</fin>", b"<fin>20180524</fin>")
    with pytest.raises(DataError) as caught:
        read_lheo(broken, name="offre.xml")
    french = {
        "%(file)s, line %(line)d, element <%(element)s>": "%(file)s, ligne %(line)d, élément <%(element)s>",
        "the session ends (%(end)s) before it starts (%(start)s)": "la session finit (%(end)s) avant de commencer",
    }
    assert caught.value.describe(lambda m: french.get(m, m)) == (
        "offre.xml, ligne 68, élément <fin>: la session finit (2018-05-24) avant de commencer"
    )
