"""``{% link_form territory campaign %}``: the form adding an employees' answer link, on the results page."""

from typing import Any

from django import template

from ..links import LinkForm

register = template.Library()


@register.inclusion_tag("consultation/_link_form.html", takes_context=True)
def link_form(context: template.Context, territory: Any, campaign: Any) -> dict[str, Any]:
    return {"territory": territory, "campaign": campaign, "link_form": LinkForm(territory=territory),
            "csrf_token": context.get("csrf_token")}  # fmt: skip
