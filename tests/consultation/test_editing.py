"""The builder's editing functions, on plain schemas: every change returns a new, checked schema,
and a change that would leave a display condition dangling, backwards or unsatisfiable is refused."""

import pytest

from tindus.consultation import editing
from tindus.consultation.compute import ready_made
from tindus.consultation.compute.schema import Condition, Question, Questionnaire, Section
from tindus.consultation.editing import EditRefusedError


def small() -> Questionnaire:
    return Questionnaire(
        "Test",
        (
            Section("a", "Première", (
                Question("mode", "single_choice", "Mode", choices=("voiture", "vélo")),
                Question("km", "number", "Distance", unit="km"),
            )),
            Section("b", "Seconde", (
                Question("covoit", "single_choice", "Covoiturer ?", choices=("oui", "non"),
                         condition=Condition("mode", "equals", "voiture")),
                Question("note", "scale", "Note"),
            )),
        ),
    )  # fmt: skip


def ids(schema):
    return [[q.id for q in s.questions] for s in schema.sections]


def refused(code, function, *args):
    with pytest.raises(EditRefusedError) as error:
        function(*args)
    assert error.value.code == code, error.value.params
    return error.value


def test_ids_are_made_from_labels_and_unique():
    assert editing.slug("Êtes-vous prêt à covoiturer ?") == "etes_vous_pret_a_covoiturer"
    assert editing.slug("???") == "question"
    assert len(editing.slug("mot " * 40)) <= editing.ID_LENGTH
    assert editing.unique_id("Mode", {"mode", "mode_2"}) == "mode_3"


def test_functions_return_a_new_schema():
    schema = small()
    changed = editing.add_section(schema, "Troisième", "Aide")
    assert [s.id for s in schema.sections] == ["a", "b"]
    assert changed.sections[-1] == Section("troisieme", "Troisième", (), "Aide")
    again = editing.add_section(changed, "Troisième")
    assert again.sections[-1].id == "troisieme_2"
    refused("id_taken", editing.add_section, schema, "X", "", "a")
    refused("bad_id", editing.add_section, schema, "X", "", "Pas bon")
    refused("blank", editing.add_section, schema, "  ")


def test_header_and_section_edits():
    schema = editing.edit_header(small(), " Nouveau titre ", "Intro")
    assert (schema.title, schema.introduction) == ("Nouveau titre", "Intro")
    schema = editing.edit_section(schema, "b", "Autre", "Aide")
    assert schema.sections[1].title == "Autre" and schema.sections[1].id == "b"
    refused("unknown_section", editing.edit_section, schema, "zzz", "T")


def test_add_question_derives_a_unique_id():
    schema = editing.add_question(small(), "a", Question("", "short_text", "Mode"))
    assert ids(schema)[0] == ["mode", "km", "mode_2"]
    schema = editing.add_question(schema, "b", Question("commentaire", "long_text", "Un commentaire"))
    assert ids(schema)[1][-1] == "commentaire"
    refused("id_taken", editing.add_question, schema, "a", Question("km", "short_text", "Autre"))
    refused("unknown_section", editing.add_question, schema, "zzz", Question("", "short_text", "X"))
    refused("blank", editing.add_question, schema, "a", Question("", "short_text", " "))


def test_a_new_condition_must_refer_to_an_earlier_question_and_fit_it():
    later = Question("", "short_text", "Pourquoi ?", condition=Condition("note", "at_least", 3))
    refused("condition_order", editing.add_question, small(), "a", later)
    assert editing.add_question(small(), "b", later).question("pourquoi").condition.value == 3
    wrong_choice = Question("", "short_text", "Pourquoi ?", condition=Condition("mode", "equals", "avion"))
    refused("condition_mismatch", editing.add_question, small(), "b", wrong_choice)
    text_value = Question("", "short_text", "Pourquoi ?", condition=Condition("note", "at_least", "3"))
    refused("condition_mismatch", editing.add_question, small(), "b", text_value)
    bad_operator = Question("", "short_text", "Pourquoi ?", condition=Condition("mode", "at_least", 3))
    refused("condition_mismatch", editing.add_question, small(), "b", bad_operator)
    missing = Question("", "short_text", "Pourquoi ?", condition=Condition("absente", "answered"))
    refused("condition_missing", editing.add_question, small(), "b", missing)


def test_condition_values_are_typed_like_the_answers():
    mode, km, note = (small().question(i) for i in ("mode", "km", "note"))
    assert editing.condition_value(mode, "equals", " vélo ") == "vélo"
    assert editing.condition_value(km, "at_least", "12,5") == 12.5
    assert editing.condition_value(km, "at_most", "12") == 12
    assert editing.condition_value(note, "answered", "ignored") is None
    for target, operator, value in [(mode, "equals", "avion"), (km, "at_least", "loin"), (note, "equals", "2.5"),
                                    (note, "at_least", "")]:  # fmt: skip
        refused("condition_value", editing.condition_value, target, operator, value)
    refused("condition_operator", editing.condition_value, mode, "includes", "vélo")
    matrix = Question("m", "matrix", "M", choices=("a", "b"), rows=("x",))
    refused("condition_operator", editing.condition_value, matrix, "equals", "a")


def test_replace_question_keeps_the_id_and_refuses_to_break_a_dependent_condition():
    schema = editing.replace_question(small(), "mode", Question("autre", "single_choice", "Comment venez-vous ?",
                                                                choices=("voiture", "vélo", "bus")))  # fmt: skip
    assert schema.question("mode").label == "Comment venez-vous ?" and ids(schema) == ids(small())
    # "covoit" is shown if mode equals "voiture": that choice cannot go, nor can the type change.
    refused("condition_mismatch", editing.replace_question, small(), "mode",
            Question("mode", "single_choice", "Mode", choices=("vélo", "bus")))  # fmt: skip
    refused("condition_mismatch", editing.replace_question, small(), "mode", Question("mode", "long_text", "Mode"))
    refused("unknown_question", editing.replace_question, small(), "zzz", Question("", "date", "Date"))


def test_remove_question_is_refused_while_a_condition_refers_to_it():
    error = refused("question_referenced", editing.remove_question, small(), "mode")
    assert error.params == {"question": "Covoiturer ?", "target": "Mode"}
    schema = editing.remove_question(small(), "covoit")
    schema = editing.remove_question(schema, "mode")
    assert ids(schema) == [["km"], ["note"]]
    refused("unknown_question", editing.remove_question, schema, "mode")


def test_remove_section_is_refused_while_a_later_question_depends_on_it():
    refused("section_referenced", editing.remove_section, small(), "a")
    # Removing the dependent's section is fine; so is a section whose conditions stay inside it.
    schema = editing.remove_section(small(), "b")
    assert ids(schema) == [["mode", "km"]]
    refused("last_section", editing.remove_section, schema, "a")
    inside = editing.add_question(small(), "a", Question("pourquoi", "short_text", "Pourquoi",
                                                         condition=Condition("mode", "answered")))  # fmt: skip
    inside = editing.remove_question(inside, "covoit")
    assert ids(editing.remove_section(inside, "a")) == [["note"]]


def test_questions_move_within_and_across_sections():
    schema = editing.move_question(small(), "km", "up")
    assert ids(schema) == [["km", "mode"], ["covoit", "note"]]
    schema = editing.move_question(schema, "mode", "down")  # the end of a section: start of the next
    assert ids(schema) == [["km"], ["mode", "covoit", "note"]]
    schema = editing.move_question(schema, "mode", "up")  # the start of a section: end of the previous
    assert ids(schema) == [["km", "mode"], ["covoit", "note"]]
    refused("edge", editing.move_question, schema, "km", "up")
    refused("edge", editing.move_question, schema, "note", "down")
    refused("direction", editing.move_question, schema, "km", "sideways")


def test_moves_that_put_a_question_before_its_condition_are_refused():
    # covoit depends on mode: covoit cannot go above mode, nor mode below covoit.
    schema = editing.move_question(small(), "covoit", "up")
    assert ids(schema) == [["mode", "km", "covoit"], ["note"]]
    schema = editing.move_question(schema, "covoit", "up")
    assert ids(schema) == [["mode", "covoit", "km"], ["note"]]
    error = refused("condition_order", editing.move_question, schema, "covoit", "up")
    assert error.params == {"question": "Covoiturer ?", "target": "Mode"}
    refused("condition_order", editing.move_question, schema, "mode", "down")


def test_sections_move_unless_a_condition_would_point_forward():
    refused("condition_order", editing.move_section, small(), "b", "up")
    three = editing.add_section(small(), "Troisième")
    assert [s.id for s in editing.move_section(three, "troisieme", "up").sections] == ["a", "troisieme", "b"]
    refused("edge", editing.move_section, three, "a", "up")


def test_the_ready_made_questionnaires_are_editable():
    for schema in (ready_made.leaders(), ready_made.employees()):
        first = schema.sections[0].questions[0].id
        changed = editing.edit_header(schema, schema.title + " 2026", schema.introduction)
        assert changed.question(first) == schema.question(first)
