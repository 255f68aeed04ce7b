"""Validation errors of request data, told in French, field by field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def message_of(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("Unknown field."),
        "int_parsing": _("A whole number is expected."),
        "int_type": _("A whole number is expected."),
        "float_parsing": _("A number is expected."),
        "float_type": _("A number is expected."),
        "decimal_parsing": _("A number is expected."),
        "bool_parsing": _("true or false is expected."),
        "string_type": _("Text is expected."),
        "date_from_datetime_parsing": _("A date (YYYY-MM-DD) is expected."),
        "date_parsing": _("A date (YYYY-MM-DD) is expected."),
        "datetime_parsing": _("A date and time (ISO 8601) is expected."),
        "model_type": _("An object is expected."),
        "dict_type": _("An object is expected."),
        "list_type": _("A list is expected."),
        "json_invalid": _("The body is not valid JSON."),
        "enum": _("Allowed values: %(values)s.") % {"values": context.get("expected", "")},
        "literal_error": _("Allowed values: %(values)s.") % {"values": context.get("expected", "")},
        "greater_than_equal": _("The value must be at least %(limit)s.") % {"limit": context.get("ge", "")},
        "less_than_equal": _("The value must be at most %(limit)s.") % {"limit": context.get("le", "")},
        "greater_than": _("The value must be more than %(limit)s.") % {"limit": context.get("gt", "")},
        "string_too_long": _("At most %(limit)s characters.") % {"limit": context.get("max_length", "")},
        "string_too_short": _("At least %(limit)s characters.") % {"limit": context.get("min_length", "")},
        "too_long": _("Too many items (at most %(limit)s).") % {"limit": context.get("max_length", "")},
    }
    return messages.get(kind, _("Invalid value."))


def field_of(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    # Ninja prefixes the parameter source and name ("body", "payload", "field"); keep what the caller wrote.
    if location and location[0] in {"body", "query", "path", "header"}:
        location = location[1:]
        if len(location) > 1 and location[0] in {"payload", "filters", "query", "data"}:
            location = location[1:]
    return ".".join(location) or "body"


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": field_of(error), "message": message_of(error)} for error in errors]
