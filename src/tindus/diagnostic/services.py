"""Django-side glue: turn a territory or an EPCI into a diagnostic zone and build its report."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tindus.referentials.models import Epci, NafAggregate, NafItem, Region
from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.services import get_warehouse, warehouse_path

from . import data, report
from .protected import ProtectedTables
from .report import Zone

# A lone « D » or « L » before a vowel in INSEE's upper-case labels lost its apostrophe (« FABRICATION D
# ÉQUIPEMENTS »): French has no such word, so it is always an elision.
ELISION = re.compile(r"\b([dl]) (?=[aeiouyhàâéèêëîïôöûü])")


def sentence_case(label: str) -> str:
    """An upper-case INSEE label in sentence case, its elisions restored: « Fabrication d'équipements… »."""
    if not label.isupper():
        return label
    return ELISION.sub(r"\1'", label.capitalize())


def naf_labels() -> dict[tuple[str, str], str]:
    """Labels of NAF sous-classes and aggregates (upper-case INSEE labels turned into sentence case)."""
    labels = {(a.level, a.code): sentence_case(a.label) for a in NafAggregate.objects.all()}
    for code, label in NafItem.objects.filter(level=NafItem.Level.SUBCLASS).values_list("code", "label"):
        labels[("naf", code)] = label
    for code, label in NafItem.objects.filter(level=NafItem.Level.SECTION).values_list("code", "label"):
        labels[("section", code)] = sentence_case(label)
    return labels


def epci_names(sirens) -> dict[str, str]:
    """Names of EPCI, from the warehouse's COG vintage where it has them."""
    names: dict[str, str] = {}
    for siren, name in Epci.objects.filter(siren__in=list(sirens)).order_by("vintage").values_list("siren", "name"):
        names[siren] = name  # the newest vintage last, so it wins
    return names


def _zone(con, name: str, listed: list[str], listed_vintage: int | None, **kind) -> Zone:
    communes = data.current_codes(con, listed)
    places = data.commune_places(con, communes)
    sirens = sorted({p[2] for p in places if p[2]})
    names = epci_names(sirens)
    return Zone(name=name, communes=communes, regions=sorted({p[4] for p in places}),
                epcis=[(s, names.get(s, s)) for s in sirens], listed=listed, listed_vintage=listed_vintage,
                **kind)  # fmt: skip


def territory_zone(con, territory: Territory) -> Zone:
    listed = list(territory.communes.values_list("code", flat=True))
    vintage = territory.communes.values_list("vintage", flat=True).first()
    if territory.kind == Territory.Kind.OFFICIAL:
        return _zone(con, territory.name, listed, vintage, kind="territory", wave=territory.wave,
                     official_id=territory.official_id)  # fmt: skip
    return _zone(con, territory.name, listed, vintage, kind="custom")


def epci_zone(con, siren: str) -> Zone:
    epci = Epci.objects.filter(siren=siren).order_by("-vintage").first()
    if epci is None:
        raise LookupError(_("No EPCI with SIREN %(siren)s.") % {"siren": siren})
    listed = list(epci.communes.values_list("code", flat=True))
    zone = _zone(con, epci.name, listed, epci.vintage, kind="epci")
    zone.epcis = [(siren, epci.name)]
    return zone


def protected_tables(con) -> ProtectedTables:
    """The protected tables of the warehouse's current state, cached beside it."""
    return ProtectedTables(con, warehouse_path().parent / "secrecy")


# A report is a function of the warehouse version it reads (a file never written again: an import publishes a
# new one), of the zone's communes, the period and the language. Each process keeps the last ones it built, so
# that a page many people read costs one computation per process and version (about 0.5 s), not one per view.
# The cached dicts are shared: callers read them and never change them.
REPORT_CACHE_SIZE = 32
_reports: OrderedDict[tuple, dict] = OrderedDict()
_reports_lock = threading.Lock()


def _report_key(version: object, territory: Territory | None, epci: str | None, period: tuple) -> tuple:
    if territory is not None:
        communes = tuple(territory.communes.order_by("pk").values_list("pk", flat=True))
        zone = ("territory", territory.pk, hash(communes))
    else:
        zone = ("epci", epci)
    return (str(getattr(version, "path", "")), zone, period, get_language())


def build_report(*, territory: Territory | None = None, epci: str | None = None, scope: str = "industry",
                 start: int | None = None, end: int | None = None, base: str = "total") -> dict:  # fmt: skip
    warehouse = get_warehouse()
    try:
        version = warehouse.version()  # the one this request reads (the connection below opens it)
    except Exception:  # noqa: BLE001 - the connection below says what is wrong
        version = None
    key = _report_key(version, territory, epci, (scope, start, end, base)) if version is not None else None
    with _reports_lock:
        if key in _reports:
            _reports.move_to_end(key)
            return _reports[key]
    try:
        con = warehouse.connect(read_only=True)
    except Exception as error:  # noqa: BLE001 - missing file or an import holding the lock
        raise WarehouseUnavailableError(str(error)) from None
    try:
        zone = territory_zone(con, territory) if territory is not None else epci_zone(con, epci)
        names = {"regions": dict(Region.objects.values_list("code", "name"))}
        built = report.build(con, zone, protected_tables(con), scope=scope, start=start, end=end, base=base,
                             naf_labels=naf_labels(), names=names)  # fmt: skip
    finally:
        con.close()
    if key is not None:
        with _reports_lock:
            _reports[key] = built
            while len(_reports) > REPORT_CACHE_SIZE:
                _reports.popitem(last=False)
    return built


def warehouse_state() -> str:
    """A fingerprint of what the warehouse holds now (its imports and reference tables): a file made from
    the diagnostic of one state is the same for every reader of that state."""
    try:
        con = get_warehouse().connect(read_only=True)
    except Exception as error:  # noqa: BLE001 - missing file or an import holding the lock
        raise WarehouseUnavailableError(str(error)) from None
    try:
        return data.state(con)
    except Exception as error:  # noqa: BLE001 - a warehouse without its tables yet
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()


def not_covered_message(error: report.ZoneNotCoveredError) -> str:
    """What to import so that the warehouse covers the zone."""
    missing = ",".join(error.missing)
    return _(
        "The warehouse does not hold the départements %(missing)s of this zone (it holds %(covered)s): "
        "import them with 'tindus data fetch sirene --departements %(missing)s --import' and "
        "'tindus data fetch urssaf --departements %(missing)s --import'."
    ) % {"missing": missing, "covered": ", ".join(error.covered) or "—"}
