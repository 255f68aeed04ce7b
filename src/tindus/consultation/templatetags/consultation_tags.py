from typing import Any

from django import template

register = template.Library()


@register.filter
def scale_values(question) -> range:
    return range(question.scale_min, question.scale_max + 1)


@register.filter
def at(values: Any, index: int) -> Any:
    """``values[index]`` for a list, or None."""
    return values[index] if isinstance(values, list) and 0 <= index < len(values) else None
