"""Picker answers: « name (code) » as chosen in the list, a code, or an exact name; the code is stored."""

import pytest

from tindus.consultation.compute.answers import check_answers
from tindus.consultation.compute.codes import CodeList, EntryError
from tindus.consultation.compute.schema import Question, Questionnaire, Section

JOBS = CodeList([("H2903", "Décolleteur / Décolleteuse"), ("H2909", "Monteur-régleur / Monteuse-régleuse"),
                 ("N1103", "Magasinier / Magasinière")])  # fmt: skip
COMMUNES = CodeList([("25411", "Morteau"), ("21425", "Montbard"), ("01001", "Saint-Martin"), ("02002", "Saint-Martin")],
                    extra=["25300"])  # a commune déléguée: valid, not suggested  # fmt: skip


def schema() -> Questionnaire:
    return Questionnaire("Salariés", (Section("s", "S", (
        Question("metier", "rome", "Votre métier", required=True),
        Question("commune", "commune", "Votre commune"),
    )),))  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "codes"),
    [
        ("Décolleteur / Décolleteuse (H2903)", ["H2903"]),  # chosen in the list
        ("  Décolleteur /  Décolleteuse   (h2903) ", ["H2903"]),  # spaces and case do not matter
        ("H2903", ["H2903"]),
        ("h2903", ["H2903"]),
        ("decolleteur / DECOLLETEUSE", ["H2903"]),  # an exact name, without its accents
        ("H2903 H2909", ["H2903", "H2909"]),  # bare codes, as the form first asked for them
        ("H2903, N1103", ["H2903", "N1103"]),
    ],
)
def test_an_entry_stands_for_its_codes(entry, codes):
    assert JOBS.resolve(entry) == codes


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("Soudeur", "unknown"),
        ("Décolleteur (H9999)", "unknown"),  # a name with a code that does not exist
        ("H2903 soudeur", "unknown"),
    ],
)
def test_an_entry_that_names_no_code_is_refused(entry, reason):
    with pytest.raises(EntryError) as refused:
        JOBS.resolve(entry)
    assert refused.value.reason == reason


def test_a_name_shared_by_several_communes_asks_for_the_code():
    with pytest.raises(EntryError) as refused:
        COMMUNES.resolve("Saint-Martin")
    assert refused.value.reason == "ambiguous"
    assert COMMUNES.resolve("Saint-Martin (02002)") == ["02002"]
    assert COMMUNES.resolve("25300") == ["25300"]  # valid without being suggested


def test_options_are_name_and_code_sorted_by_name():
    assert JOBS.options() == ["Décolleteur / Décolleteuse (H2903)", "Magasinier / Magasinière (N1103)",
                              "Monteur-régleur / Monteuse-régleuse (H2909)"]  # fmt: skip
    assert "25300" not in " ".join(COMMUNES.options())
    assert JOBS.option("H2909") == "Monteur-régleur / Monteuse-régleuse (H2909)"


def test_the_answer_stores_codes_and_says_which_entry_is_wrong():
    codes = {"rome": JOBS, "commune": COMMUNES}
    checked = check_answers(schema(), {"metier": ["Magasinier / Magasinière (N1103)", "H2903", "N1103"],
                                       "commune": ["Morteau (25411)"]}, codes)  # fmt: skip
    assert checked.valid and checked.answers == {"metier": ["N1103", "H2903"], "commune": ["25411"]}

    checked = check_answers(schema(), {"metier": ["Soudeur"], "commune": ["Saint-Martin"]}, codes)
    assert checked.answers == {}
    assert "« Soudeur » is not in the list" in checked.errors["metier"]
    assert "Several choices are named « Saint-Martin »" in checked.errors["commune"]


def test_plain_sets_of_codes_still_check_codes():
    checked = check_answers(schema(), {"metier": "H2903 H2909"}, {"rome": {"H2903", "H2909"}})
    assert checked.valid and checked.answers == {"metier": ["H2903", "H2909"]}
    assert not check_answers(schema(), {"metier": "H2913"}, {"rome": {"H2903"}}).valid
