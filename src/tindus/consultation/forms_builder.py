"""Forms of the questionnaire builder: a question (every type, its display condition), a section,
and the questionnaire's title and introduction.

A :class:`QuestionForm` checks each setting at its field, then applies the change to the schema it
was given (``form.result`` is the new schema), so a refusal of :mod:`.editing` or a
:class:`~.schema.SchemaError` becomes an error of the form rather than a crash.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import editing
from .compute.schema import CHOICE_TYPES, QUESTION_TYPES, Condition, Question, SchemaError
from .compute.schema import Questionnaire as Schema
from .editing import EditRefusedError

TYPE_LABELS = {
    "short_text": _("Short text"),
    "long_text": _("Long text"),
    "single_choice": _("Single choice"),
    "multiple_choice": _("Multiple choice"),
    "scale": _("Scale (Likert)"),
    "matrix": _("Matrix (lines × columns)"),
    "number": _("Number with unit"),
    "ranking": _("Ranking"),
    "date": _("Date"),
    "commune": _("Commune picker"),
    "naf": _("Activity picker (NAF)"),
    "rome": _("Job picker (ROME)"),
    "ewc": _("Waste code picker (EWC)"),
}
OPERATOR_LABELS = {
    "equals": _("is"),
    "not_equals": _("is not"),
    "includes": _("includes"),
    "answered": _("is answered"),
    "at_least": _("is at least"),
    "at_most": _("is at most"),
}
TEXT_TYPES = {"short_text", "long_text"}
MAX_ITEMS = 50
MAX_SCALE_POINTS = 11

# What the team reads when an edit is refused (codes of editing.EditRefusedError).
REFUSALS = {
    "unknown_section": _("This section no longer exists."),
    "unknown_question": _("This question no longer exists."),
    "blank": _("This text cannot be empty."),
    "bad_id": _("An identifier is made of lower-case letters, digits and underscores, e.g. open_positions."),
    "id_taken": _("The identifier %(id)s is already used in this questionnaire."),
    "last_section": _("A questionnaire keeps at least one section."),
    "section_referenced": _(
        "“%(question)s” is shown depending on the answer to “%(target)s”, a question of this section: "
        "remove or change that condition first."
    ),
    "question_referenced": _(
        "“%(question)s” is shown depending on the answer to “%(target)s”: remove or change that condition first."
    ),
    "condition_order": _(
        "“%(question)s” would come before “%(target)s”, the question its display condition refers to."
    ),
    "condition_missing": _("The display condition of “%(question)s” refers to a question that no longer exists."),
    "condition_mismatch": _(
        "The display condition of “%(question)s” would no longer fit “%(target)s”: change that condition first."
    ),
    "edge": _("It cannot move further."),
    "direction": _("Unknown direction."),
}


def refusal_message(error: EditRefusedError) -> str:
    message = REFUSALS.get(error.code)
    if message is None:
        return str(_("This change is refused: %(reason)s.") % {"reason": error.code})
    return str(message) % error.params if "%(" in str(message) else str(message)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def question_initial(question: Question) -> dict:
    """The form's fields for an existing question."""
    condition = question.condition
    return {
        "type": question.type,
        "label": question.label,
        "help": question.help,
        "required": question.required,
        "choices": "\n".join(question.choices),
        "rows": "\n".join(question.rows),
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "scale_low": question.scale_labels[0],
        "scale_high": question.scale_labels[1],
        "unit": question.unit,
        "minimum": question.minimum,
        "maximum": question.maximum,
        "max_length": question.max_length or None,
        "condition_question": condition.question if condition else "",
        "condition_operator": condition.operator if condition else "",
        "condition_value": "" if condition is None or condition.value is None else _number_or_text(condition.value),
    }


def _number_or_text(value) -> str:
    return _number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


class HeaderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to respondents above the questions."),
    )  # fmt: skip


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    help = forms.CharField(label=_("Help text"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class QuestionForm(forms.Form):
    """Add a question at the end of a section (``question_id`` None) or change one (its id stays)."""

    GROUPS = (
        (None, ("section", "type", "label", "help", "required", "identifier")),
        (_("Choices, ranking, matrix"), ("choices", "rows")),
        (_("Scale"), ("scale_min", "scale_max", "scale_low", "scale_high")),
        (_("Number"), ("unit", "minimum", "maximum")),
        (_("Text"), ("max_length",)),
        (_("Display condition"), ("condition_question", "condition_operator", "condition_value")),
    )

    section = forms.ChoiceField(label=_("Section"))
    type = forms.ChoiceField(label=_("Type of question"), choices=list(TYPE_LABELS.items()))
    label = forms.CharField(label=_("Question"), max_length=500)
    help = forms.CharField(label=_("Help text"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    identifier = forms.CharField(
        label=_("Identifier"), required=False, max_length=editing.ID_LENGTH,
        help_text=_("Names the question in exports; made from the question when left empty. It never changes."),
    )  # fmt: skip
    choices = forms.CharField(
        label=_("Choices, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Single choice, multiple choice and ranking; the columns of a matrix."),
    )  # fmt: skip
    rows = forms.CharField(label=_("Lines of the matrix, one per line"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    scale_min = forms.IntegerField(label=_("Lowest value"), required=False, initial=1, min_value=-10, max_value=10)
    scale_max = forms.IntegerField(label=_("Highest value"), required=False, initial=5, min_value=-10, max_value=10)
    scale_low = forms.CharField(label=_("Label of the lowest value"), required=False, max_length=100)
    scale_high = forms.CharField(label=_("Label of the highest value"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50, help_text=_("e.g. km, jobs, tonnes/year."))
    minimum = forms.FloatField(label=_("Minimum"), required=False)
    maximum = forms.FloatField(label=_("Maximum"), required=False)
    max_length = forms.IntegerField(
        label=_("Maximum length (characters)"), required=False, min_value=1, max_value=20000,
        help_text=_("Empty: 300 for a short text, 5,000 for a long one."),
    )  # fmt: skip
    condition_question = forms.ChoiceField(label=_("Show only if the answer to"), required=False)
    condition_operator = forms.ChoiceField(
        label=_("Comparison"), required=False, choices=[("", "—"), *OPERATOR_LABELS.items()]
    )
    condition_value = forms.CharField(
        label=_("Value"), required=False, max_length=200,
        help_text=_("One of that question's choices, or a number; nothing for “is answered”."),
    )  # fmt: skip

    def __init__(self, *args, schema: Schema, question_id: str | None = None, **kwargs) -> None:
        self.schema = schema
        self.question_id = question_id
        self.result: Schema | None = None
        if question_id is not None:
            self.original = schema.question(question_id)
            kwargs.setdefault("initial", question_initial(self.original))
        super().__init__(*args, **kwargs)
        if question_id is not None:
            del self.fields["section"], self.fields["identifier"]
            earlier = editing.earlier_questions(schema, question_id=question_id)
        else:
            self.fields["section"].choices = [(s.id, s.title) for s in schema.sections]
            earlier = schema.questions()
        self.fields["condition_question"].choices = [("", _("always shown"))] + [
            (q.id, _short(q.label)) for q in earlier
        ]

    def groups(self):
        for legend, names in self.GROUPS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def _earlier(self, section_id: str | None) -> dict[str, Question]:
        if self.question_id is not None:
            found = editing.earlier_questions(self.schema, question_id=self.question_id)
        else:
            found = editing.earlier_questions(self.schema, section_id=section_id)
        return {q.id: q for q in found}

    def _condition(self, data: dict) -> Condition | None:
        ref = data.get("condition_question")
        if not ref:
            return None
        target = self._earlier(data.get("section")).get(ref)
        if target is None:
            self.add_error("condition_question", _("Choose a question that comes before this one."))
            return None
        operator = data.get("condition_operator")
        if not operator:
            self.add_error("condition_operator", _("Choose how the answer is compared."))
            return None
        try:
            value = editing.condition_value(target, operator, data.get("condition_value"))
        except EditRefusedError as error:
            if error.code == "condition_operator":
                possible = ", ".join(str(OPERATOR_LABELS[o]) for o in editing.OPERATORS_BY_TYPE[target.type])
                self.add_error("condition_operator", _("Not for this type of question; possible: %(operators)s.")
                               % {"operators": possible})  # fmt: skip
            elif target.type in ("single_choice", "multiple_choice", "ranking"):
                self.add_error("condition_value", _("Give one of the choices of that question: %(choices)s.")
                               % {"choices": " ; ".join(target.choices)})  # fmt: skip
            elif target.type == "scale":
                self.add_error("condition_value", _("Give a whole number."))
            elif target.type == "number":
                self.add_error("condition_value", _("Give a number."))
            elif target.type == "date":
                self.add_error("condition_value", _("Give a date (YYYY-MM-DD)."))
            else:
                self.add_error("condition_value", _("Give the value to compare with."))
            return None
        return Condition(ref, operator, value)

    def _check_type(self, kind: str, data: dict) -> dict:
        """The settings of this type of question, each checked at its field."""
        settings: dict = {}
        if kind in CHOICE_TYPES | {"matrix"}:
            choices = _lines(data.get("choices", ""))
            if len(choices) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
            elif len(set(choices)) != len(choices):
                self.add_error("choices", _("A choice appears twice."))
            elif len(choices) > MAX_ITEMS:
                self.add_error("choices", _("At most %(n)d choices.") % {"n": MAX_ITEMS})
            settings["choices"] = choices
        if kind == "matrix":
            rows = _lines(data.get("rows", ""))
            if not rows:
                self.add_error("rows", _("Give the lines of the table, one per line."))
            elif len(set(rows)) != len(rows):
                self.add_error("rows", _("A line appears twice."))
            elif len(rows) > MAX_ITEMS:
                self.add_error("rows", _("At most %(n)d lines.") % {"n": MAX_ITEMS})
            settings["rows"] = rows
        if kind == "scale":
            low = data.get("scale_min")
            high = data.get("scale_max")
            low, high = (1 if low is None else low), (5 if high is None else high)
            if high <= low:
                self.add_error("scale_max", _("The highest value must be greater than the lowest."))
            elif high - low + 1 > MAX_SCALE_POINTS:
                self.add_error("scale_max", _("A scale has at most %(n)d points.") % {"n": MAX_SCALE_POINTS})
            labels = (data.get("scale_low", "").strip(), data.get("scale_high", "").strip())
            settings.update(scale_min=low, scale_max=high, scale_labels=labels)
        if kind == "number":
            low, high = data.get("minimum"), data.get("maximum")
            if low is not None and high is not None and low > high:
                self.add_error("maximum", _("The maximum cannot be less than the minimum."))
            settings.update(unit=data.get("unit", "").strip(), minimum=low, maximum=high)
        if kind in TEXT_TYPES:
            settings["max_length"] = data.get("max_length") or 0
        return settings

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("type")
        if kind not in QUESTION_TYPES:
            return data
        settings = self._check_type(kind, data)
        condition = self._condition(data)
        if self.errors:
            return data
        tags = self.original.tags if self.question_id is not None else ()
        question = Question(
            id=(data.get("identifier") or "").strip(), type=kind, label=data["label"].strip(),
            required=data.get("required", False), help=data.get("help", "").strip(), condition=condition, tags=tags,
            **settings,
        )  # fmt: skip
        try:
            if self.question_id is None:
                self.result = editing.add_question(self.schema, data["section"], question)
            else:
                self.result = editing.replace_question(self.schema, self.question_id, question)
        except EditRefusedError as error:
            field = "identifier" if error.code in ("bad_id", "id_taken") and "identifier" in self.fields else None
            self.add_error(field, refusal_message(error))
        except SchemaError as error:
            self.add_error(None, _("The questionnaire would be inconsistent: %(reason)s") % {"reason": error})
        return data


__all__ = ["HeaderForm", "QuestionForm", "SectionForm", "refusal_message", "question_initial"]
