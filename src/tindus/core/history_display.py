"""How the history reads for a committee.

django-auditlog stores each change as the raw values turned into strings: ``"None"``, ``"True"``, a
choice code, a primary key, ``"2024-03-01"``, ``"12000.00"``, and for a many-to-many field a dict
``{"type": "m2m", "operation": "add", "objects": [...]}``. :func:`describe` turns log entries into rows a
committee reads: a verb (« a créé », « a modifié », « a supprimé »), the object's name and kind, and one
line per field, in the field's label, with the values as the forms show them.

auditlog's own ``changes_display_dict`` gives the labels of choices and the localised dates and times:
it is used for those. The gaps are filled here: empty values, yes/no, amounts in euros and numbers,
foreign keys (named once per page; from their last log entry once deleted), many-to-many changes (auditlog
logs each addition and each removal as an entry of its own: the entries of one save make one row, « ajouté
: X ; retiré : Y »), and codes whose labels live in a referential table, which the apps declare with
:func:`register_codes`. What says nothing to a reader is left out: primary keys, reverse relations,
timestamps Django sets by itself, fields without a label of their own, and relations to the models named
with :func:`hide_relations_to` (the territory, on its own history page).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from tindus.core.templatetags.tindus_tags import euros, person_name

# Entries of one object by one person this close in time come from one save (a form saves the
# object, then each of its many-to-many fields): they make one row.
SAVE_WINDOW = dt.timedelta(seconds=5)
LONGEST_VALUE = 120  # characters of a long text shown in a line
EMPTY_RAW = {"None", "", "[]", "{}", "null"}

# (territory id or None, code) → its label, or None when the code is unknown
CodeLabel = Callable[[int | None, str], str | None]
_CODES: dict[tuple[str, str], CodeLabel] = {}
_HIDDEN_RELATIONS: set[str] = set()


def register_codes(model: str, field_name: str, label: CodeLabel) -> None:
    """Show the values of ``model``'s field (``"app_label.model_name"``) through ``label``: for a code
    whose label lives in a referential table or in the territory's own data."""
    _CODES[(model.lower(), field_name)] = label


def hide_relations_to(model: str) -> None:
    """Leave out the foreign keys to ``model`` (``"app_label.model_name"``) from every line."""
    _HIDDEN_RELATIONS.add(model.lower())


@dataclass(frozen=True)
class Change:
    """One field of one row: its label and what became of it."""

    label: str
    text: str
    field: models.Field | None = dataclass_field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return gettext("%(label)s: %(value)s") % {"label": self.label, "value": self.text}


@dataclass(frozen=True)
class Row:
    """What one person did to one object at one moment (one or several log entries)."""

    timestamp: dt.datetime
    actor: Any
    action: int
    kind: str
    name: str
    changes: tuple[Change, ...] = ()

    @property
    def verb(self) -> str:
        return {
            LogEntry.Action.CREATE: gettext("has created"),
            LogEntry.Action.UPDATE: gettext("has changed"),
            LogEntry.Action.DELETE: gettext("has deleted"),
            LogEntry.Action.ACCESS: gettext("has viewed"),
        }[self.action]

    @property
    def summary(self) -> str:
        """« a modifié « Plateforme » (projet) »."""
        return gettext('%(verb)s "%(name)s" (%(kind)s)') % {"verb": self.verb, "name": self.name, "kind": self.kind}

    def lines(self) -> list[str]:
        return [self.summary, *(str(change) for change in self.changes)]


def describe(entries: Iterable[LogEntry]) -> list[Row]:
    """The rows of these log entries (newest first, as given), the entries of one save merged."""
    entries = list(entries)
    reader = _Reader(entries)
    return [reader.row(group) for group in _saves(entries)]


def entry_lines(entry: LogEntry) -> list[str]:
    """One log entry as French lines: the summary, then one line per field."""
    return describe([entry])[0].lines()


def _saves(entries: list[LogEntry]) -> list[list[LogEntry]]:
    """Entries grouped by save, each group newest first, groups in the order of their newest entry."""
    groups: list[list[LogEntry]] = []
    open_groups: dict[tuple, list[LogEntry]] = {}
    for entry in entries:
        key = (entry.content_type_id, entry.object_pk, entry.actor_id)
        group = open_groups.get(key)
        if group is not None and _same_save(group, entry):
            group.append(entry)
            continue
        group = [entry]
        groups.append(group)
        open_groups[key] = group
    return groups


def _same_save(group: list[LogEntry], older: LogEntry) -> bool:
    merged = {LogEntry.Action.CREATE, LogEntry.Action.UPDATE}
    return (
        older.action in merged
        and all(e.action == LogEntry.Action.UPDATE for e in group)
        and abs(group[-1].timestamp - older.timestamp) <= SAVE_WINDOW
    )


@dataclass
class _FieldChange:
    """A field's change over the entries of one save: first old value, last new value; for a
    many-to-many field, the names added and removed."""

    field: models.Field
    old: str | None = None
    new: str | None = None
    seen: bool = False
    added: list[str] = dataclass_field(default_factory=list)
    removed: list[str] = dataclass_field(default_factory=list)

    def text(self, created: bool) -> str | None:
        """What the line says, or None when there is nothing to say."""
        if self.field.many_to_many:
            parts = []
            if self.added:
                parts.append(gettext("added: %(names)s") % {"names": ", ".join(self.added)})
            if self.removed:
                parts.append(gettext("removed: %(names)s") % {"names": ", ".join(self.removed)})
            return " ; ".join(parts) or None
        if created:
            return self.new
        if self.old == self.new:
            return None
        return f"{_or_empty(self.old)} → {_or_empty(self.new)}"


class _Reader:
    """Reads the entries of one page, with the names of objects and codes looked up once."""

    def __init__(self, entries: list[LogEntry]) -> None:
        self._names = self._live_names(entries)
        self._related: dict[tuple[str, str], str] = {}
        self._codes: dict[tuple[str, str, int | None, str], str | None] = {}

    @staticmethod
    def _live_names(entries: list[LogEntry]) -> dict[tuple[int, str], str]:
        """The current name of every object of these entries that still exists."""
        wanted: dict[int, set[str]] = {}
        for entry in entries:
            wanted.setdefault(entry.content_type_id, set()).add(entry.object_pk)
        names = {}
        for content_type_id, pks in wanted.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            for obj in model._base_manager.filter(pk__in=pks).select_related():  # names often read a parent
                names[(content_type_id, str(obj.pk))] = str(obj)
        return names

    def row(self, group: list[LogEntry]) -> Row:
        newest, oldest = group[0], group[-1]
        model = newest.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else gettext("item")
        action = LogEntry.Action.CREATE if oldest.action == LogEntry.Action.CREATE else newest.action
        name = newest.object_repr
        changes: list[Change] = []
        if action != LogEntry.Action.DELETE:
            name = self._names.get((newest.content_type_id, newest.object_pk), name)
            if model is not None:
                changes = self._changes(model, group, created=action == LogEntry.Action.CREATE)
        return Row(newest.timestamp, newest.actor, action, kind, name, tuple(changes))

    def _changes(self, model: type[models.Model], group: list[LogEntry], created: bool) -> list[Change]:
        territory = _territory(group[0])
        merged: dict[str, _FieldChange] = {}
        for entry in reversed(group):  # oldest first
            from_auditlog = _AuditlogDisplay(entry)
            for name, values in (entry.changes or {}).items():
                model_field = _shown_field(model, name)
                if model_field is None:
                    continue
                change = merged.setdefault(name, _FieldChange(model_field))
                if isinstance(values, dict):
                    _merge_m2m(change, values)
                    continue
                old, new = (self._value(model_field, raw, territory, from_auditlog, i) for i, raw in enumerate(values))
                if not change.seen:
                    change.old, change.seen = old, True
                change.new = new
        order = {f.name: n for n, f in enumerate(model._meta.get_fields())}
        lines = []
        for change in sorted(merged.values(), key=lambda c: order.get(c.field.name, len(order))):
            text = change.text(created)
            if text is not None:
                lines.append(Change(_label(model, change.field), text, change.field))
        return lines

    def _value(self, model_field: models.Field, raw: Any, territory: int | None, from_auditlog: _AuditlogDisplay,
               index: int) -> str | None:  # fmt: skip
        """The value as the user sees it, or None when empty."""
        raw = "" if raw is None else str(raw)
        if raw.strip() in EMPTY_RAW:
            return None
        code_label = _CODES.get((model_field.model._meta.label_lower, model_field.name))
        if code_label is not None:
            return self._code(model_field, code_label, territory, raw)
        if isinstance(model_field, models.BooleanField):
            return gettext("yes") if raw == "True" else gettext("no") if raw == "False" else raw
        if model_field.choices:
            label = from_auditlog.value(model_field, index)
            known = {str(key): str(text) for key, text in model_field.flatchoices}
            return label if label is not None and raw in known else known.get(raw, raw)
        if isinstance(model_field, models.DateField | models.TimeField):  # DateTimeField is a DateField
            return from_auditlog.value(model_field, index) or raw
        if model_field.is_relation:
            return self._related_name(model_field.related_model, raw)
        if isinstance(model_field, models.DecimalField | models.FloatField):
            return _number(model_field, raw)
        if isinstance(model_field, models.FileField):
            return PurePosixPath(raw).name
        if isinstance(model_field, models.JSONField):
            return _json_text(raw)
        return Truncator(" ".join(raw.split())).chars(LONGEST_VALUE)

    def _code(self, model_field: models.Field, label: CodeLabel, territory: int | None, raw: str) -> str:
        key = (model_field.model._meta.label_lower, model_field.name, territory, raw)
        if key not in self._codes:
            self._codes[key] = label(territory, raw)
        return self._codes[key] or raw

    def _related_name(self, related_model: type[models.Model], raw: str) -> str:
        """The related object's name (a person's full name); once deleted, its name in its last log entry."""
        key = (related_model._meta.label_lower, raw)
        if key not in self._related:
            try:
                obj = related_model._base_manager.filter(pk=raw).first()
            except (ValueError, ValidationError):  # not a key (auditlog kept a name there once): as written
                obj, self._related[key] = None, raw
                return raw
            if obj is not None:
                self._related[key] = person_name(obj) if isinstance(obj, get_user_model()) else str(obj)
            else:
                last = (
                    LogEntry.objects.filter(
                        content_type=ContentType.objects.get_for_model(related_model), object_pk=raw
                    )
                    .order_by("-timestamp", "-pk")
                    .values_list("object_repr", flat=True)
                    .first()
                )
                self._related[key] = (
                    gettext("%(name)s (deleted)") % {"name": last} if last else gettext("(deleted item)")
                )
        return self._related[key]


class _AuditlogDisplay:
    """auditlog's ``changes_display_dict`` of one entry, read by field (computed on first use: it looks
    up every foreign key of the entry)."""

    def __init__(self, entry: LogEntry) -> None:
        self._entry = entry
        self._by_field: dict[str, list[str]] | None = None

    def value(self, model_field: models.Field, index: int) -> str | None:
        if self._by_field is None:
            self._by_field = self._read()
        values = self._by_field.get(model_field.name)
        return str(values[index]) if values and len(values) > index else None

    def _read(self) -> dict[str, list[str]]:
        model = self._entry.content_type.model_class()
        mapping = auditlog.get_model_fields(model)["mapping_fields"] if auditlog.contains(model) else {}
        display = self._entry.changes_display_dict  # keyed by each field's label
        keys: dict[str, list[str]] = {}
        for name in self._entry.changes or {}:
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            keys.setdefault(str(mapping.get(name, getattr(model_field, "verbose_name", name))), []).append(name)
        # Two fields of one label would share one key: neither is read from auditlog then.
        return {names[0]: display[label] for label, names in keys.items() if len(names) == 1 and label in display}


def _territory(entry: LogEntry) -> int | None:
    data = entry.additional_data
    return data.get("territory") if isinstance(data, dict) else None


def has_own_label(model_field: models.Field) -> bool:
    """Whether the field was given a label (Django makes one from the name otherwise: « origin reference »)."""
    label = model_field.verbose_name
    return not (isinstance(label, str) and label == model_field.name.replace("_", " "))


def _shown_field(model: type[models.Model], name: str) -> models.Field | None:
    """The model's field of this name if its changes are worth a line, else None."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if model_field.auto_created or model_field.primary_key:  # reverse relations, the id
        return None
    if not (model_field.concrete or model_field.many_to_many):
        return None
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return None
    if model_field.is_relation:
        return None if model_field.related_model._meta.label_lower in _HIDDEN_RELATIONS else model_field
    return model_field if has_own_label(model_field) else None


def _label(model: type[models.Model], model_field: models.Field) -> str:
    """The field's label; for a relation without one, the name of what it points to."""
    mapping = auditlog.get_model_fields(model)["mapping_fields"] if auditlog.contains(model) else {}
    if model_field.name in mapping:
        return capfirst(str(mapping[model_field.name]))
    if model_field.is_relation and not has_own_label(model_field):
        return capfirst(str(model_field.related_model._meta.verbose_name))
    return capfirst(str(model_field.verbose_name))


def _or_empty(value: str | None) -> str:
    return gettext("(empty)") if value is None else value


def _merge_m2m(change: _FieldChange, values: dict) -> None:
    names = [str(name) for name in values.get("objects", [])]
    into, out_of = (
        (change.added, change.removed) if values.get("operation") == "add" else (change.removed, change.added)
    )
    for name in names:
        if name in out_of:
            out_of.remove(name)
        elif name not in into:
            into.append(name)


def _number(model_field: models.Field, raw: str) -> str:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return raw
    if "€" in str(model_field.verbose_name) and isinstance(model_field, models.DecimalField):
        return euros(number)
    if number == number.to_integral_value():
        return number_format(int(number), 0, force_grouping=True)
    return number_format(number.normalize(), force_grouping=True)


def _json_text(raw: str) -> str:
    """A list of names (or of records with a name) as the names; anything else as written."""
    try:
        value = json.loads(raw)
    except ValueError:
        return Truncator(raw).chars(LONGEST_VALUE)
    if isinstance(value, list):
        names = [str(v.get("name") or v.get("label") or "") if isinstance(v, dict) else str(v) for v in value]
        return Truncator(", ".join(n for n in names if n)).chars(LONGEST_VALUE)
    return Truncator(raw).chars(LONGEST_VALUE)
