"""Impact of implemented synergies: the emission-factor table, one synergy, the roll-up per territory."""

import csv
import math
import re

import pytest

from tindus.synergies.compute.impact import (
    COLUMNS,
    DEFAULT_ENERGY,
    DEFAULT_TRANSPORT,
    DEFAULT_WATER,
    FACTORS_PATH,
    KINDS,
    MISSING_DISPOSAL_COST,
    MISSING_DISTANCE,
    MISSING_ENERGY_PRICE,
    MISSING_OTHER_SAVINGS,
    MISSING_REPROCESSING_COST,
    MISSING_TRANSPORT_COST,
    MISSING_VIRGIN_PRICE,
    NOTE_NOT_DIVERTED,
    UNIT_M3,
    UNIT_MWH,
    UNIT_TKM,
    UNIT_TONNE,
    Impact,
    SynergyFlow,
    compute,
    default_factors,
    factors_of_kind,
    load_factors,
    roll_up,
)

# Keys the method document and the forms rely on.
EXPECTED_KEYS = {
    "disposal": [
        "stockage_isdnd",
        "incineration_sans_valorisation",
        "incineration_avec_valorisation",
        "incineration_dechets_dangereux",
    ],
    "virgin": [
        "acier_vierge",
        "aluminium_vierge",
        "bois_plaquettes",
        "papier_vierge",
        "carton_vierge",
        "plastique_vierge_pe_pp",
        "verre_matieres_premieres",
        "granulats_naturels",
        "sable",
        "clinker_ciment",
        "engrais_mineraux_compost",
        "aliment_betail",
        DEFAULT_ENERGY,
        DEFAULT_WATER,
    ],
    "transport": [DEFAULT_TRANSPORT, "route_ensemble_articule_40t", "route_porteur_7_5t"],
    "reprocessing": ["recyclage_acier", "compostage", "tri_conditionnement", "concassage_criblage"],
}


@pytest.fixture(scope="module")
def factors():
    return load_factors()


def kg_to_t(kg):
    return kg / 1000


# --- the shipped table -----------------------------------------------------------------------------------


def test_every_shipped_factor_has_a_source_and_a_vintage(factors):
    assert len(factors) >= 30
    for factor in factors.values():
        assert factor.source.strip(), factor.key
        assert len(factor.source) > 20, f"{factor.key}: a source names a publication, not a word"
        assert factor.vintage.isdigit() and 1990 <= int(factor.vintage) <= 2030, factor.key
        assert factor.label_fr.strip(), factor.key
        assert factor.value >= 0 and math.isfinite(factor.value), factor.key


def test_shipped_table_covers_the_routes_materials_and_modes_the_method_names(factors):
    for kind, keys in EXPECTED_KEYS.items():
        for key in keys:
            assert key in factors, key
            assert factors[key].kind == kind, key
    assert factors[DEFAULT_TRANSPORT].unit == UNIT_TKM
    assert factors[DEFAULT_ENERGY].unit == UNIT_MWH
    assert factors[DEFAULT_WATER].unit == UNIT_M3
    assert {f.kind for f in factors.values()} == set(KINDS)


def test_orders_of_magnitude_of_well_known_factors(factors):
    # Primary aluminium and steel weigh far more than aggregates; a 40 t truck emits less per t.km than a small one.
    assert factors["aluminium_vierge"].value > factors["acier_vierge"].value > 100 * factors["granulats_naturels"].value
    assert (
        factors["route_porteur_7_5t"].value
        > factors[DEFAULT_TRANSPORT].value
        > factors["route_ensemble_articule_40t"].value
    )
    # Fermentable waste in landfill emits methane, metals and glass do not.
    assert factors["stockage_isdnd_bois"].value > 50 * factors["stockage_isdnd_non_fermentescible"].value
    # Steel from scrap emits less than steel from ore.
    assert factors["recyclage_acier"].value < factors["acier_vierge"].value


def test_default_factors_is_a_copy(factors):
    mine = default_factors()
    mine.pop("stockage_isdnd")
    assert "stockage_isdnd" in default_factors()
    assert factors_of_kind(factors, "transport") == [f for f in factors.values() if f.kind == "transport"]
    assert all(f.unit == UNIT_MWH for f in factors_of_kind(factors, "virgin", UNIT_MWH))


# --- one synergy ---------------------------------------------------------------------------------------------


def test_hand_computed_example(factors):
    """Sawmill offcuts once landfilled, chipped and trucked 35 km to a boiler that bought wood chips."""
    flow = SynergyFlow(
        tonnes_per_year=120,
        disposal_route="stockage_isdnd_bois",
        virgin_material="bois_plaquettes",
        distance_km=35,
        transport="route_ensemble_articule_40t",
        reprocessing="broyage_bois",
        disposal_cost_eur_per_t=95,
        virgin_price_eur_per_t=30,
        transport_cost_eur_per_tkm=0.12,
        reprocessing_cost_eur_per_t=8,
        other_savings_eur=500,
    )
    impact = compute(flow, factors)

    ef = {k: factors[k].value for k in ("stockage_isdnd_bois", "bois_plaquettes", "route_ensemble_articule_40t")}
    ef["broyage_bois"] = factors["broyage_bois"].value
    expected_co2e = kg_to_t(
        120 * (ef["stockage_isdnd_bois"] + ef["bois_plaquettes"])
        - 120 * 35 * ef["route_ensemble_articule_40t"]
        - 120 * ef["broyage_bois"]
    )
    assert impact.co2e_avoided_t == pytest.approx(expected_co2e)
    assert impact.co2e_avoided_disposal_t == pytest.approx(kg_to_t(120 * ef["stockage_isdnd_bois"]))
    assert impact.co2e_avoided_virgin_t == pytest.approx(kg_to_t(120 * ef["bois_plaquettes"]))
    assert impact.co2e_transport_t == pytest.approx(kg_to_t(120 * 35 * ef["route_ensemble_articule_40t"]))
    assert impact.co2e_reprocessing_t == pytest.approx(kg_to_t(120 * ef["broyage_bois"]))
    assert sum(impact.co2e_breakdown().values()) == pytest.approx(impact.co2e_avoided_t)

    assert impact.euros_saved == pytest.approx(120 * 95 + 120 * 30 - 120 * 35 * 0.12 - 120 * 8 + 500)
    assert impact.euros_breakdown()["transport"] == pytest.approx(-120 * 35 * 0.12)
    assert sum(impact.euros_breakdown().values()) == pytest.approx(impact.euros_saved)

    assert impact.flows == 1
    assert impact.tonnes_exchanged == impact.tonnes_diverted == 120
    assert [f.key for f in impact.factors_used] == [
        "stockage_isdnd_bois",
        "bois_plaquettes",
        "route_ensemble_articule_40t",
        "broyage_bois",
    ]
    assert impact.missing == [] and impact.euros_complete
    assert impact.notes == []


def test_heat_and_water_synergy(factors):
    """Waste heat and treated water from one plant to its neighbour: no tonnes, no truck."""
    flow = SynergyFlow(
        energy_mwh_per_year=2_000,
        water_m3_per_year=50_000,
        energy_price_eur_per_mwh=45,
        water_price_eur_per_m3=None,
    )
    impact = compute(flow, factors)
    expected = kg_to_t(2_000 * factors[DEFAULT_ENERGY].value + 50_000 * factors[DEFAULT_WATER].value)
    assert impact.co2e_avoided_t == pytest.approx(expected)
    assert impact.co2e_transport_t == 0 and impact.tonnes_diverted == 0
    assert impact.euros_saved == pytest.approx(2_000 * 45)
    assert impact.missing == ["prix de l'eau évitée inconnu"]
    assert not impact.euros_complete
    assert MISSING_DISTANCE not in impact.missing  # nothing is trucked
    assert {f.key for f in impact.factors_used} == {DEFAULT_ENERGY, DEFAULT_WATER}


def test_unknown_costs_are_listed_and_euros_come_from_known_parts_only(factors):
    flow = SynergyFlow(
        tonnes_per_year=40,
        disposal_route="stockage_isdnd",
        virgin_material="carton_vierge",
        distance_km=12,
        reprocessing="recyclage_carton",
        disposal_cost_eur_per_t=110,
    )
    impact = compute(flow, factors)
    assert impact.euros_saved == pytest.approx(40 * 110)
    assert impact.euros_virgin == impact.euros_transport == impact.euros_reprocessing == 0
    assert impact.missing == [MISSING_VIRGIN_PRICE, MISSING_TRANSPORT_COST, MISSING_REPROCESSING_COST]
    assert "prix de la matière vierge inconnu" in impact.missing
    assert MISSING_DISPOSAL_COST not in impact.missing
    assert not impact.euros_complete
    # The CO2e balance does not depend on prices.
    assert impact.co2e_avoided_t == pytest.approx(
        kg_to_t(
            40 * (factors["stockage_isdnd"].value + factors["carton_vierge"].value)
            - 40 * 12 * factors[DEFAULT_TRANSPORT].value
            - 40 * factors["recyclage_carton"].value
        )
    )


def test_a_zero_cost_is_known_not_missing(factors):
    flow = SynergyFlow(tonnes_per_year=10, virgin_material="sable", distance_km=0, virgin_price_eur_per_t=0)
    impact = compute(flow, factors)
    assert impact.missing == []
    assert impact.euros_saved == 0


def test_unknown_distance_is_said_not_guessed(factors):
    impact = compute(SynergyFlow(tonnes_per_year=10, disposal_route="stockage_isdnd"), factors)
    assert MISSING_DISTANCE in impact.missing
    assert impact.co2e_transport_t == 0
    # Distance is about CO2e as well as euros: the money balance is not declared incomplete for it.
    assert impact.missing == [MISSING_DISPOSAL_COST, MISSING_DISTANCE]


def test_no_disposal_route_diverts_nothing_and_says_so(factors):
    flow = SynergyFlow(tonnes_per_year=25, virgin_material="aliment_betail", distance_km=8)
    impact = compute(flow, factors)
    assert impact.tonnes_exchanged == 25
    assert impact.tonnes_diverted == 0
    assert impact.co2e_avoided_disposal_t == 0
    assert NOTE_NOT_DIVERTED in impact.notes


def test_pooling_without_material_asks_for_declared_savings(factors):
    assert compute(SynergyFlow(), factors).missing == [MISSING_OTHER_SAVINGS]
    pooled = compute(SynergyFlow(other_savings_eur=12_000), factors)
    assert pooled.missing == [] and pooled.euros_saved == 12_000 and pooled.co2e_avoided_t == 0
    assert pooled.factors_used == []


def test_long_distance_can_make_the_net_co2e_negative(factors):
    """Aggregates save little per tonne: past some distance the truck emits more than the exchange avoids."""
    avoided_per_t = factors["stockage_isdi"].value + factors["granulats_naturels"].value
    per_t_reprocessing = factors["concassage_criblage"].value
    per_tkm = factors["route_porteur_7_5t"].value
    break_even_km = (avoided_per_t - per_t_reprocessing) / per_tkm
    assert 0 < break_even_km < 200

    def net(km):
        flow = SynergyFlow(
            tonnes_per_year=500,
            disposal_route="stockage_isdi",
            virgin_material="granulats_naturels",
            reprocessing="concassage_criblage",
            distance_km=km,
            transport="route_porteur_7_5t",
        )
        return compute(flow, factors).co2e_avoided_t

    assert net(break_even_km * 0.9) > 0
    assert net(break_even_km) == pytest.approx(0, abs=1e-9)
    assert net(break_even_km * 1.1) < 0
    assert net(300) == pytest.approx(kg_to_t(500 * (avoided_per_t - per_t_reprocessing) - 500 * 300 * per_tkm))


def test_energy_price_missing_only_when_energy_is_exchanged(factors):
    impact = compute(SynergyFlow(energy_mwh_per_year=100), factors)
    assert impact.missing == [MISSING_ENERGY_PRICE]


# --- errors --------------------------------------------------------------------------------------------------


def test_unknown_factor_key_is_refused(factors):
    with pytest.raises(ValueError, match="unknown emission factor 'decharge_sauvage'"):
        compute(SynergyFlow(tonnes_per_year=1, disposal_route="decharge_sauvage"), factors)


def test_factor_of_the_wrong_kind_is_refused(factors):
    with pytest.raises(ValueError, match="'acier_vierge' is a virgin factor"):
        compute(SynergyFlow(tonnes_per_year=1, disposal_route="acier_vierge"), factors)
    with pytest.raises(ValueError, match="'eau_potable_reseau'"):
        compute(SynergyFlow(energy_mwh_per_year=1, energy="eau_potable_reseau"), factors)


@pytest.mark.parametrize(
    "field, value",
    [("tonnes_per_year", -1), ("distance_km", -5), ("virgin_price_eur_per_t", float("nan")), ("tonnes_per_year", "3")],
)
def test_flow_rejects_impossible_quantities(field, value):
    with pytest.raises(ValueError, match=field):
        SynergyFlow(**{field: value})


# --- roll-up -------------------------------------------------------------------------------------------------


def test_roll_up_sums_and_deduplicates(factors):
    steel = compute(
        SynergyFlow(
            tonnes_per_year=300,
            disposal_route="stockage_isdnd_non_fermentescible",
            virgin_material="acier_vierge",
            reprocessing="recyclage_acier",
            distance_km=20,
            disposal_cost_eur_per_t=60,
            virgin_price_eur_per_t=250,
            transport_cost_eur_per_tkm=0.1,
            reprocessing_cost_eur_per_t=None,
        ),
        factors,
    )
    cardboard = compute(
        SynergyFlow(
            tonnes_per_year=50, disposal_route="stockage_isdnd", distance_km=20, virgin_material="carton_vierge"
        ),
        factors,
    )
    heat = compute(SynergyFlow(energy_mwh_per_year=800, energy_price_eur_per_mwh=40), factors)
    pooling = compute(SynergyFlow(other_savings_eur=7_500), factors)
    parts = [steel, cardboard, heat, pooling]
    total = roll_up(parts)

    assert total.flows == 4
    assert total.tonnes_exchanged == 350
    assert total.tonnes_diverted == 350
    for name in (
        "co2e_avoided_t",
        "co2e_avoided_disposal_t",
        "co2e_avoided_virgin_t",
        "co2e_avoided_energy_t",
        "co2e_transport_t",
        "co2e_reprocessing_t",
        "euros_saved",
        "euros_disposal",
        "euros_virgin",
        "euros_energy",
        "euros_transport",
        "euros_other",
    ):
        assert getattr(total, name) == pytest.approx(sum(getattr(p, name) for p in parts)), name
    assert sum(total.co2e_breakdown().values()) == pytest.approx(total.co2e_avoided_t)

    keys = [f.key for f in total.factors_used]
    assert len(keys) == len(set(keys))
    assert DEFAULT_TRANSPORT in keys  # used by two synergies, cited once
    assert set(keys) == {f.key for p in parts for f in p.factors_used}
    assert total.missing.count(MISSING_VIRGIN_PRICE) == 1
    assert MISSING_REPROCESSING_COST in total.missing


def test_roll_up_of_nothing_is_zero():
    total = roll_up([])
    assert total == Impact()
    assert total.flows == 0 and total.co2e_avoided_t == 0 and total.factors_used == []


def test_roll_up_accepts_a_generator(factors):
    flows = (SynergyFlow(tonnes_per_year=t, disposal_route="stockage_isdnd", distance_km=10) for t in (1, 2, 3))
    total = roll_up(compute(f, factors) for f in flows)
    assert total.tonnes_diverted == 6
    assert total.missing == [MISSING_DISPOSAL_COST, MISSING_TRANSPORT_COST]


# --- a bad table ---------------------------------------------------------------------------------------------

GOOD_ROW = ["stockage_test", "disposal", "Stockage test", "100", UNIT_TONNE, "Une publication, 2023", "2023", ""]


def write_table(path, *rows, header=COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def with_cell(column, value):
    row = list(GOOD_ROW)
    row[COLUMNS.index(column)] = value
    row[0] = "autre_cle" if column != "key" else value
    return row


@pytest.mark.parametrize(
    "column, value, reason",
    [
        ("kind", "landfill", "unknown kind 'landfill'"),
        ("value", "abc", "value 'abc' is not a number"),
        ("value", "0,5", "value '0,5' is not a number (use a dot"),
        ("value", "-12", "value -12 is negative"),
        ("value", "inf", "is not a finite number"),
        ("source", "", "source is empty"),
        ("vintage", "", "vintage '' is not a year"),
        ("vintage", "récent", "vintage 'récent' is not a year"),
        ("unit", "kg CO2e/t.km", "unit 'kg CO2e/t.km' does not fit a disposal factor"),
        ("label_fr", "", "label_fr is empty"),
        ("key", "Stockage ISDND", "must be lower-case letters"),
    ],
)
def test_bad_row_names_file_line_and_reason(tmp_path, column, value, reason):
    path = write_table(tmp_path / "mes_facteurs.csv", GOOD_ROW, with_cell(column, value))
    with pytest.raises(ValueError) as error:
        load_factors(path)
    message = str(error.value)
    assert message.startswith("mes_facteurs.csv, line 3: "), message
    assert reason in message


def test_duplicate_key_names_both_lines(tmp_path):
    path = write_table(tmp_path / "f.csv", GOOD_ROW, GOOD_ROW)
    with pytest.raises(ValueError, match=r"f\.csv, line 3: key 'stockage_test' already used on line 2"):
        load_factors(path)


def test_missing_column_and_empty_file(tmp_path):
    path = write_table(tmp_path / "f.csv", GOOD_ROW[:-1], header=COLUMNS[:-1])
    with pytest.raises(ValueError, match=r"f\.csv, line 1: missing columns: notes"):
        load_factors(path)
    empty = tmp_path / "vide.csv"
    empty.write_text("")
    with pytest.raises(ValueError, match=r"vide\.csv, line 1: the file is empty"):
        load_factors(empty)


def test_wrong_number_of_fields(tmp_path):
    path = write_table(tmp_path / "f.csv", GOOD_ROW, ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"f\.csv, line 3: 3 fields where the header has 8"):
        load_factors(path)


def test_a_good_custom_table_can_replace_the_shipped_one(tmp_path):
    transport = ["camion_test", "transport", "Camion", "0.1", UNIT_TKM, "Une publication, 2023", "2023", "note"]
    path = write_table(tmp_path / "f.csv", GOOD_ROW, [], transport)
    mine = load_factors(path)
    assert list(mine) == ["stockage_test", "camion_test"]
    flow = SynergyFlow(tonnes_per_year=10, disposal_route="stockage_test", distance_km=100, transport="camion_test")
    assert compute(flow, mine).co2e_avoided_t == pytest.approx(kg_to_t(10 * 100 - 10 * 100 * 0.1))


def test_shipped_file_is_the_default_path():
    assert FACTORS_PATH.name == "emission_factors.csv"
    assert load_factors() == load_factors(str(FACTORS_PATH))


def test_shipped_texts_name_other_factors_by_their_label_not_their_key():
    """Sources and notes are shown to people: « Production d'acier à partir de ferrailles », not recyclage_acier."""
    with open(FACTORS_PATH, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keys = {row["key"] for row in rows}
    for row in rows:
        words = set(re.findall(r"[\w]+", row["source"] + " " + row["notes"] + " " + row["label_fr"]))
        assert not words & keys, (row["key"], words & keys)
