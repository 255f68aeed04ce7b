"""Checking a respondent's answers against the questionnaire version they answered.

Plain Python: the referentials (communes, NAF, ROME, EWC codes) come in as :class:`~.codes.CodeList`
(or plain sets of valid codes); an entry is a code, « name (code) » or an exact name.
Every problem is reported per question with a reason a respondent understands; answers to hidden
questions are dropped, and an answer to a question that does not exist is refused outright (a
forged form), never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from .codes import CodeList, EntryError
from .schema import CODE_TYPES, Question, Questionnaire, visible_questions

Translate = Callable[[str], str]


@dataclass
class Checked:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    forged: list[str] = field(default_factory=list)  # ids that are not questions of this version

    @property
    def valid(self) -> bool:
        return not self.errors and not self.forged


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if str(v) != ""]
    return [str(value)] if str(value) != "" else []


def _clean(q: Question, raw: Any, codes: dict[str, Collection[str]], _: Translate) -> Any:
    """The typed answer, or raise ValueError with the reason."""
    if q.type in ("short_text", "long_text"):
        text = str(raw).strip()
        if len(text) > q.text_limit:
            raise ValueError(
                _("At most %(n)d characters (this answer has %(m)d).") % {"n": q.text_limit, "m": len(text)}
            )
        return text
    if q.type == "single_choice":
        if raw not in q.choices:
            raise ValueError(_("Choose one of the proposed answers."))
        return raw
    if q.type == "multiple_choice":
        chosen = _as_list(raw)
        if any(c not in q.choices for c in chosen) or len(set(chosen)) != len(chosen):
            raise ValueError(_("Choose among the proposed answers."))
        return [c for c in q.choices if c in chosen]
    if q.type == "ranking":
        order = _as_list(raw)
        if len(set(order)) != len(order) or any(c not in q.choices for c in order):
            raise ValueError(_("Rank the proposed answers, each once."))
        return order
    if q.type == "scale":
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValueError(_("Give a whole number.")) from None
        if not q.scale_min <= value <= q.scale_max:
            raise ValueError(_("Give a value from %(a)d to %(b)d.") % {"a": q.scale_min, "b": q.scale_max})
        return value
    if q.type == "number":
        try:
            value = float(str(raw).replace(",", ".").replace("\u202f", "").replace(" ", ""))
        except ValueError:
            raise ValueError(_("Give a number.")) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("Give a number."))
        if q.minimum is not None and value < q.minimum:
            raise ValueError(_("At least %(v)s.") % {"v": f"{q.minimum:g}"})
        if q.maximum is not None and value > q.maximum:
            raise ValueError(_("At most %(v)s.") % {"v": f"{q.maximum:g}"})
        return int(value) if value.is_integer() else value
    if q.type == "date":
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValueError(_("Give a date (YYYY-MM-DD).")) from None
    if q.type == "matrix":
        if not isinstance(raw, dict):
            raise ValueError(_("Answer each line of the table."))
        unknown = [row for row in raw if row not in q.rows]
        if unknown or any(v not in q.choices for v in raw.values() if v != ""):
            raise ValueError(_("Choose among the proposed answers on each line."))
        return {row: raw[row] for row in q.rows if raw.get(row, "") != ""}
    if q.type in CODE_TYPES:
        valid = codes.get(q.type, ())
        known = valid if isinstance(valid, CodeList) else CodeList((), valid)
        found: list[str] = []
        for entry in _as_list(raw):
            try:
                found += [code for code in known.resolve(entry) if code not in found]
            except EntryError as error:
                if error.reason == "ambiguous":
                    raise ValueError(
                        _(
                            "Several choices are named « %(value)s »: choose the one you mean among "
                            "the suggestions, which give the code."
                        )
                        % {"value": error.entry}
                    ) from None
                raise ValueError(
                    _(
                        "« %(value)s » is not in the list: choose one of the suggestions (name and "
                        "code) or type a valid code."
                    )
                    % {"value": error.entry}
                ) from None
        return found
    raise ValueError(q.type)


def check_answers(
    questionnaire: Questionnaire,
    raw: dict[str, Any],
    codes: dict[str, Collection[str]] | None = None,
    translate: Translate = lambda s: s,
    partial: bool = False,
) -> Checked:
    """Validate ``raw`` (question id -> submitted value). ``partial`` (a draft) skips required checks."""
    codes = codes or {}
    _ = translate
    result = Checked()
    known = {q.id for q in questionnaire.questions()}
    result.forged = sorted(k for k in raw if k not in known)
    for q in visible_questions(questionnaire, raw):
        value = raw.get(q.id)
        if _empty(value) or (q.type in CODE_TYPES | {"multiple_choice", "ranking"} and not _as_list(value)):
            if q.required and not partial:
                result.errors[q.id] = _("This question needs an answer.")
            continue
        try:
            cleaned = _clean(q, value, codes, translate)
        except ValueError as error:
            result.errors[q.id] = str(error)
            continue
        if not _empty(cleaned):
            result.answers[q.id] = cleaned
        elif q.required and not partial:
            result.errors[q.id] = _("This question needs an answer.")
    # A condition may depend on an answer that turned out invalid: keep only what stays visible.
    shown = {q.id for q in visible_questions(questionnaire, result.answers)}
    result.answers = {k: v for k, v in result.answers.items() if k in shown}
    return result
