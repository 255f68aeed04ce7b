"""The consultation's letters, written from real inventory objects."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.land.procedure_builders import consultation, inventory
from tindus.land.letters import email_body, eml, letter_text, long_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(territory):
    found = inventory(territory)
    return found, consultation(territory, dt.date(2024, 1, 8))


def test_dates_are_written_out_in_french():
    assert long_date(dt.date(2024, 2, 7)) == "7 février 2024"
    assert long_date(dt.date(2024, 3, 1)) == gettext("1st") + " mars 2024"


def test_owner_letter_lists_what_the_inventory_says_of_each_unit(sent):
    units, found = sent
    text = letter_text(found.letters.get(name="SCI Les Granges"))
    assert text.sender == "CC du Montbardois"  # the EPCI of the units' zone
    assert text.addressee == "SCI Les Granges" and text.postal_address.startswith("3 rue de la Forge")
    rows = [dict(unit.facts) for unit in text.units]
    assert [row[gettext("Land unit")] for row in rows] == ["21425_TERRAIN-ECO_00001", "21425_TERRAIN-ECO_00002"]
    first, second = rows
    assert first[gettext("Zone")] == "ZA des Granges 1 (Montbard)"
    assert first[gettext("Cadastral references")] == "21425000AB0012, 21425000AB0013"
    assert re.fullmatch(r"12\s500 m²", first[gettext("Surface")])
    assert re.fullmatch(r"4\s200 m²", second[gettext("Surface")])
    assert second[gettext("Occupation")] == "vacant" and second[gettext("Commercialisation stage")] == "disponible"
    occupants = first[gettext("Occupants recorded")]
    assert "Forges 1" in occupants and units["forges"].siret in occupants and "Tôlerie du Morvan" in occupants
    assert "Proposée" not in occupants  # only confirmed occupants are recorded


def test_the_request_names_the_deadline_written_out(sent):
    _units, found = sent
    text = letter_text(found.letters.get(name="SCI Les Granges"))
    assert "7 février 2024" in " ".join(text.request)  # 8 January + 30 days
    assert "8 janvier 2024" in text.dated


def test_occupant_letter_names_its_siret_and_closed_occupants_are_marked(sent, territory):
    units, found = sent
    text = letter_text(found.letters.get(siret=units["forges"].siret))
    assert units["forges"].siret in " ".join(text.opening)
    closed = units["u3"].occupants.get(name="Fermée")
    closed.state = "confirmed"
    closed.save()
    commune = letter_text(found.letters.get(name="Commune de Montbard"))
    assert gettext("closed") in dict(commune.units[0].facts)[gettext("Occupants recorded")]


def test_sender_is_the_territory_when_zones_name_no_single_epci(sent, territory):
    units, found = sent
    units["zone"].site_epci_nom = ""
    units["zone"].save()
    assert letter_text(found.letters.get(name="SCI Les Granges")).sender == territory.name


def test_email_and_eml_carry_the_same_text(sent):
    _units, found = sent
    letter = found.letters.get(name="Commune de Montbard")
    text = letter_text(letter)
    body = email_body(text)
    assert body.startswith(text.greeting) and "21425_TERRAIN-ECO_00003" in body and "7 février 2024" in body
    message = email.message_from_bytes(eml(letter, text, "equipe@cc-montbardois.example"), policy=email.policy.default)
    assert message["Subject"] == text.subject
    assert message["To"].addresses[0].addr_spec == "urbanisme@montbard.example"
    assert message["From"].addresses[0].display_name == "CC du Montbardois"
    assert message.get_content().strip() == body.strip()


def test_eml_without_a_sender_address_has_no_from(sent):
    _units, found = sent
    letter = found.letters.get(name="SCI Les Granges")  # no email: a letter by post
    message = email.message_from_bytes(eml(letter, letter_text(letter), ""), policy=email.policy.default)
    assert message["From"] is None and message["To"] is None


def test_the_letter_is_in_the_sites_language_whatever_the_readers(sent, settings):
    _units, found = sent
    letter = found.letters.get(name="SCI Les Granges")
    french = letter_text(letter)
    with translation.override("en"):
        assert letter_text(letter) == french
    assert "7 février 2024" in " ".join(french.request)
