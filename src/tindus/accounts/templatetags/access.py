"""Links shown only to those who may follow them, decided by the same layer as the views."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from tindus.accounts.permissions import may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_url(context: dict[str, Any], view_name: str, *args: Any, **kwargs: Any) -> str:
    """``{% allowed_url 'plan:import' territory.slug as url %}``: the URL, or "" if the user may not open it."""
    url = reverse(view_name, args=args, kwargs=kwargs)
    return url if may_open(context["request"].user, url) else ""


@register.filter
def may_follow(url: str, user: Any) -> bool:
    """``{% if url|may_follow:user %}`` for a URL already built."""
    return may_open(user, url)
