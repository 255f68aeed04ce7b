"""Discovery of synergies from the warehouse alone: the knowledge base, the proposals, the evaluation."""

import csv
import gzip

import pytest

from tindus.synergies.compute.discovery import (
    CATEGORIES,
    COLUMNS,
    EWC_PATH,
    HYPOTHESIS,
    NAF_LEVELS_PATH,
    PATTERNS_PATH,
    Establishment,
    discover,
    evaluate_leave_one_out,
    leave_one_out,
    load_io_table,
    load_patterns,
    naf_to_a38,
    recall_at,
    synthetic_territory,
)


@pytest.fixture(scope="module")
def patterns():
    return load_patterns()


@pytest.fixture(scope="module")
def io_table():
    return load_io_table()


def _codes(path, column):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return {row[column] for row in csv.DictReader(stream)}


# --- the knowledge base ---


def test_every_pattern_is_valid_and_sourced(patterns):
    with open(PATTERNS_PATH, encoding="utf-8", newline="") as stream:
        assert tuple(next(csv.reader(stream))) == COLUMNS
    assert 80 <= len(patterns) <= 150
    naf_codes = _codes(NAF_LEVELS_PATH, "code")
    ewc_codes = _codes(EWC_PATH, "code6")
    assert len({p.id for p in patterns}) == len(patterns)
    for p in patterns:
        assert p.provider_naf in naf_codes, (p.id, p.provider_naf)
        assert p.receiver_naf in naf_codes, (p.id, p.receiver_naf)
        assert p.resource_category in CATEGORIES
        assert p.ewc == "" or p.ewc in ewc_codes, (p.id, p.ewc)
        assert p.resource_label and p.receiver_use
        assert p.source_title and p.source_publisher, p.id
        assert p.source_url == "" or p.source_url.startswith(("http://", "https://"))
        assert p.source_year == "" or 1900 <= int(p.source_year) <= 2100
    assert len({p.source_title for p in patterns}) >= 40  # many publications, not a handful


def test_the_brief_s_emblematic_exchanges_are_documented(patterns):
    links = {(p.provider_naf, p.ewc, p.receiver_naf) for p in patterns}
    assert ("16.10", "030105", "16.21") in links  # sawmill by-products → panels
    assert ("11.05", "020799", "01.4") in links  # brewers' grains → livestock
    assert ("24.10", "100202", "42.11") in links  # steel slag → roads
    assert ("35.11", "100105", "23.62") in links  # FGD gypsum → plasterboard (Kalundborg)


def _write(tmp_path, rows):
    path = tmp_path / "patterns.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


GOOD = ["X1", "16.10", "matieres", "030105", "Sciures", "16.21", "Panneaux", "Un rapport", "Un éditeur", "2020", ""]


def test_a_bad_row_names_its_line_and_reason(tmp_path):
    bad = ["X2", "1X", *GOOD[2:]]
    with pytest.raises(ValueError, match=r"patterns\.csv, line 3: provider_naf '1X' is not a NAF prefix"):
        load_patterns(_write(tmp_path, [GOOD, bad]))
    with pytest.raises(ValueError, match=r"line 2: resource_category 'bois'"):
        load_patterns(_write(tmp_path, [["X3", "16.10", "bois", *GOOD[3:]]]))
    with pytest.raises(ValueError, match=r"line 2: ewc '03 01 05'"):
        load_patterns(_write(tmp_path, [["X4", "16.10", "matieres", "03 01 05", *GOOD[4:]]]))
    with pytest.raises(ValueError, match=r"line 2: source_title is empty"):
        load_patterns(_write(tmp_path, [[*GOOD[:7], "", *GOOD[8:]]]))
    with pytest.raises(ValueError, match=r"line 3: id 'X1' already used on line 2"):
        load_patterns(_write(tmp_path, [GOOD, GOOD]))
    assert [p.id for p in load_patterns(_write(tmp_path, [GOOD]))] == ["X1"]


def test_naf_to_a38_reads_the_shipped_nomenclature():
    assert naf_to_a38("16.10A") == "CC"
    assert naf_to_a38("2451Z") == "CH"
    assert naf_to_a38("26") == "CI"
    assert naf_to_a38("99.00Z") == "UZ"
    assert naf_to_a38("00") is None and naf_to_a38("") is None
    assert naf_to_a38("16.10A", mapping={"16": "XX"}) == "XX"


# --- proposals ---

SAWMILL = Establishment("11111111100011", "Scierie du Haut-Doubs", "16.10A", "25462", 46.90, 6.35, "12")
PANELS = Establishment("22222222200022", "Panneaux du Jura", "16.21Z", "25388", 46.96, 6.43, "21")
LAWYERS = Establishment("33333333300033", "Cabinet d'avocats", "69.10Z", "25462", 46.91, 6.36, "03")


def test_a_sawmill_and_a_panel_maker_10_km_apart_get_the_documented_pattern(patterns):
    proposals = discover([SAWMILL, PANELS, LAWYERS], patterns, k=10)
    documented = [p for p in proposals if p.kind == "pattern" and p.involves(SAWMILL.siret, PANELS.siret)]
    assert documented, [p.title for p in proposals]
    first = documented[0]
    assert proposals[0] is first  # the documented exchange comes first
    assert first.ewc == "030105" and first.pattern_ids
    pattern = next(p for p in patterns if p.id == first.pattern_ids[0])
    assert first.sources == (pattern.source,) and pattern.source_title in first.explanation
    assert first.hypothesis is True and first.status == HYPOTHESIS and HYPOTHESIS in first.explanation
    assert 8 < first.min_distance_km < 14  # about 9 km as the crow flies, times the road factor
    assert first.pairs[0].provider_siret == SAWMILL.siret and first.pairs[0].receiver_siret == PANELS.siret
    assert "Scierie du Haut-Doubs → Panneaux du Jura" in first.explanation


def test_tuples_are_accepted_as_establishments(patterns):
    rows = [tuple(vars(e).values()) for e in (SAWMILL, PANELS)]
    proposals = discover(rows, patterns, k=3)
    assert proposals and proposals[0].involves(SAWMILL.siret, PANELS.siret)


def test_an_establishment_outside_every_pattern_gets_no_proposal(patterns):
    proposals = discover([SAWMILL, PANELS, LAWYERS], patterns, k=None)
    assert proposals
    assert not any(LAWYERS in p.providers or LAWYERS in p.receivers for p in proposals)
    assert discover([LAWYERS], patterns, k=None) == []


def test_pairs_too_far_apart_are_not_proposed(patterns):
    far = Establishment("44444444400044", "Panneaux des Landes", "16.21Z", "40192", 44.0, -0.8, "21")
    assert not discover([SAWMILL, far], patterns, k=None, max_km=60)


def test_hazardous_waste_is_flagged(patterns):
    garage = Establishment("55555555500055", "Garage", "45.20A", "25462", 46.90, 6.35, "02")
    regenerator = Establishment("66666666600066", "Régénération", "38.32Z", "25388", 46.95, 6.40, "11")
    oils = [p for p in discover([garage, regenerator], patterns, k=None) if p.ewc == "130205"]
    assert oils and oils[0].hazardous and "Déchet dangereux" in oils[0].explanation


def test_io_proposals_cite_insee_and_the_year(patterns, io_table):
    dairy = Establishment("77777777700077", "Fromagerie", "10.51C", "25462", 46.90, 6.35, "12")
    farm = Establishment("88888888800088", "GAEC des Sapins", "01.41Z", "25388", 46.93, 6.38, "01")
    proposals = discover([dairy, farm], patterns, io_table, k=None)
    local = [p for p in proposals if p.kind == "io"]
    assert local, [p.title for p in proposals]
    supply = next(p for p in local if p.involves(farm.siret, dairy.siret))  # farms supply the food industry
    assert supply.io_share and supply.io_share > 0.1
    assert "INSEE" in supply.explanation and "2019" in supply.explanation
    (source,) = supply.sources
    assert source.publisher.startswith("INSEE") and source.year == "2019"
    assert "produit AZ × branche CA" in source.title
    assert supply.hypothesis and HYPOTHESIS in supply.explanation
    assert discover([dairy, farm], patterns, None, k=None) != proposals  # the step only runs with a table


def test_analogies_reach_pairs_no_pattern_documents(patterns):
    # Whey to pig farms is documented; to sheep farms (01.45) only by widening to division 01.
    dairy = Establishment("77777777700077", "Fromagerie", "10.51C", "25462", 46.90, 6.35, "12")
    sheep = Establishment("99999999900099", "Bergerie", "01.45Z", "25388", 46.93, 6.38, "01")
    proposals = discover([dairy, sheep], patterns, k=None)
    assert proposals and all(p.kind == "analogy" for p in proposals)
    assert "Analogie" in proposals[0].explanation and len(proposals[0].sources) >= 1
    assert discover([dairy, sheep], patterns, k=None, analogies=False) == []


# --- evaluation ---


def test_synthetic_territory_is_seeded_and_keeps_decoys_out_of_both_sectors(patterns):
    pattern = patterns[0]
    first, again = synthetic_territory(pattern, 50, seed=3), synthetic_territory(pattern, 50, seed=3)
    assert first == again and len(first) == 52
    assert first[0].naf.startswith(pattern.provider_naf) and first[1].naf.startswith(pattern.receiver_naf)
    assert not any(e.naf.startswith((pattern.provider_naf, pattern.receiver_naf)) for e in first[2:])


def test_leave_one_out_runs_on_a_subset(patterns, io_table):
    subset = patterns[:6]
    results = leave_one_out(subset, decoys=40, io_table=io_table)
    assert [r.pattern_id for r in results] == [p.id for p in subset]
    assert all(r.rank is None or r.rank >= 1 for r in results)
    recall = evaluate_leave_one_out(subset, k=10, decoys=40, io_table=io_table)
    assert recall == recall_at(results, 10)
    assert 0.0 <= recall <= 1.0
    # Six sawmill patterns: each held-out one is still found through its neighbours or the IO table.
    assert recall_at(results, 10**6) > 0.5
