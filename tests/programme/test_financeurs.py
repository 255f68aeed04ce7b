"""The referential of funders: a bad file refused with its line and reason, spellings matched to one funder."""

import pytest

from tindus.plan.models import Financeur
from tindus.programme.compute.financeurs import ReferentialError, load, normalise
from tindus.programme.financeurs import merged, referential

KINDS = {"state": "État", "region": "Région", "europe": "Europe", "bpifrance": "Bpifrance"}
HEADER = "key;name;kind;programme_of;aliases\n"


def write(tmp_path, body: str):
    path = tmp_path / "financeurs.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def refusal(tmp_path, body: str) -> ReferentialError:
    path = write(tmp_path, body)
    with pytest.raises(ReferentialError) as error:
        load(path, KINDS)
    assert error.value.path == str(path)
    assert str(path) in str(error.value)
    return error.value


def test_a_good_file_loads(tmp_path):
    path = write(tmp_path, "state;État;state;;Préfecture\nfeder;FEDER;europe;europe;\neurope;UE;europe;;\n")
    assert load(path, KINDS).match("region", "Préfecture du Doubs").key == "state"


def test_an_unknown_kind_is_refused(tmp_path):
    error = refusal(tmp_path, "state;État;state;;\nx;Chose;martian;;\n")
    assert error.line == 3
    assert "unknown kind 'martian'" in error.reason


def test_an_empty_name_is_refused(tmp_path):
    error = refusal(tmp_path, "state;;state;;Préfecture\n")
    assert (error.line, error.reason) == (2, "the name is empty")


def test_a_spelling_naming_two_entries_is_refused(tmp_path):
    error = refusal(tmp_path, "region-a;Région A;region;;CR A|Région X\nregion-b;Région B;region;;Conseil régional X\n")
    # « Conseil régional X » and « Région X » normalise the same: line 3 is refused, naming the first entry
    assert error.line == 3
    assert "region-a" in error.reason and "Conseil régional X" in error.reason


def test_a_duplicate_key_is_refused(tmp_path):
    assert refusal(tmp_path, "bpi;Bpi;bpifrance;;\nbpi;Bpi 2;bpifrance;;\n").line == 3


def test_a_programme_of_an_unknown_funder_or_another_kind_is_refused(tmp_path):
    assert "not listed" in refusal(tmp_path, "feder;FEDER;europe;eu;\n").reason
    error = refusal(tmp_path, "europe;UE;europe;;\nfeder;FEDER;region;europe;\n")
    assert error.line == 3 and "differs" in error.reason


def test_a_bad_header_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("key,name,kind\n", encoding="utf-8")
    with pytest.raises(ReferentialError) as error:
        load(path, KINDS)
    assert error.value.line == 1


def test_normalisation():
    assert normalise("Conseil régional de Bourgogne-Franche-Comté") == normalise("REGION bourgogne franche comte")
    assert normalise("Provence-Alpes-Côte d'Azur") == ("provence", "alpes", "cote", "azur")


def test_the_shipped_file_loads_with_the_plan_kinds():
    ref = referential()
    assert {e.kind for e in ref.organisations} <= set(Financeur.values)
    assert len([e for e in ref.organisations if e.kind == Financeur.REGION]) == 18


@pytest.mark.parametrize(
    ("kind", "detail", "key", "programme"),
    [
        ("region", "Région BFC", "region-bfc", None),
        ("region", "Conseil régional de Bourgogne-Franche-Comté", "region-bfc", None),
        ("region", "conseil regional Bourgogne Franche Comte", "region-bfc", None),
        ("bpifrance", "BPI France", "bpifrance", None),
        ("other_public", "BPI", "bpifrance", None),  # the detail names a funder more precisely than the kind
        ("bdt", "CDC", "bdt", None),
        ("bdt", "Banque des territoires", "bdt", None),
        ("europe", "FEDER 2021-2027", "europe", "FEDER"),
        ("region", "Région BFC – FEDER", "europe", "FEDER"),  # the programme decides: EU money
        ("state", "DREETS Bourgogne-Franche-Comté", "state", None),  # the kind wins over the Région's name
        ("state", "Fonds vert (friches)", "state", "Fonds vert"),
        ("europe", "FSE+", "europe", "FSE+"),
        ("region", "Région Sud", "region-sud", None),
    ],
)
def test_spellings_match_their_funder(kind, detail, key, programme):
    entry = referential().match(kind, detail)
    assert (entry.key, entry.programme) == (key, programme)


def test_a_detail_naming_nothing_falls_back_to_its_kind():
    ref = referential()
    departement = ref.match("departement", "CD25")
    assert (departement.key, departement.kind, str(departement.name)) == (
        "departement", "departement", str(Financeur.DEPARTEMENT.label),
    )  # fmt: skip
    assert ref.match("state", "").key == "state"  # the State's own entry, not a second « État »
    assert ref.match("region", "Région").key == "region"


def test_merged_shows_the_spellings_gathered_under_each_funder():
    groups = merged(
        [
            ("region", "Région BFC"),
            ("region", "Conseil régional de Bourgogne-Franche-Comté"),
            ("region", "conseil regional  BFC"),
            ("region", "Région BFC"),
            ("state", ""),
            ("bpifrance", "BPI"),
        ]
    )
    by_key = {entry.key: set(spellings) for entry, spellings in groups.items()}
    assert by_key == {
        "region-bfc": {"Conseil régional de Bourgogne-Franche-Comté", "conseil regional BFC", "Région BFC"},
        "bpifrance": {"BPI"},
    }
    assert all(len(spellings) == len(set(spellings)) for spellings in groups.values())
