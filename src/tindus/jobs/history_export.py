"""The reference job: a territory's whole history of changes as a CSV file, built in the background."""

from __future__ import annotations

import csv

from auditlog.models import LogEntry
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


def changes_text(changes: dict | None) -> str:
    """« field : old → new » for each changed field, on one line."""
    return " ; ".join(f"{field} : {_shown(old)} → {_shown(new)}" for field, (old, new) in (changes or {}).items())


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
                    changes_text(entry.changes_display_dict),
                ]
            )
            job.progress(done, total, _("Writing the changes"))
