"""Records of the API (nested dicts) as flat table rows, and the Table Schema types of their columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any


def _joined(items: list[Any]) -> str:
    parts = []
    for item in items:
        if isinstance(item, dict):
            parts.append(" ".join(str(item[k]) for k in ("code", "title", "name") if item.get(k) not in (None, "")))
        else:
            parts.append(str(item))
    return " | ".join(parts)


def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"source": {"vintage": "2024"}}`` → ``{"source_vintage": "2024"}``; lists become « a | b »."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flat(value, f"{name}_"))
        elif isinstance(value, list):
            row[name] = _joined(value)
        else:
            row[name] = value
    return row


def table_type(values: Iterable[Any]) -> str:
    """The Frictionless Table Schema type that fits every non-empty value."""
    kinds = set()
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int):
            kinds.add("integer")
        elif isinstance(value, float):
            kinds.add("number")
        elif isinstance(value, dt.datetime):
            kinds.add("datetime")
        elif isinstance(value, dt.date):
            kinds.add("date")
        else:
            kinds.add("string")
    if kinds == {"integer", "number"}:
        return "number"
    return kinds.pop() if len(kinds) == 1 else "string"


def cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else value
