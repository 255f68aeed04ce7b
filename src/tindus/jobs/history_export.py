"""The reference job: a territory's whole history of changes as a CSV file, built in the background.

Each row reads as on the history page (:mod:`tindus.core.history_display`), and the file holds what its
author may read there: the entries of editors-only models (anonymous companies' declarations) only for
the territory's editors.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission
from tindus.core.history import territory_history
from tindus.core.history_display import describe
from tindus.core.tables import to_csv
from tindus.core.templatetags.tindus_tags import person_name

from .runner import JobContext


def write_history_csv(job: JobContext) -> None:
    territory, author = job.job.territory, job.job.author
    editor = author is not None and has_permission(author, Action.EDIT, territory)
    job.progress(0, 1, _("Reading the history"))
    rows = describe(territory_history(territory.pk, editor=editor))
    lines = []
    for done, row in enumerate(rows, start=1):
        lines.append(
            [
                date_format(timezone.localtime(row.timestamp), "SHORT_DATETIME_FORMAT"),
                person_name(row.actor, _("system")),
                row.verb,
                row.kind,
                row.name,
                " ; ".join(str(change) for change in row.changes),
            ]
        )
        job.progress(done, len(rows), _("Writing the changes"))
    header = [_("When"), _("Who"), _("Action"), _("Kind"), _("Object"), _("Changes")]
    with job.open_result(f"historique-{territory.slug}.csv", binary=True) as out:
        out.write(to_csv(header, lines))
