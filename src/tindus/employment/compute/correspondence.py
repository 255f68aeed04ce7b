"""Which BMO jobs a training serves: ROME → FAP 2021 links, official or confirmed by the team.

Two sources, the official one first:

- the DARES table « ROME-Qualif → FAP 2021 » (``Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme
  .csv``: ``;``-separated, Windows-1252, a ``ROME`` and a ``FAP341`` column among others), imported by a
  territory when it has it: :func:`read_official_table` maps each ROME code to the 228-level families
  of its 341-level ones;
- the links the team confirmed among :mod:`.matching`'s proposals (kept per territory by the Django side).

:func:`action_jobs` then gives an action's BMO jobs from its ROME codes, and from the ROME codes of its
RNCP certifications when the RNCP export is known (:mod:`.rncp`). ROME 4.0 and 3 codes share a pattern
but not their meanings: a link table is for one version, and codes of the other are not looked up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .csvfiles import rows
from .fap import Fap2021
from .offers import Codes
from .problems import DataError, gettext_noop

ROME = re.compile(r"[A-N]\d{4}")


def read_official_table(path: str | Path, fap2021: Fap2021, encoding: str = "cp1252") -> dict[str, tuple[str, ...]]:
    """ROME code → the FAP 2021 228-level families it belongs to, from the DARES table."""
    family_of = {child: family for family, children in fap2021.children.items() for child in children}
    found: dict[str, set[str]] = {}
    for line, row in rows(path, ("ROME", "FAP341"), delimiter=";", encoding=encoding):
        rome, detailed = row["ROME"].upper(), row["FAP341"]
        if not ROME.fullmatch(rome):
            raise DataError(path, gettext_noop("invalid ROME code %(value)r"), line=line, column="ROME", value=rome)
        if detailed not in family_of:
            raise DataError(
                path, gettext_noop("unknown FAP 2021 code %(value)r"), line=line, column="FAP341", value=detailed
            )
        found.setdefault(rome, set()).add(family_of[detailed])
    return {rome: tuple(sorted(families)) for rome, families in sorted(found.items())}


def merged_links(
    official: Mapping[str, Iterable[str]] | None = None, confirmed: Mapping[str, Iterable[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """ROME → BMO jobs: the official table where it has the ROME code, the team's confirmed links elsewhere."""
    links = {rome: tuple(sorted(set(jobs))) for rome, jobs in (confirmed or {}).items()}
    links.update({rome: tuple(sorted(set(jobs))) for rome, jobs in (official or {}).items()})
    return links


def action_jobs(
    codes: Codes,
    links: Mapping[str, Iterable[str]],
    *,
    version: str = "V4",
    rome_of_certification: Callable[[str], Iterable[str]] | None = None,
) -> tuple[str, ...]:
    """The BMO jobs an action serves, through its ROME codes of ``version`` (the links' version) and,
    when ``rome_of_certification`` is given (:meth:`.rncp.RncpExport.rome_of`), those of its RNCP/RS
    certifications."""
    romes = set(codes.rome) if codes.rome_version in ("", version) else set()
    if rome_of_certification is not None:
        for number in (*codes.rncp, *codes.rs):
            romes.update(rome_of_certification(number))
    return tuple(sorted({job for rome in romes for job in links.get(rome, ())}))
