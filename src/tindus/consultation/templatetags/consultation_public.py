"""Consultations whose published results a reader may open.

``{% published_consultations territory as consultations %}``: those published for everyone, for the public
site; ``{% readable_consultations territory as consultations %}``: those the signed-in reader may open
(the committee's included), for the workspace.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Campaign, Publication
from ..publication import may_read_results

register = template.Library()


@register.simple_tag
def published_consultations(territory: Any) -> list[Campaign]:
    campaigns = Campaign.objects.filter(territory=territory, published_to=Publication.PUBLIC)
    return list(campaigns.select_related("questionnaire").order_by("-closes_on", "title"))


@register.simple_tag(takes_context=True)
def readable_consultations(context: dict[str, Any], territory: Any) -> list[Campaign]:
    user = context["request"].user
    campaigns = Campaign.objects.filter(territory=territory).exclude(published_to=Publication.TEAM)
    ordered = campaigns.select_related("questionnaire", "territory").order_by("-closes_on", "title")
    return [campaign for campaign in ordered if may_read_results(user, campaign)]
