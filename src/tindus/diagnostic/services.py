"""Django-side glue: turn a territory or an EPCI into a diagnostic zone and build its report."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tindus.referentials.models import Epci, NafAggregate, NafItem
from tindus.territories.models import Groupement, Territory
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.services import get_warehouse

from . import report
from .report import Zone


def naf_labels() -> dict[tuple[str, str], str]:
    """Labels of NAF sous-classes and aggregates (upper-case INSEE labels turned into sentence case)."""
    labels = {
        (a.level, a.code): a.label.capitalize() if a.label.isupper() else a.label for a in NafAggregate.objects.all()
    }
    for code, label in NafItem.objects.filter(level=NafItem.Level.SUBCLASS).values_list("code", "label"):
        labels[("naf", code)] = label
    for code, label in NafItem.objects.filter(level=NafItem.Level.SECTION).values_list("code", "label"):
        labels[("section", code)] = label.capitalize()
    return labels


def _current_codes(con, codes: list[str]) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT current_code FROM ref_commune WHERE code IN (SELECT unnest(?::VARCHAR[]))", [codes]
    ).fetchall()
    return sorted(r[0] for r in rows)


def territory_zone(con, territory: Territory) -> Zone:
    codes = list(territory.communes.values_list("code", flat=True))
    epcis = list(territory.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", "name"))
    return Zone(
        name=territory.name, communes=_current_codes(con, codes), regions=[r.code for r in territory.regions()],
        wave=territory.wave, official_id=territory.official_id, epcis=epcis,
    )  # fmt: skip


def epci_zone(con, siren: str) -> Zone:
    epci = Epci.objects.filter(siren=siren).order_by("-vintage").first()
    if epci is None:
        raise LookupError(_("No EPCI with SIREN %(siren)s.") % {"siren": siren})
    codes = list(epci.communes.values_list("code", flat=True))
    regions = sorted({c.region.code for c in epci.communes.select_related("region")})
    return Zone(name=epci.name, communes=_current_codes(con, codes), regions=regions, kind="epci",
                epcis=[(epci.siren, epci.name)])  # fmt: skip


def build_report(*, territory: Territory | None = None, epci: str | None = None, scope: str = "industry",
                 start: int | None = None, end: int | None = None) -> dict:  # fmt: skip
    warehouse = get_warehouse()
    try:
        con = warehouse.connect(read_only=True)
    except Exception as error:  # noqa: BLE001 - missing file or an import holding the lock
        raise WarehouseUnavailableError(str(error)) from None
    try:
        zone = territory_zone(con, territory) if territory is not None else epci_zone(con, epci)
        return report.build(con, zone, scope=scope, start=start, end=end, naf_labels=naf_labels())
    finally:
        con.close()
