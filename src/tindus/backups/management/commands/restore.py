"""``tindus restore DIR``: put back a backup made by ``tindus backup``, all or nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tindus.backups.service import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup made by 'tindus backup': refused, with nothing changed, if it comes from a newer version "
        "or another database engine, or if a file is missing, truncated or fails its checksum. Stop the app and the "
        "task workers first. What it replaces is kept beside, under a 'before-restore' name."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", metavar="DIR", help=_("the backup's folder"))
        parser.add_argument("--check", action="store_true", help=_("only check the backup; change nothing"))
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help=_("do not ask for confirmation")
        )
        parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    def handle(self, *args, **options) -> None:
        folder = Path(options["folder"])
        try:
            if options["check"]:
                checked = check_backup(folder)
                self._checked(checked, options["json"])
                return
            if options["interactive"]:
                check_backup(folder, read_archive=False)
                word = _("yes")
                answer = input(
                    _("This replaces the database, the warehouse and the uploaded files. Type %(word)s to go on: ")
                    % {"word": word}
                )
                if answer.strip().lower() not in ("yes", word):
                    raise CommandError(_("Restore cancelled: nothing was changed."))
            say = (lambda message: None) if options["json"] else self.stderr.write
            done = restore_backup(folder, say=say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(done.as_dict(), indent=2))
            return
        self.stdout.write(_("Backup restored from %(folder)s.") % {"folder": folder.absolute()})
        if done.kept:
            self.stdout.write(
                _("What it replaced is kept (delete it when you no longer need it): %(kept)s")
                % {"kept": ", ".join(done.kept)}
            )
        if done.pending_migrations:
            self.stdout.write(
                ngettext(
                    "The backup is older than this version: run « tindus migrate » (%(n)s migration to apply).",
                    "The backup is older than this version: run « tindus migrate » (%(n)s migrations to apply).",
                    done.pending_migrations,
                )
                % {"n": done.pending_migrations}
            )

    def _checked(self, checked, as_json: bool) -> None:
        manifest = checked.manifest
        if as_json:
            self.stdout.write(json.dumps({"ok": True, "tindus_version": manifest.get("tindus_version"),
                                          "created_at": manifest.get("created_at"),
                                          "pending_migrations": checked.pending_migrations}, indent=2))  # fmt: skip
            return
        self.stdout.write(
            _("The backup of %(date)s (Tindus %(version)s) is complete and can be restored here.")
            % {"date": manifest.get("created_at", "?"), "version": manifest.get("tindus_version", "?")}
        )
