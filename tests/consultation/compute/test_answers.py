import pytest

from tindus.consultation.compute.answers import check_answers
from tindus.consultation.compute.schema import (
    Condition,
    Question,
    Questionnaire,
    SchemaError,
    Section,
    visible_questions,
)


def employees() -> Questionnaire:
    return Questionnaire(
        "Salariés",
        (
            Section("travail", "Votre travail", (
                Question("metier", "rome", "Votre métier", required=True),
                Question("trajet", "single_choice", "Comment venez-vous ?", required=True,
                         choices=("voiture", "covoiturage", "train", "vélo")),
                Question("covoit", "scale", "Seriez-vous prêt à covoiturer ?", required=True,
                         condition=Condition("trajet", "equals", "voiture")),
                Question("km", "number", "Distance", unit="km", minimum=0, maximum=300),
                Question("formations", "multiple_choice", "Formations souhaitées",
                         choices=("CN", "soudure", "anglais")),
                Question("priorites", "ranking", "Classez", choices=("salaire", "horaires", "ambiance")),
                Question("conditions", "matrix", "Conditions de travail", rows=("bruit", "charge"),
                         choices=("bien", "moyen", "mal")),
                Question("depuis", "date", "Depuis quand ?"),
                Question("commune", "commune", "Commune de résidence"),
                Question("avis", "long_text", "Votre avis", max_length=50),
            )),
        ),
        audience="employees",
    )  # fmt: skip


CODES = {"rome": {"H2903", "H2909"}, "commune": {"25411", "25388"}}


def test_a_complete_valid_answer_is_typed():
    raw = {"metier": "H2903", "trajet": "voiture", "covoit": "4", "km": "12,5", "formations": ["soudure", "CN"],
           "priorites": ["horaires", "salaire"], "conditions": {"bruit": "mal"}, "depuis": "2019-09-02",
           "commune": "25411", "avis": "Bien"}  # fmt: skip
    checked = check_answers(employees(), raw, CODES)
    assert checked.valid, checked.errors
    assert checked.answers == {
        "metier": ["H2903"], "trajet": "voiture", "covoit": 4, "km": 12.5, "formations": ["CN", "soudure"],
        "priorites": ["horaires", "salaire"], "conditions": {"bruit": "mal"}, "depuis": "2019-09-02",
        "commune": ["25411"], "avis": "Bien",
    }  # fmt: skip


def test_display_condition_hides_and_drops():
    q = employees()
    assert "covoit" not in {x.id for x in visible_questions(q, {"trajet": "train"})}
    checked = check_answers(q, {"metier": "H2903", "trajet": "train", "covoit": "5"}, CODES)
    assert checked.valid and "covoit" not in checked.answers  # hidden: not required, and dropped
    checked = check_answers(q, {"metier": "H2903", "trajet": "voiture"}, CODES)
    assert checked.errors == {"covoit": "This question needs an answer."}


@pytest.mark.parametrize(
    ("raw", "question"),
    [
        ({"trajet": "fusée"}, "trajet"),
        ({"trajet": "voiture", "covoit": "9"}, "covoit"),
        ({"km": "-3"}, "km"),
        ({"km": "beaucoup"}, "km"),
        ({"formations": ["CN", "piano"]}, "formations"),
        ({"priorites": ["salaire", "salaire"]}, "priorites"),
        ({"conditions": {"odeur": "mal"}}, "conditions"),
        ({"conditions": {"bruit": "terrible"}}, "conditions"),
        ({"depuis": "hier"}, "depuis"),
        ({"commune": "99999"}, "commune"),
        ({"avis": "x" * 51}, "avis"),
    ],
)
def test_bad_values_are_refused_with_a_reason(raw, question):
    checked = check_answers(employees(), {"metier": "H2903", "trajet": "vélo", **raw}, CODES, partial=True)
    assert question in checked.errors and not checked.valid
    assert question not in checked.answers


def test_forged_question_ids_are_flagged():
    checked = check_answers(employees(), {"metier": "H2903", "trajet": "vélo", "salaire_exact": "2500"}, CODES)
    assert checked.forged == ["salaire_exact"] and not checked.valid


def test_a_draft_skips_required_checks():
    assert check_answers(employees(), {"km": "3"}, CODES, partial=True).valid
    assert not check_answers(employees(), {"km": "3"}, CODES).valid


def test_schema_round_trip_and_checks():
    q = employees()
    q.check()
    assert Questionnaire.from_dict(q.to_dict()) == q
    bad = Questionnaire("x", (Section("s", "S", (
        Question("a", "single_choice", "A", choices=("oui", "non"), condition=Condition("b", "equals", "oui")),
        Question("b", "single_choice", "B", choices=("oui", "non")),
    )),))  # fmt: skip
    with pytest.raises(SchemaError, match="earlier question"):
        bad.check()
    with pytest.raises(SchemaError, match="two choices"):
        Questionnaire("x", (Section("s", "S", (Question("a", "single_choice", "A", choices=("oui",)),)),)).check()
