"""Questionnaires as plain data: sections of questions, each with its type, choices, help text,
required flag and display condition on an earlier answer.

No Django here: a questionnaire version is stored as the JSON of :meth:`Questionnaire.to_dict`, and
everything that checks or counts answers works from these dataclasses.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

QUESTION_TYPES = (
    "short_text", "long_text", "single_choice", "multiple_choice", "scale", "matrix", "number", "ranking", "date",
    "commune", "naf", "rome", "ewc",
)  # fmt: skip
CHOICE_TYPES = {"single_choice", "multiple_choice", "ranking"}
CODE_TYPES = {"commune", "naf", "rome", "ewc"}  # answers are codes of a referential
OPERATORS = ("equals", "not_equals", "includes", "answered", "at_least", "at_most")


class SchemaError(ValueError):
    """The questionnaire itself is inconsistent (the message names the question)."""


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier answer satisfies this."""

    question: str
    operator: str
    value: Any = None

    def holds(self, answers: dict[str, Any]) -> bool:
        answer = answers.get(self.question)
        if self.operator == "answered":
            return answer not in (None, "", [], {})
        if answer in (None, "", [], {}):
            return False
        if self.operator == "equals":
            return answer == self.value
        if self.operator == "not_equals":
            return answer != self.value
        if self.operator == "includes":
            return isinstance(answer, list) and self.value in answer
        if self.operator == "at_least":
            return isinstance(answer, (int, float)) and answer >= self.value
        if self.operator == "at_most":
            return isinstance(answer, (int, float)) and answer <= self.value
        raise SchemaError(self.operator)


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()  # single, multiple, ranking; the matrix's columns
    rows: tuple[str, ...] = ()  # matrix rows
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: tuple[str, str] = ("", "")
    unit: str = ""  # number
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 0  # texts; 0 means the type's default
    condition: Condition | None = None
    # Free-text answers of this question are about resources or needs (offered to synergies).
    tags: tuple[str, ...] = ()

    @property
    def text_limit(self) -> int:
        return self.max_length or (300 if self.type == "short_text" else 5000)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    help: str = ""


@dataclass(frozen=True)
class Questionnaire:
    title: str
    sections: tuple[Section, ...]
    audience: str = "leaders"  # leaders or employees
    introduction: str = ""

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def question(self, question_id: str) -> Question:
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def check(self) -> None:
        """Raise SchemaError unless ids are unique, conditions point backwards and choices exist."""
        seen: dict[str, Question] = {}
        for q in self.questions():
            if q.id in seen:
                raise SchemaError(f"{q.id}: this id is used twice")
            if q.type not in QUESTION_TYPES:
                raise SchemaError(f"{q.id}: unknown type {q.type}")
            if q.type in CHOICE_TYPES | {"matrix"} and len(q.choices) < 2:
                raise SchemaError(f"{q.id}: give at least two choices")
            if q.type == "matrix" and not q.rows:
                raise SchemaError(f"{q.id}: a matrix needs rows")
            if q.type == "scale" and q.scale_max <= q.scale_min:
                raise SchemaError(f"{q.id}: the scale's maximum must exceed its minimum")
            if len(set(q.choices)) != len(q.choices):
                raise SchemaError(f"{q.id}: a choice appears twice")
            if q.condition is not None:
                if q.condition.question not in seen:
                    raise SchemaError(f"{q.id}: its condition must refer to an earlier question")
                if q.condition.operator not in OPERATORS:
                    raise SchemaError(f"{q.id}: unknown condition operator {q.condition.operator}")
            seen[q.id] = q

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Questionnaire:
        sections = []
        for s in data["sections"]:
            questions = []
            for q in s["questions"]:
                q = dict(q)
                condition = q.pop("condition", None)
                for key in ("choices", "rows", "scale_labels", "tags"):
                    if key in q:
                        q[key] = tuple(q[key])
                questions.append(Question(**q, condition=Condition(**condition) if condition else None))
            sections.append(Section(s["id"], s["title"], tuple(questions), s.get("help", "")))
        return cls(data["title"], tuple(sections), data.get("audience", "leaders"), data.get("introduction", ""))


def visible_questions(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[Question]:
    """The questions shown given the answers so far (conditions only look at earlier, visible answers)."""
    shown: list[Question] = []
    kept: dict[str, Any] = {}
    for q in questionnaire.questions():
        if q.condition is None or q.condition.holds(kept):
            shown.append(q)
            if q.id in answers:
                kept[q.id] = answers[q.id]
    return shown


__all__ = ["Condition", "Question", "Questionnaire", "SchemaError", "Section", "visible_questions"]
