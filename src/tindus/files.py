"""Small helpers about files shared by the reference loader, the warehouse and the generator."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.utils.translation import gettext as _


class FileProblemError(Exception):
    """A file cannot be used: ``path``, 1-based ``line`` (0 when not about one line), ``reason``."""

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        super().__init__(path, line, reason)
        self.path, self.line, self.reason = Path(path), line, reason

    def __str__(self) -> str:
        if self.line:
            return _("%(file)s, line %(line)d: %(reason)s") % {
                "file": self.path.name,
                "line": self.line,
                "reason": self.reason,
            }
        return _("%(file)s: %(reason)s") % {"file": self.path.name, "reason": self.reason}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()
