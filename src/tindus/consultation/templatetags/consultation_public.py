"""``{% published_consultations territory as consultations %}``: the consultations whose results the team
published for everyone, for the territory's public site to link to."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Campaign, Publication

register = template.Library()


@register.simple_tag
def published_consultations(territory: Any) -> list[Campaign]:
    campaigns = Campaign.objects.filter(territory=territory, published_to=Publication.PUBLIC)
    return list(campaigns.select_related("questionnaire").order_by("-closes_on", "title"))
