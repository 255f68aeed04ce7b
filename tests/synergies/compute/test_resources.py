"""The resource knowledge base (``data/knowledge/``): the shipped files, and the loader refusing bad rows."""

import csv
import gzip
import re

import pytest

from tests.raw_values import raw_identifiers
from tindus.synergies.compute.discovery import (
    CATEGORIES,
    EWC_PATH,
    KNOWLEDGE_DIR,
    NAF_LEVELS_PATH,
    load_patterns,
    load_resource_base,
)
from tindus.synergies.compute.discovery.resources import EMITS, FLOW_COLUMNS, RESOURCE_COLUMNS, USES


@pytest.fixture(scope="module")
def base():
    return load_resource_base()


def _codes(path, column):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return {row[column] for row in csv.DictReader(stream)}


# --- the shipped base ---


def test_the_shipped_base_loads_with_every_file(base):
    files = {f.file for f in base.flows} | {r.file for r in base.resources.values()}
    assert files == {p.name for p in KNOWLEDGE_DIR.glob("*_resources.csv")} | {
        p.name for p in KNOWLEDGE_DIR.glob("*_flows.csv")
    }
    assert base.resources and base.flows
    assert all(r.category in CATEGORIES for r in base.resources.values())
    assert all(f.resource in base.resources for f in base.flows)


def test_every_code_of_the_shipped_base_is_in_its_nomenclature(base):
    naf_codes = _codes(NAF_LEVELS_PATH, "code")
    ewc_codes = _codes(EWC_PATH, "code6")
    bad_naf = [(f.file, f.line, f.naf) for f in base.flows if f.naf not in naf_codes]
    bad_flow_ewc = [(f.file, f.line, f.ewc) for f in base.flows if f.ewc and f.ewc not in ewc_codes]
    bad_resource_ewc = [(r.file, r.line, c) for r in base.resources.values() for c in r.ewc if c not in ewc_codes]
    assert bad_naf == [] and bad_flow_ewc == [] and bad_resource_ewc == []


def test_every_flow_is_sourced_and_its_confidence_is_a_probability(base):
    for f in base.flows:
        assert f.source.title and f.source.publisher, (f.file, f.line)
        assert 0 <= f.confidence <= 1, (f.file, f.line)
        assert f.process_or_use, (f.file, f.line)
        assert f.source.url == "" or f.source.url.startswith(("http://", "https://"))
    assert len(base.sources) >= 10  # many publications, not a handful


def test_every_resource_has_an_emitter_and_a_user(base):
    emitted = {f.resource for f in base.flows if f.direction == EMITS}
    used = {f.resource for f in base.flows if f.direction == USES}
    assert sorted(set(base.resources) - emitted) == []
    assert sorted(set(base.resources) - used) == []


def test_without_sources_drops_only_the_flows_of_those_publications(base):
    title = sorted(base.sources)[0]
    reduced = base.without_sources([title])
    assert title not in reduced.sources and reduced.resources is base.resources
    assert len(reduced.flows) == sum(1 for f in base.flows if f.source.title != title)


# --- bad input ---

RESOURCES = [
    ["sciures", "matieres", "Sciures de bois", "030105", "", "chutes"],
    ["chutes", "matieres", "Chutes de bois", "0301", "", ""],
    ["chaleur", "energie", "Chaleur fatale", "", "", ""],
]
SOURCE = ["Un rapport", "Un éditeur", "2020", "https://example.org/rapport"]
EMIT = ["16.10", EMITS, "sciures", "030105", "", "sciage", "0.8", *SOURCE]
USE = ["16.21", USES, "chutes", "", "", "panneaux de particules", "0.6", *SOURCE]
HEAT = ["63.11", EMITS, "chaleur", "", "35", "refroidissement", "0.7", *SOURCE]


def _write(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows(rows)


def _folder(tmp_path, flows=(), resources=()):
    """A valid minimal base, then the extra rows (bad ones are on the last lines)."""
    _write(tmp_path / "bois_resources.csv", RESOURCE_COLUMNS, [*RESOURCES, *resources])
    _write(tmp_path / "bois_flows.csv", FLOW_COLUMNS, [EMIT, USE, HEAT, *flows])
    return tmp_path


def test_a_minimal_base_loads(tmp_path):
    base = load_resource_base(_folder(tmp_path))
    assert set(base.resources) == {"sciures", "chutes", "chaleur"}
    assert base.resources["sciures"].substitutes == ("chutes",) and base.resources["chutes"].ewc == ("0301",)
    assert [(f.naf, f.direction, f.resource, f.line) for f in base.flows] == [
        ("16.10", EMITS, "sciures", 2),
        ("16.21", USES, "chutes", 3),
        ("63.11", EMITS, "chaleur", 4),
    ]
    assert base.flows[2].temperature_c == 35.0 and base.flows[0].confidence == 0.8
    assert base.flows[0].source.citation() == "Un rapport, Un éditeur, 2020 (https://example.org/rapport)"


def _flow(**changes):
    row = dict(zip(FLOW_COLUMNS, EMIT, strict=True))
    row.update(direction=USES, resource="sciures", ewc="", process_or_use="panneaux")  # a new, valid flow
    row.update(changes)
    return [row[c] for c in FLOW_COLUMNS]


BAD_FLOWS = [
    ("unknown EWC code", _flow(ewc="999999"), "ewc '999999'"),
    ("EWC code with spaces", _flow(ewc="03 01 05"), "ewc '03 01 05'"),
    ("ill-formed NAF code", _flow(naf="1X.10"), "naf '1X.10'"),
    ("unknown NAF sous-classe", _flow(naf="99.99Z"), "naf '99.99Z'"),
    ("well-formed NAF classe that does not exist", _flow(naf="16.19"), "naf '16.19'"),
    ("no source title", _flow(source_title=""), "source is missing"),
    ("no source publisher", _flow(source_publisher=""), "source is missing"),
    ("confidence above 1", _flow(confidence="1.5"), "confidence '1.5'"),
    ("negative confidence", _flow(confidence="-0.1"), "confidence '-0.1'"),
    ("confidence not a number", _flow(confidence="abc"), "confidence 'abc'"),
    ("empty confidence", _flow(confidence=""), "confidence ''"),
    ("unknown resource", _flow(resource="bois_inconnu"), "resource 'bois_inconnu' is not defined"),
    ("bad direction", _flow(direction="recoit"), "direction 'recoit'"),
    ("bad year", _flow(source_year="20xx"), "source_year '20xx'"),
    ("year out of range", _flow(source_year="1850"), "source_year '1850'"),
    ("bad url", _flow(source_url="www.example.org"), "source_url 'www.example.org'"),
    ("non-numeric temperature", _flow(temperature_c="chaud"), "temperature_c 'chaud'"),
    ("no process or use", _flow(process_or_use=""), "process_or_use is empty"),
    ("duplicate flow", EMIT, "already described in bois_flows.csv, line 2"),
]


@pytest.mark.parametrize(("row", "reason"), [case[1:] for case in BAD_FLOWS], ids=[case[0] for case in BAD_FLOWS])
def test_a_bad_flow_names_its_file_line_and_reason(tmp_path, row, reason):
    folder = _folder(tmp_path, flows=[row])
    with pytest.raises(ValueError, match=re.escape("bois_flows.csv, line 5: ") + ".*" + re.escape(reason)):
        load_resource_base(folder)


BAD_RESOURCES = [
    ("unknown EWC code", ["boues", "matieres", "Boues", "999999", "", ""], "ewc '999999'"),
    ("unknown EWC chapter", ["boues", "matieres", "Boues", "99", "", ""], "ewc '99'"),
    ("non-numeric temperature", ["vapeur", "energie", "Vapeur", "", "tiède", ""], "temperature_c 'tiède'"),
    ("bad category", ["boues", "bois", "Boues", "", "", ""], "category 'bois'"),
    ("bad key", ["Boues Rouges", "matieres", "Boues", "", "", ""], "key 'Boues Rouges'"),
    ("no label", ["boues", "matieres", "", "", "", ""], "label is empty"),
    ("key used twice in a file", RESOURCES[0], "key 'sciures' already used on line 2"),
]


@pytest.mark.parametrize(("row", "reason"), [c[1:] for c in BAD_RESOURCES], ids=[c[0] for c in BAD_RESOURCES])
def test_a_bad_resource_names_its_file_line_and_reason(tmp_path, row, reason):
    folder = _folder(tmp_path, resources=[row])
    with pytest.raises(ValueError, match=re.escape("bois_resources.csv, line 5: ") + ".*" + re.escape(reason)):
        load_resource_base(folder)


def test_an_unknown_substitute_is_named(tmp_path):
    folder = _folder(tmp_path, resources=[["boues", "matieres", "Boues", "", "", "sciures copeaux"]])
    with pytest.raises(ValueError, match=r"bois_resources\.csv, line 5: substitutes names unknown resources: copeaux$"):
        load_resource_base(folder)


def test_a_resource_key_defined_in_two_files_is_refused(tmp_path):
    folder = _folder(tmp_path)
    rows = [["calcin", "matieres", "Calcin", "", "", ""], ["sciures", "matieres", "Autres sciures", "", "", ""]]
    _write(tmp_path / "verre_resources.csv", RESOURCE_COLUMNS, rows)
    with pytest.raises(
        ValueError,
        match=re.escape("verre_resources.csv, line 3: key 'sciures' is already defined in bois_resources.csv, line 2"),
    ):
        load_resource_base(folder)


def test_a_flow_may_use_a_resource_of_another_file(tmp_path):
    folder = _folder(tmp_path)
    _write(tmp_path / "verre_resources.csv", RESOURCE_COLUMNS, [["calcin", "matieres", "Calcin", "", "", "sciures"]])
    _write(tmp_path / "verre_flows.csv", FLOW_COLUMNS, [_flow(resource="calcin", naf="23.13")])
    base = load_resource_base(folder)
    assert base.resources["calcin"].substitutes == ("sciures",)
    assert [(f.file, f.resource) for f in base.flows][-1] == ("verre_flows.csv", "calcin")


def test_a_folder_without_resources_is_refused(tmp_path):
    _write(tmp_path / "bois_flows.csv", FLOW_COLUMNS, [EMIT])
    with pytest.raises(ValueError, match="no \\*_resources.csv file"):
        load_resource_base(tmp_path)


def test_a_row_with_missing_fields_names_its_line(tmp_path):
    folder = _folder(tmp_path, flows=[EMIT[:5]])
    with pytest.raises(ValueError, match=r"bois_flows\.csv, line 5: 5 fields where the header has 11"):
        load_resource_base(folder)


def test_every_text_of_the_knowledge_a_user_reads_is_free_of_raw_identifiers():
    """Resource labels, processes, uses and sources end up in the discovery page's reasons."""
    base = load_resource_base()
    texts = {r.label for r in base.resources.values()}
    for f in base.flows:
        texts |= {f.process_or_use, f.source.title, f.source.publisher}
    for p in load_patterns():
        texts |= {p.resource_label, p.receiver_use, p.source_title, p.source_publisher}
    assert {t: raw_identifiers(t) for t in texts if raw_identifiers(t)} == {}
    assert raw_identifiers("Generation of waste (env_wasgen)") == ["env_wasgen"]  # the check does catch them
