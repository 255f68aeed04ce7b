"""How a person is named on pages and in exports, including a person whose account was anonymised
on request (tindus.privacy): their changes and comments stay, under a neutral label."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

# The username an anonymised account is given (followed by its number); its name and e-mail are empty.
ANONYMISED_PREFIX = "anonymised-"


def is_anonymised(user: Any) -> bool:
    return str(getattr(user, "username", "")).startswith(ANONYMISED_PREFIX)


def display_name(user: Any, fallback: str = "—") -> str:
    """A user's full name, else their login; « former member » for an anonymised account; ``fallback``
    for none (deleted account, or a change made by a command)."""
    if user is None:
        return fallback
    if is_anonymised(user):
        return gettext("former member")
    return user.get_full_name() or user.get_username()
