"""``tindus backup DIR``: the app database, the current warehouse version and the uploaded files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.backups.service import BackupError, make_backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up this installation into a new folder: the app database (SQLite online backup, or pg_dump), the "
        "current warehouse version and the uploaded files, with a manifest of versions and checksums. The app may "
        "keep running."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", metavar="DIR", help=_("a new or empty folder for the backup"))
        parser.add_argument("--json", action="store_true", help=_("print the manifest as JSON"))

    def handle(self, *args, **options) -> None:
        folder = Path(options["folder"])
        say = (lambda message: None) if options["json"] else self.stderr.write
        try:
            manifest = make_backup(folder, say=say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(manifest, indent=2, ensure_ascii=False))
            return
        size = sum(entry["size"] for entry in manifest["files"])
        warehouse = manifest["warehouse"]
        held = _("warehouse version %(n)s") % {"n": warehouse["version"]} if warehouse else _("no warehouse")
        message = _("Backup written to %(folder)s (%(size)s MB): %(vendor)s database, %(warehouse)s, %(files)s files.")
        values = {
            "folder": folder.absolute(),
            "size": f"{size / 1e6:.1f}",
            "vendor": manifest["database"]["vendor"],
            "warehouse": held,
            "files": len(manifest["media"]["files"]),
        }
        self.stdout.write(message % values)
