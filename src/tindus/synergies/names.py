"""What a company is called on the synergies pages: its name, never a bare SIRET.

A SIRENE establishment often has no name of its own (no sign, no usual name): it then goes by the name of
its company (the legal unit). An establishment whose diffusion INSEE restricts is never named; it is
described by its commune instead. Names written in a declaration come first, since the company or the team
chose them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import duckdb
from django.utils.translation import gettext as _

from tindus.referentials.models import NafItem
from tindus.territories.models import Territory
from tindus.warehouse.services import get_warehouse
from tindus.warehouse.version_cache import cached_by_version


@dataclass(frozen=True)
class Record:
    """What the warehouse says of an establishment, as far as it may be shown."""

    siret: str
    name: str  # its own name, else its company's; empty when not disclosed or unknown
    public: bool
    commune_name: str
    naf: str


def warehouse_records(sirets: Iterable[str]) -> dict[str, Record]:
    """The warehouse's records of these SIRETs (empty when the warehouse is not built yet)."""
    wanted = sorted({s for s in sirets if s and s.isdigit()})
    if not wanted:
        return {}
    # A copy: callers add to the answer, the cached one stays as read.
    return dict(cached_by_version("synergies.names", tuple(wanted), lambda: _read_records(wanted)))


def _read_records(wanted: list[str]) -> dict[str, Record]:
    try:
        con = get_warehouse().connect(read_only=True)
    except (FileNotFoundError, duckdb.IOException):
        return {}
    try:
        rows = con.execute(
            "SELECT e.siret, e.siren, coalesce(e.public, true), coalesce(trim(e.name), ''), "
            "coalesce(c.name, ''), coalesce(e.naf, '') FROM establishment e "
            "LEFT JOIN ref_commune c ON c.code = e.commune WHERE e.siret IN (SELECT unnest(?::VARCHAR[]))",
            [wanted],
        ).fetchall()
        unnamed = sorted({siren for _s, siren, public, name, _c, _n in rows if public and not name and siren})
        companies = dict(
            con.execute(
                "SELECT siren, any_value(name) FROM legal_unit WHERE siren IN (SELECT unnest(?::VARCHAR[])) "
                "AND coalesce(name, '') <> '' GROUP BY siren",
                [unnamed],
            ).fetchall()
        ) if unnamed else {}  # fmt: skip
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return {
        siret: Record(siret, (name or companies.get(siren, "")) if public else "", public, commune, naf)
        for siret, siren, public, name, commune, naf in rows
    }


def is_bare_siret(name: str, siret: str = "") -> bool:
    """A « name » that is only a SIRET (or empty): what older follow-ups stored for unnamed establishments."""
    compact = (name or "").replace(" ", "")
    return not compact or compact == siret or (compact.isdigit() and len(compact) in (9, 14))


def label_of(record: Record | None, known_name: str = "") -> str:
    """The name to show: a name already known, else the warehouse's, else a description without the SIRET."""
    if known_name and not is_bare_siret(known_name):
        return known_name
    if record is None:
        return _("Establishment not found in SIRENE")
    if record.name:
        return record.name
    if not record.public:
        return _("Establishment not disclosed by INSEE (%(commune)s)") % {"commune": record.commune_name or "?"}
    return _("Unnamed establishment (%(commune)s)") % {"commune": record.commune_name or "?"}


@dataclass(frozen=True)
class Shown:
    """A company as the synergies pages show it."""

    label: str
    commune: str = ""
    naf: str = ""


def company_details(
    territory: Territory, companies: Iterable[Mapping[str, str]], *, places: bool = False
) -> dict[str, Shown]:
    """SIRET → how to show it, for the companies of opportunities (``{"siret", "name", …}`` mappings).

    The warehouse is asked only for companies without a known name, unless ``places`` asks for every
    company's commune and activity too.
    """
    rows = list(companies)
    sirets = {c["siret"] for c in rows}
    declared = dict(
        territory.synergy_declarations.filter(siret__in=sirets).values_list("siret", "company_name").order_by("pk")
    )
    given = {c["siret"]: c.get("name", "") for c in rows}
    known = {s: n for s, n in {**given, **declared}.items() if not is_bare_siret(n, s)}
    records = warehouse_records(sirets if places else sirets - set(known))
    labels = {siret: label_of(records.get(siret), known.get(siret, "")) for siret in sirets}
    counts = Counter(labels.values())
    twins = {s for s in sirets if counts[labels[s]] > 1}
    records.update(warehouse_records(twins - set(records)))
    shown = {}
    for siret in sirets:
        record = records.get(siret)
        commune, naf = (record.commune_name, record.naf) if record else ("", "")
        shown[siret] = Shown(labels[siret], commune, naf)
    return _told_apart(shown, twins)


def _told_apart(shown: dict[str, Shown], twins: set[str]) -> dict[str, Shown]:
    """Establishments of the same name (a company's sites) told apart by their commune, then their SIRET."""
    with_commune = {s: replace(shown[s], label=f"{shown[s].label} ({shown[s].commune})") if shown[s].commune
                    and shown[s].commune not in shown[s].label else shown[s] for s in twins}  # fmt: skip
    counts = Counter(item.label for item in with_commune.values())
    for siret, item in with_commune.items():
        if counts[item.label] > 1:
            item = replace(item, label=f"{item.label} · SIRET {siret}")
        shown[siret] = item
    return shown


def company_names(territory: Territory, companies: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """SIRET → name to show, for the companies of opportunities."""
    return {siret: shown.label for siret, shown in company_details(territory, companies).items()}


def company_choice(record: Record | None, siret: str) -> str:
    """How a company is offered in a selector: its name, its commune and its SIRET."""
    where = [record.commune_name] if record and record.name and record.commune_name else []
    return " · ".join([label_of(record), *where, _("SIRET %(siret)s") % {"siret": siret}])


def naf_labels(codes: Iterable[str]) -> dict[str, str]:
    """NAF sous-classe code → its label (« 25.62A » → « Usinage »)."""
    wanted = {c for c in codes if c}
    rows = NafItem.objects.filter(level=NafItem.Level.SUBCLASS, code__in=wanted).values_list("code", "label")
    return dict(rows)
