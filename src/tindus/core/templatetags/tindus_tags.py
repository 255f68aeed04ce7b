"""Template helpers shared by every app."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from tindus.core.markdown import render_markdown
from tindus.core.people import display_name

register = template.Library()


@register.filter
def comment_subject(obj: Model) -> str:
    """'plan.project' for a project: how the comment view names the object commented on."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3 in render_markdown


@register.filter
def euros(amount: Decimal | float | int | None) -> str:
    if amount is None:
        return "—"
    return f"{number_format(round(Decimal(amount)), 0, force_grouping=True)} €"


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{number_format(share * 100, 1)} %"


@register.filter
def model_label(content_type) -> str:
    """The verbose name of the model a content type stands for (e.g. « projet »)."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name) if model else ""


@register.filter
def person_name(user, fallback: str = "—") -> str:
    """A user's full name, else their login, else ``fallback`` (deleted account, or a change made by a command);
    « former member » for an account anonymised on request."""
    return display_name(user, fallback)


@register.filter
def lookup(mapping, key):
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None
