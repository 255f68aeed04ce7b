"""Declarations are checked field by field before anything is saved, with French messages."""

from tindus.synergies.compute.declarations import (
    Declaration,
    annual_quantity,
    dangerous_ewc_codes,
    ewc_label,
    ewc_reference,
    validate,
)

KNOWN = set(ewc_reference())
DANGEROUS = dangerous_ewc_codes()
TERRITORY = {"C1", "C2"}


def declaration(**changes) -> Declaration:
    fields = {
        "id": "D1", "company": "C1", "direction": "resource", "category": "matieres",
        "text": "copeaux d'acier", "ewc": "120101", "quantity": 20.0, "unit": "t", "frequency": "annuel",
    }  # fmt: skip
    return Declaration(**{**fields, **changes})


def test_a_sound_declaration_passes():
    assert validate(declaration(), KNOWN, TERRITORY, DANGEROUS) == {}


def test_unknown_ewc_code():
    errors = validate(declaration(ewc="129999"), KNOWN, TERRITORY)
    assert errors == {"ewc": "Code déchet 12 99 99 inconnu de la liste européenne des déchets."}


def test_malformed_ewc_code():
    errors = validate(declaration(ewc="12 01 01"), KNOWN, TERRITORY)
    assert "six chiffres sans espace" in errors["ewc"]


def test_negative_quantity():
    errors = validate(declaration(quantity=-3.0), KNOWN, TERRITORY)
    assert errors == {"quantity": "La quantité ne peut pas être négative."}


def test_unit_not_fitting_the_category():
    errors = validate(declaration(category="eau", ewc="", unit="t", text="eaux de refroidissement"), KNOWN, TERRITORY)
    assert set(errors) == {"unit"}
    assert "« t » ne convient pas à la catégorie « eau »" in errors["unit"]
    assert "m3" in errors["unit"]


def test_quantity_without_unit():
    assert validate(declaration(unit=""), KNOWN, TERRITORY) == {"unit": "Préciser l'unité de la quantité."}


def test_company_outside_the_territory():
    errors = validate(declaration(company="C9"), KNOWN, TERRITORY)
    assert errors == {
        "company": "Cette entreprise n'est pas dans le périmètre du territoire : déclaration impossible ici."
    }


def test_hazardous_flag_must_follow_the_code():
    unflagged = validate(declaration(ewc="120109", hazardous=False), KNOWN, TERRITORY, DANGEROUS)
    assert unflagged == {"hazardous": "Le code 12 01 09* désigne un déchet dangereux : cocher « déchet dangereux »."}
    flagged = validate(declaration(ewc="120101", hazardous=True), KNOWN, TERRITORY, DANGEROUS)
    assert "n'est pas un déchet dangereux" in flagged["hazardous"]
    assert validate(declaration(ewc="120109", hazardous=True), KNOWN, TERRITORY, DANGEROUS) == {}
    # without the list of dangerous codes, nothing can be said
    assert validate(declaration(ewc="120109", hazardous=False), KNOWN, TERRITORY) == {}


def test_every_bad_field_is_reported_at_once():
    bad = declaration(
        company="C9", direction="gift", category="matieres", ewc="129999", quantity=-1.0, unit="m2",
        frequency="parfois", state="plasma", confidentiality="public", rome=("H29",),
    )  # fmt: skip
    errors = validate(bad, KNOWN, TERRITORY)
    expected = {"company", "direction", "ewc", "quantity", "unit", "frequency", "state", "confidentiality", "rome"}
    assert set(errors) == expected
    assert all(message.endswith(".") for message in errors.values())


def test_codes_only_in_their_category():
    errors = validate(declaration(category="energie", unit="MWh", text="chaleur fatale"), KNOWN, TERRITORY)
    assert errors == {"ewc": "Un code déchet ne s'emploie que pour les matières, coproduits et déchets."}


def test_annual_quantities_meet_across_units():
    assert annual_quantity(2.0, "t", "mensuel") == ("masse", 24.0)
    assert annual_quantity(500.0, "kg", "hebdomadaire") == ("masse", 26.0)
    assert annual_quantity(300.0, "m2", "mensuel") == ("surface", 300.0)  # a stock is not multiplied
    assert annual_quantity(None, "t", "annuel") is None
    assert ewc_label("120101") == "12 01 01"
