"""The one error of the employment readers: where (file, line, column or element) and why.

Messages are English templates with ``%(name)s`` parameters; :meth:`DataError.describe` takes the
Django layer's ``gettext`` so that the user reads them in French, while a notebook keeps the English
(the convention of :mod:`tindus.plan.compute.workbook`). Every reason is written inside
:func:`gettext_noop` so that ``make messages`` puts it in the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Marks an English message for the catalogue (``make messages`` extracts it); translated when shown."""
    return message


def untranslated(message: str) -> str:
    """The default translation: the English message itself."""
    return message


class DataError(ValueError):
    """A file (or one of its rows) that cannot be imported; nothing of it should be kept.

    ``line`` is 1-based (0: not about one line); ``column`` names a column header, ``element`` an XML
    element; ``reason`` is an English template filled with ``params``.
    """

    def __init__(
        self, file: str | Path, reason: str, *, line: int = 0, column: str = "", element: str = "", **params: object
    ) -> None:
        self.file = Path(file).name if file else ""
        self.line, self.column, self.element = line, column, element
        self.reason, self.params = reason, params
        super().__init__(self.describe())

    def explain(self, _: Translate = untranslated) -> str:
        """The reason alone, translated and filled in."""
        return _(self.reason) % self.params if self.params else _(self.reason)

    def describe(self, _: Translate = untranslated) -> str:
        """Where and why on one line: ``bmo.csv, line 12, column « met »: …``."""
        where = {"file": self.file or "?", "line": self.line, "column": self.column, "element": self.element}
        if self.line and self.column:
            place = _("%(file)s, line %(line)d, column « %(column)s »") % where
        elif self.line and self.element:
            place = _("%(file)s, line %(line)d, element <%(element)s>") % where
        elif self.line:
            place = _("%(file)s, line %(line)d") % where
        else:
            place = _("%(file)s") % where
        return f"{place}: {self.explain(_)}"
