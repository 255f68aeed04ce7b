"""Training offers in LHÉO XML (« Langage Harmonisé d'Échange d'informations sur l'Offre de formation »).

The Carif-Oref network serves offers in LHÉO 2.2 (namespace ``http://www.lheo.org/2.2``) or 2.3
(``http://lheo.gouv.fr/2.3``, the current version). The reader:

1. parses the file without resolving entities nor touching the network, and refuses a document type
   declaration (LHÉO needs none) or a malformed file, with its line;
2. detects the version from the root element's namespace (anything else is refused), and moves every
   element to the 2.3 namespace: 2.2 documents are valid 2.3 ones in practice, so one schema serves;
3. validates against the 2.3 XSD (``data/lheo-2.3.xsd.gz``) and refuses the file at the first error,
   naming its line and element;
4. extracts organisations (``organisme-formation-responsable``), actions and sessions (see
   :mod:`.offers`). The place of a session is its action's first ``lieu-de-formation``, else its
   registration address: commune code and coordinates (WGS84). Dates are ``AAAAMMJJ``; ``00000000``
   (unknown start) and ``99999999`` (unknown end) give ``None``, ``AAAAMM00`` the month's first (start)
   or last (end) day. Capacity: ``cycle/capacite-simultanee``, else ``capacite-cumulee``, else the sum of
   ``recrutement/nb-places``; absent, it is unknown (``None``). Modality: ``apprenticeship`` when the
   Carif extra ``dispositif/contrat-apprentissage`` is 1 or a ``cycle`` is an apprenticeship one,
   ``distance`` when ``modalites-enseignement`` is 2, else ``presential`` (1, « mixte », is flagged
   ``blended``). Codes: the formation's ``code-ROME`` (with its ``ref`` version, V3 by default),
   ``code-FORMACODE``, ``certification/code-RNCP`` and ``code-RS``.

A session ending before it starts, a capacity of zero, impossible coordinates or dates, or (when a
list is given) an unknown ROME code refuse the whole file, naming the line and element.

Real Carif-Oref files carry the names, phone numbers and e-mail addresses of training contacts: the
reader keeps none of them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .offers import Action, Codes, Offers, Organisation, Session, check_coordinates, session_problem
from .problems import DataError, gettext_noop

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "lheo-2.3.xsd.gz"
NS23 = "http://lheo.gouv.fr/2.3"
NAMESPACES = {"http://www.lheo.org/2.2": "LHÉO 2.2", NS23: "LHÉO 2.3"}
N = {"l": NS23}
ROME = re.compile(r"[A-N]\d{4}")
RNCP = re.compile(r"(?:RNCP)?(\d{1,8})")
RS = re.compile(r"(?:RS)?(\d{1,8})")
ELEMENT_IN_MESSAGE = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


@lru_cache(maxsize=4)
def schema(path: str | Path = SCHEMA_FILE) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_lheo(
    source: str | Path | bytes,
    *,
    name: str = "",
    known_rome: Mapping[str, Collection[str]] | None = None,
) -> Offers:
    """Read, validate and extract a LHÉO file (a path, or its bytes with ``name`` for messages).

    ``known_rome`` ({"V3": codes, "V4": codes}) refuses a ROME code absent from the list of its version.
    """
    label = name or (Path(source).name if isinstance(source, (str, Path)) else "LHÉO")
    try:
        if isinstance(source, bytes):
            root = etree.fromstring(source, _parser())
        else:
            root = etree.parse(str(source), _parser()).getroot()
    except etree.XMLSyntaxError as error:
        raise DataError(
            label, gettext_noop("not well-formed XML (%(detail)s)"), line=error.lineno or 0, detail=error.msg
        ) from None
    except OSError as error:
        raise DataError(label, gettext_noop("unreadable file (%(error)s)"), error=str(error)) from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise DataError(label, gettext_noop("a document type declaration (DOCTYPE) is not accepted"), line=1)
    qname = etree.QName(root)
    version = NAMESPACES.get(qname.namespace or "")
    if qname.localname != "lheo" or version is None:
        raise DataError(
            label,
            gettext_noop("not a LHÉO 2.2 or 2.3 document (root element %(root)s, namespace %(namespace)s)"),
            line=root.sourceline or 0,
            root=qname.localname,
            namespace=qname.namespace or "-",
        )
    for element in root.iter(etree.Element):
        element.tag = f"{{{NS23}}}{etree.QName(element).localname}"
    etree.cleanup_namespaces(root)
    checker = schema()
    try:
        valid = checker.validate(root)
    except etree.XMLSchemaValidateError as error:
        reason = gettext_noop("cannot be checked against the LHÉO 2.3 schema (%(detail)s)")
        raise DataError(label, reason, detail=str(error)) from None
    if not valid:
        error = checker.error_log[0]
        found = ELEMENT_IN_MESSAGE.search(error.message)
        detail = re.sub(r"\{[^}]*\}", "", error.message)
        raise DataError(
            label,
            gettext_noop("does not follow the LHÉO 2.3 schema (%(detail)s)"),
            line=error.line,
            element=found.group(1) if found else "lheo",
            detail=detail,
        )
    return _Extractor(label, version, known_rome).offers(root)


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _first(element: etree._Element, path: str) -> etree._Element | None:
    found = element.find(path, N)
    return found


class _Extractor:
    def __init__(self, label: str, version: str, known_rome: Mapping[str, Collection[str]] | None) -> None:
        self.label, self.version, self.known_rome = label, version, known_rome

    def fail(self, element: etree._Element, reason: str, **params: object) -> DataError:
        return DataError(
            self.label, reason, line=element.sourceline or 0, element=etree.QName(element).localname, **params
        )

    def offers(self, root: etree._Element) -> Offers:
        organisations: dict[str, Organisation] = {}
        actions, sessions = [], []
        for formation in root.iterfind("l:offres/l:formation", N):
            organisation = self.organisation(formation)
            organisations.setdefault(organisation.key, organisation)
            codes = self.codes(formation)
            title = _text(_first(formation, "l:intitule-formation"))
            for index, action_element in enumerate(formation.iterfind("l:action", N), start=1):
                key = action_element.get("numero") or f"{formation.get('numero', '')}-{index}"
                modality, blended = self.modality(action_element)
                actions.append(
                    Action(key, title, organisation.key, codes, modality, blended, action_element.sourceline or 0)
                )
                place = self.place(_first(action_element, "l:lieu-de-formation/l:coordonnees/l:adresse"))
                for position, session_element in enumerate(action_element.iterfind("l:session", N), start=1):
                    sessions.append(self.session(session_element, f"{key}-{position}", key, modality, place))
        return Offers(self.label, self.version, tuple(organisations.values()), tuple(actions), tuple(sessions))

    def organisation(self, formation: etree._Element) -> Organisation:
        element = _first(formation, "l:organisme-formation-responsable")
        assert element is not None  # mandatory in the schema
        siret = _text(_first(element, "l:SIRET-organisme-formation/l:SIRET"))
        name = _text(_first(element, "l:raison-sociale")) or _text(_first(element, "l:nom-organisme"))
        key = siret or element.get("numero") or name
        return Organisation(key, name, siret, element.sourceline or 0)

    def codes(self, formation: etree._Element) -> Codes:
        rome, versions = [], set()
        for element in formation.iterfind("l:domaine-formation/l:code-ROME", N):
            code, version = _text(element), (element.get("ref") or "V3").upper()
            if not ROME.fullmatch(code):
                raise self.fail(element, gettext_noop("invalid ROME code %(value)r"), value=code)
            known = self.known_rome.get(version) if self.known_rome is not None else None
            if known is not None and code not in known:
                raise self.fail(
                    element, gettext_noop("unknown ROME %(version)s code %(value)r"), version=version, value=code
                )
            rome.append(code)
            versions.add(version)
        if len(versions) > 1:
            raise self.fail(formation, gettext_noop("ROME codes of two versions in one formation"))
        formacode = [_text(e) for e in formation.iterfind("l:domaine-formation/l:code-FORMACODE", N)]
        rncp = [self.certification(e, RNCP, "RNCP") for e in formation.iterfind("l:certification/l:code-RNCP", N)]
        rs = [self.certification(e, RS, "RS") for e in formation.iterfind("l:certification/l:code-RS", N)]
        return Codes(tuple(rome), versions.pop() if versions else "", tuple(formacode), tuple(rncp), tuple(rs))

    def certification(self, element: etree._Element, pattern: re.Pattern[str], prefix: str) -> str:
        match = pattern.fullmatch(_text(element))
        if not match:
            raise self.fail(element, gettext_noop("invalid %(kind)s code %(value)r"), kind=prefix, value=_text(element))
        return f"{prefix}{int(match.group(1))}"

    def modality(self, action: etree._Element) -> tuple[str, bool]:
        teaching = _text(_first(action, "l:modalites-enseignement"))
        apprenticeship = any(
            _text(e) == "1" for e in action.iterfind("l:extras/l:extra[@info='contrat-apprentissage']", N)
        ) or any(_text(e) == "1" for e in action.iterfind("l:session/l:cycle/l:type-cycle", N))
        if apprenticeship:
            return "apprenticeship", teaching == "1"
        if teaching == "2":
            return "distance", False
        return "presential", teaching == "1"

    def place(self, address: etree._Element | None) -> tuple[str, float | None, float | None]:
        if address is None:
            return "", None, None
        commune = _text(_first(address, "l:code-INSEE-commune"))
        commune = "" if commune.strip("0") == "" else commune
        latitude = self.number(_first(address, "l:geolocalisation/l:latitude"))
        longitude = self.number(_first(address, "l:geolocalisation/l:longitude"))
        try:
            latitude, longitude = check_coordinates(latitude, longitude)
        except ValueError:
            raise self.fail(
                address, gettext_noop("impossible coordinates %(lat)s, %(lon)s"), lat=str(latitude), lon=str(longitude)
            ) from None
        return commune, latitude, longitude

    def number(self, element: etree._Element | None) -> float | None:
        if element is None or not _text(element):
            return None
        try:
            return float(_text(element).replace(",", "."))
        except ValueError:
            raise self.fail(element, gettext_noop("not a number: %(value)r"), value=_text(element)) from None

    def date(self, element: etree._Element | None, end: bool) -> dt.date | None:
        text = _text(element)
        if element is None or text in ("00000000", "99999999"):
            return None
        try:
            year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
            if day == 0:
                day = calendar.monthrange(year, month)[1] if end else 1
            return dt.date(year, month, day)
        except ValueError:
            raise self.fail(element, gettext_noop("not a date: %(value)r"), value=text) from None

    def capacity(self, session: etree._Element) -> int | None:
        for path in ("l:cycle/l:capacite-simultanee", "l:cycle/l:capacite-cumulee"):
            element = _first(session, path)
            if element is not None:
                return int(_text(element))
        places = [int(_text(e)) for e in session.iterfind("l:recrutement/l:nb-places", N)]
        return sum(places) if places else None

    def session(
        self,
        element: etree._Element,
        fallback_key: str,
        action: str,
        modality: str,
        place: tuple[str, float | None, float | None],
    ) -> Session:
        start_element = _first(element, "l:periode/l:debut")
        end_element = _first(element, "l:periode/l:fin")
        if not place[0] and place[1] is None:
            place = self.place(_first(element, "l:adresse-inscription/l:adresse"))
        session = Session(
            key=element.get("numero") or fallback_key,
            action=action,
            start=self.date(start_element, end=False),
            end=self.date(end_element, end=True),
            commune=place[0],
            latitude=place[1],
            longitude=place[2],
            capacity=self.capacity(element),
            modality=modality,
            line=element.sourceline or 0,
        )
        problem = session_problem(session)
        if problem:
            field, reason, params = problem
            at = end_element if field == "end" else self.capacity_element(element)
            raise self.fail(at if at is not None else element, reason, **params)
        return session

    def capacity_element(self, session: etree._Element) -> etree._Element | None:
        for path in ("l:cycle/l:capacite-simultanee", "l:cycle/l:capacite-cumulee", "l:recrutement/l:nb-places"):
            found = _first(session, path)
            if found is not None:
                return found
        return None
