"""Who may read a campaign's published results: one rule for the results page and the links to it."""

from __future__ import annotations

from typing import Any

from tindus.accounts.permissions import Action, has_permission

from .models import Campaign, Publication


def may_read_results(user: Any, campaign: Campaign) -> bool:
    """The team always (it sees the preview); everyone once published for the public; the team and the
    committee (whoever may read the territory's private pages) once published for the committee."""
    territory = campaign.territory
    if has_permission(user, Action.EDIT, territory) or campaign.published_to == Publication.PUBLIC:
        return True
    return campaign.published_to == Publication.COMMITTEE and has_permission(user, Action.VIEW_PRIVATE, territory)
