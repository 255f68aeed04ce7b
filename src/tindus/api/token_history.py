"""Tokens issued and revoked are written to the territory's history, like every other change there.

:class:`~tindus.api.models.ApiToken` is not registered with auditlog (its ``last_used_at`` moves on every
use and its digest is nobody's business): the two events that matter are logged here, by hand, with the
territory they concern, so that :func:`tindus.core.history.territory_history` lists them.
"""

from __future__ import annotations

from typing import Any

from auditlog.diff import get_field_value
from auditlog.models import LogEntry
from django.utils.encoding import smart_str

from .models import ApiToken

ISSUED_FIELDS = ("user", "role", "name", "expires_at")


def _raw(token: ApiToken, name: str) -> str:
    """The field's value as auditlog stores it for the models it tracks."""
    return smart_str(get_field_value(token, token._meta.get_field(name)))


def record_issue(token: ApiToken, actor: Any) -> LogEntry:
    changes = {name: ["None", _raw(token, name)] for name in ISSUED_FIELDS}
    return LogEntry.objects.log_create(
        token, action=LogEntry.Action.CREATE, changes=changes, actor=actor,
        additional_data={"territory": token.territory_id},
    )  # fmt: skip


def record_revoke(token: ApiToken, actor: Any) -> LogEntry:
    return LogEntry.objects.log_create(
        token, action=LogEntry.Action.UPDATE, changes={"revoked_at": ["None", _raw(token, "revoked_at")]}, actor=actor,
        additional_data={"territory": token.territory_id},
    )  # fmt: skip
