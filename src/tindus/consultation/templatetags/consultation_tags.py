from typing import Any

from django import template

from ..compute.schema import CODE_TYPES
from ..labels import segment_label
from ..respond import code_label, picker_options

register = template.Library()


@register.filter
def scale_values(question) -> range:
    return range(question.scale_min, question.scale_max + 1)


@register.filter
def at(values: Any, index: int) -> Any:
    """``values[index]`` for a list, or None."""
    return values[index] if isinstance(values, list) and 0 <= index < len(values) else None


@register.filter
def entries(value: Any, kind: str) -> list[str]:
    """A picker question's entries as its fields show them: a stored code becomes « name (code) »."""
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    return [code_label(kind, str(item)) for item in items]


@register.filter
def named_code(code: Any, kind: str) -> str:
    """« name (code) » for a code of a picker referential."""
    return code_label(kind, str(code)) if kind in CODE_TYPES else str(code)


@register.simple_tag
def pickers(schema: Any, territory: Any) -> dict[str, tuple[str, ...]]:
    """``{% pickers schema territory as options %}``: the suggestions of the picker questions."""
    return picker_options(schema, territory)


@register.filter
def code_slots(value: Any, kind: str) -> list[str]:
    """The entries of a picker question's fields: one field for a commune, three for the others (a job,
    an activity or a waste is often given with others), never fewer than the entries given."""
    given = entries(value, kind)
    return given + [""] * ((1 if kind == "commune" else 3) - len(given))


@register.filter
def segment_value(value: Any, dimension: str = "") -> str:
    """A segment value as read: « non renseigné » when empty, « salariés » for ``employees``."""
    return segment_label(dimension, str(value or ""))
