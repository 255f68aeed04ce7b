"""Writing the privacy log: every export and erasure, by whom, through which channel."""

from __future__ import annotations

import getpass
import socket
from typing import Any

from django.contrib.auth.models import User

from tindus.territories.models import Territory

from .models import Record


def command_actor() -> str:
    """Who runs a command: the system account and the machine."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):
        account = "?"
    return f"{account}@{socket.gethostname()}"


def record(
    *,
    action: str,
    subject_kind: str,
    subject: str,
    counts: dict[str, int],
    actor: Any = None,
    territory: Territory | None = None,
    person: User | None = None,
    request_reference: str = "",
) -> Record:
    """Log one export or erasure; ``actor`` is the web user, or None for the command line."""
    web = actor is not None and getattr(actor, "is_authenticated", False)
    return Record.objects.create(
        action=action,
        subject_kind=subject_kind,
        subject=subject,
        counts=counts,
        actor=actor if web else None,
        actor_label="" if web else command_actor(),
        channel=Record.Channel.WEB if web else Record.Channel.COMMAND,
        territory=territory,
        person=person,
        request_reference=request_reference,
    )
