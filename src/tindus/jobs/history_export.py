"""The reference job: a territory's whole history of changes as a CSV file, built in the background."""

from __future__ import annotations

import csv

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.core.history import territory_history
from tindus.core.templatetags.tindus_tags import model_label, person_name

from .runner import JobContext

ACTIONS = {
    LogEntry.Action.CREATE: gettext_noop("creation"),
    LogEntry.Action.UPDATE: gettext_noop("modification"),
    LogEntry.Action.DELETE: gettext_noop("deletion"),
    LogEntry.Action.ACCESS: gettext_noop("viewing"),
}


def _shown(value: object) -> str:
    """A value as the change log recorded it; nothing (auditlog writes « None ») shown as « — »."""
    return "—" if value in (None, "", "None") else str(value)


def _change_text(field: str, change: object) -> str:
    """« field : old → new »; a many-to-many change (auditlog logs it as a dict of the objects added or
    removed) as « field : ajouté : a, b »."""
    if isinstance(change, dict):
        names = ", ".join(str(name) for name in change.get("objects", []))
        template = _("added: %(names)s") if change.get("operation") == "add" else _("removed: %(names)s")
        return f"{field} : {template % {'names': names}}"
    old, new = change
    return f"{field} : {_shown(old)} → {_shown(new)}"


def displayed_changes(entry: LogEntry) -> dict:
    """auditlog's ``changes_display_dict`` (field labels, choices and dates as people read them), with each
    many-to-many change as auditlog logged it (``{"operation": "add", "objects": […]}``), which the display
    dict reduces to the names of that dict's keys."""
    shown = dict(entry.changes_display_dict or {})
    model = entry.content_type.model_class()
    mapping = auditlog.get_model_fields(model)["mapping_fields"] if model and auditlog.contains(model) else {}
    for name, change in (entry.changes_dict or {}).items():
        if isinstance(change, dict) and model is not None:
            try:
                label = mapping.get(name) or model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name
            shown[label] = change
    return shown


def changes_text(changes: dict | None) -> str:
    """One line for all the changed fields of an entry."""
    return " ; ".join(_change_text(field, change) for field, change in (changes or {}).items())


def write_history_csv(job: JobContext) -> None:
    entries = territory_history(job.job.territory_id).select_related("actor", "content_type")
    total = entries.count()
    job.progress(0, total, _("Reading the history"))
    with job.open_result(f"historique-{job.job.territory.slug}.csv", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([_("When"), _("Who"), _("Action"), _("Kind"), _("Object"), _("Changes")])
        for done, entry in enumerate(entries.iterator(chunk_size=500), start=1):
            writer.writerow(
                [
                    date_format(timezone.localtime(entry.timestamp), "SHORT_DATETIME_FORMAT"),
                    person_name(entry.actor, _("system")),
                    _(ACTIONS[entry.action]) if entry.action in ACTIONS else entry.get_action_display(),
                    model_label(entry.content_type),
                    entry.object_repr,
                    changes_text(displayed_changes(entry)),
                ]
            )
            job.progress(done, total, _("Writing the changes"))
