"""Editing a questionnaire: pure functions that take a schema and return a new one.

No Django here. Each function refuses (with :class:`EditRefusedError`, whose ``code`` the views turn into
a sentence for the team) an edit that would leave a display condition pointing at a question that
no longer exists, that comes after it, or whose answers can no longer satisfy it; every result ends
with :meth:`Questionnaire.check`. Question ids never change once given: answers and exports refer
to them across versions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from .compute.schema import CODE_TYPES, Question, Questionnaire, Section

ID = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
ID_LENGTH = 40

# The operators that make sense on each type of answer (see Condition.holds).
OPERATORS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "short_text": ("answered", "equals", "not_equals"),
    "long_text": ("answered",),
    "single_choice": ("answered", "equals", "not_equals"),
    "multiple_choice": ("answered", "includes"),
    "ranking": ("answered", "includes"),
    "scale": ("answered", "equals", "not_equals", "at_least", "at_most"),
    "number": ("answered", "equals", "not_equals", "at_least", "at_most"),
    "date": ("answered", "equals", "not_equals"),
    "matrix": ("answered",),
    **{t: ("answered", "includes") for t in CODE_TYPES},
}
NUMERIC_TYPES = {"scale", "number"}


class EditRefusedError(ValueError):
    """An edit that would break the questionnaire; ``code`` says why, ``params`` name what."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def slug(text: str, fallback: str = "question") -> str:
    """Lower-case ASCII words joined by underscores, at most ID_LENGTH characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}_{word}" if result else word
        if len(candidate) > ID_LENGTH:
            break
        result = candidate
    return result or (words[0][:ID_LENGTH] if words else fallback)


def unique_id(text: str, taken: set[str], fallback: str = "question") -> str:
    base = slug(text, fallback)
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"_{n}"
        candidate, n = base[: ID_LENGTH - len(suffix)] + suffix, n + 1
    return candidate


def _blank(text: str) -> bool:
    return not text or not text.strip()


def _section_index(schema: Questionnaire, section_id: str) -> int:
    for i, section in enumerate(schema.sections):
        if section.id == section_id:
            return i
    raise EditRefusedError("unknown_section", section=section_id)


def _locate(schema: Questionnaire, question_id: str) -> tuple[int, int]:
    for i, section in enumerate(schema.sections):
        for j, q in enumerate(section.questions):
            if q.id == question_id:
                return i, j
    raise EditRefusedError("unknown_question", question=question_id)


def _with_section(schema: Questionnaire, index: int, section: Section) -> Questionnaire:
    sections = list(schema.sections)
    sections[index] = section
    return replace(schema, sections=tuple(sections))


def _dependents(schema: Questionnaire, question_ids: set[str]) -> list[Question]:
    return [q for q in schema.questions() if q.condition and q.condition.question in question_ids]


def condition_value(target: Question, operator: str, raw: Any) -> Any:
    """The value a condition compares with, typed like the answers of ``target``.

    Raise EditRefusedError("condition_operator") when the operator does not apply to that type of
    question, EditRefusedError("condition_value") when the value cannot be one of its answers.
    """
    if operator not in OPERATORS_BY_TYPE.get(target.type, ()):
        raise EditRefusedError("condition_operator", target=target.label)
    if operator == "answered":
        return None
    text = str(raw).strip() if raw is not None else ""
    if text == "":
        raise EditRefusedError("condition_value", target=target.label)
    if target.type in NUMERIC_TYPES:
        try:
            number = float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise EditRefusedError("condition_value", target=target.label) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise EditRefusedError("condition_value", target=target.label)
        if target.type == "scale" and not number.is_integer():
            raise EditRefusedError("condition_value", target=target.label)
        return int(number) if number.is_integer() else number
    if target.type in ("single_choice", "multiple_choice", "ranking"):
        if text not in target.choices:
            raise EditRefusedError("condition_value", target=target.label)
        return text
    if target.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise EditRefusedError("condition_value", target=target.label)
        return text
    if target.type in CODE_TYPES:
        return text if target.type == "commune" else text.upper()
    return text


def _check_conditions(schema: Questionnaire) -> None:
    """Every condition refers to an earlier question, with an operator and a value that fit it."""
    earlier: dict[str, Question] = {}
    later = {q.id: q for q in schema.questions()}
    for q in schema.questions():
        if q.condition is not None:
            target = earlier.get(q.condition.question)
            if target is None:
                if q.condition.question in later:
                    target = later[q.condition.question]
                    raise EditRefusedError("condition_order", question=q.label, target=target.label)
                raise EditRefusedError("condition_missing", question=q.label)
            try:
                fitted = condition_value(target, q.condition.operator, q.condition.value)
            except EditRefusedError:
                raise EditRefusedError("condition_mismatch", question=q.label, target=target.label) from None
            if q.condition.operator != "answered" and fitted != q.condition.value:
                raise EditRefusedError("condition_mismatch", question=q.label, target=target.label)
        earlier[q.id] = q


def _finish(schema: Questionnaire) -> Questionnaire:
    _check_conditions(schema)
    schema.check()
    return schema


# The questionnaire's title and introduction.


def edit_header(schema: Questionnaire, title: str, introduction: str = "") -> Questionnaire:
    if _blank(title):
        raise EditRefusedError("blank")
    return _finish(replace(schema, title=title.strip(), introduction=introduction.strip()))


# Sections.


def add_section(schema: Questionnaire, title: str, help: str = "", section_id: str = "") -> Questionnaire:
    """Append a section (its id made from the title unless given)."""
    if _blank(title):
        raise EditRefusedError("blank")
    taken = {s.id for s in schema.sections}
    if section_id:
        if not ID.fullmatch(section_id) or len(section_id) > ID_LENGTH:
            raise EditRefusedError("bad_id", id=section_id)
        if section_id in taken:
            raise EditRefusedError("id_taken", id=section_id)
    else:
        section_id = unique_id(title, taken, "section")
    section = Section(section_id, title.strip(), (), help.strip())
    return _finish(replace(schema, sections=(*schema.sections, section)))


def edit_section(schema: Questionnaire, section_id: str, title: str, help: str = "") -> Questionnaire:
    if _blank(title):
        raise EditRefusedError("blank")
    i = _section_index(schema, section_id)
    return _finish(_with_section(schema, i, replace(schema.sections[i], title=title.strip(), help=help.strip())))


def remove_section(schema: Questionnaire, section_id: str) -> Questionnaire:
    """Remove a section and its questions, unless a question elsewhere depends on one of them."""
    i = _section_index(schema, section_id)
    if len(schema.sections) == 1:
        raise EditRefusedError("last_section")
    inside = {q.id for q in schema.sections[i].questions}
    outside = [q for q in _dependents(schema, inside) if q.id not in inside]
    if outside:
        target = schema.question(outside[0].condition.question)
        raise EditRefusedError("section_referenced", question=outside[0].label, target=target.label)
    return _finish(replace(schema, sections=schema.sections[:i] + schema.sections[i + 1 :]))


def move_section(schema: Questionnaire, section_id: str, direction: str) -> Questionnaire:
    """Swap a section with the previous (``up``) or the next (``down``) one."""
    i = _section_index(schema, section_id)
    j = i - 1 if direction == "up" else i + 1 if direction == "down" else None
    if j is None:
        raise EditRefusedError("direction")
    if not 0 <= j < len(schema.sections):
        raise EditRefusedError("edge")
    sections = list(schema.sections)
    sections[i], sections[j] = sections[j], sections[i]
    return _finish(replace(schema, sections=tuple(sections)))


# Questions.


def earlier_questions(schema: Questionnaire, section_id: str | None = None, question_id: str | None = None):
    """The questions a condition may refer to: those before ``question_id``, or, for a question added
    at the end of ``section_id``, those of that section and the sections before it."""
    found: list[Question] = []
    for section in schema.sections:
        for q in section.questions:
            if q.id == question_id:
                return found
            found.append(q)
        if section.id == section_id:
            return found
    return found


def add_question(schema: Questionnaire, section_id: str, question: Question) -> Questionnaire:
    """Append ``question`` to a section; an empty id is made from the label, unique."""
    if _blank(question.label):
        raise EditRefusedError("blank")
    i = _section_index(schema, section_id)
    taken = {q.id for q in schema.questions()}
    if question.id:
        if not ID.fullmatch(question.id) or len(question.id) > ID_LENGTH:
            raise EditRefusedError("bad_id", id=question.id)
        if question.id in taken:
            raise EditRefusedError("id_taken", id=question.id)
    else:
        question = replace(question, id=unique_id(question.label, taken))
    section = schema.sections[i]
    return _finish(_with_section(schema, i, replace(section, questions=(*section.questions, question))))


def replace_question(schema: Questionnaire, question_id: str, question: Question) -> Questionnaire:
    """Put ``question`` in the place of ``question_id``, keeping that id."""
    if _blank(question.label):
        raise EditRefusedError("blank")
    i, j = _locate(schema, question_id)
    questions = list(schema.sections[i].questions)
    questions[j] = replace(question, id=question_id)
    return _finish(_with_section(schema, i, replace(schema.sections[i], questions=tuple(questions))))


def remove_question(schema: Questionnaire, question_id: str) -> Questionnaire:
    """Remove a question, unless another one's display condition refers to it."""
    i, j = _locate(schema, question_id)
    dependents = _dependents(schema, {question_id})
    if dependents:
        target = schema.question(question_id)
        raise EditRefusedError("question_referenced", question=dependents[0].label, target=target.label)
    section = schema.sections[i]
    questions = section.questions[:j] + section.questions[j + 1 :]
    return _finish(_with_section(schema, i, replace(section, questions=questions)))


def move_question(schema: Questionnaire, question_id: str, direction: str) -> Questionnaire:
    """Move a question one place ``up`` or ``down``; at a section's edge it goes to the end of the
    previous section or the start of the next. Refused when a question would then come before the
    question its display condition refers to."""
    if direction not in ("up", "down"):
        raise EditRefusedError("direction")
    i, j = _locate(schema, question_id)
    sections = [list(s.questions) for s in schema.sections]
    question = sections[i].pop(j)
    if direction == "up":
        if j > 0:
            sections[i].insert(j - 1, question)
        elif i > 0:
            sections[i - 1].append(question)
        else:
            raise EditRefusedError("edge")
    else:
        if j < len(sections[i]):
            sections[i].insert(j + 1, question)
        elif i < len(sections) - 1:
            sections[i + 1].insert(0, question)
        else:
            raise EditRefusedError("edge")
    moved = replace(
        schema, sections=tuple(replace(s, questions=tuple(qs)) for s, qs in zip(schema.sections, sections, strict=True))
    )
    return _finish(moved)


__all__ = [
    "OPERATORS_BY_TYPE",
    "EditRefusedError",
    "add_question",
    "add_section",
    "condition_value",
    "earlier_questions",
    "edit_header",
    "edit_section",
    "move_question",
    "move_section",
    "remove_question",
    "remove_section",
    "replace_question",
    "unique_id",
]
