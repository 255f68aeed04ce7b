"""Does the database's schema match this version of Tindus? A worker refuses to start if not."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def schema_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """A message saying how the database differs from this code's migrations, or None if they match."""
    executor = MigrationExecutor(connections[using])
    loader = executor.loader
    newer = sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if newer:
        return _(
            "The database was updated by a newer version of Tindus (unknown migrations: %(names)s). "
            "Install that version here before starting a worker."
        ) % {"names": ", ".join(newer[:5]) + ("…" if len(newer) > 5 else "")}
    missing = executor.migration_plan(loader.graph.leaf_nodes())
    if missing:
        return ngettext(
            "The database is older than this version of Tindus: %(count)d migration is not applied. "
            "Run « tindus migrate » (or « tindus setup ») before starting a worker.",
            "The database is older than this version of Tindus: %(count)d migrations are not applied. "
            "Run « tindus migrate » (or « tindus setup ») before starting a worker.",
            len(missing),
        ) % {"count": len(missing)}
    return None
