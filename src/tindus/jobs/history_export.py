"""The reference job: a territory's whole history of changes as a CSV file, built in the background."""

from __future__ import annotations

import csv

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tindus.core.history import territory_history
from tindus.core.templatetags.tindus_tags import model_label, person_name

from .runner import JobContext


def changes_text(changes: dict | None) -> str:
    """« field: old → new » for each changed field, on one line."""
    return " ; ".join(f"{field} : {values[0] or '—'} → {values[1] or '—'}" for field, values in (changes or {}).items())


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
                    entry.get_action_display(),
                    model_label(entry.content_type),
                    entry.object_repr,
                    changes_text(entry.changes_display_dict),
                ]
            )
            job.progress(done, total, _("Writing the changes"))
