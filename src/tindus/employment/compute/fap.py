"""Job families: FAP 2021 (the BMO jobs) and the DARES tension indicators, which are FAP 2009.

**FAP 2021** (``dares_nomenclature_fap2021.csv``): 341 detailed families, 228 families (the BMO jobs),
86 aggregated families and 22 domains; :class:`Fap2021` gives each level's labels and each 228-level
family's domain.

**Tension** (``tensions_2019_fap2009.csv``, DARES–Pôle emploi 2019): a synthetic index per **FAP 2009**
family (225 level), by nation, région and département, centred and reduced on 2014-2018, with a 1–5
class. FAP 2009 and FAP 2021 codes look alike (``A0Z40`` / ``A0X40``, and ``G0A40`` is in both) but the
families were redrawn in 2021: **the two are never joined on a code**. The only correspondence used is at
the level of the 22 *domains* (``data/fap_domains_2021_2009.csv``):

- the two shipped trees (``dares_nomenclature_fap2021.csv`` and ``Intitules_FAP2009.csv``) use the same 22
  domain letters with the same labels, except H (« Ingénieurs et cadres de l'industrie » became
  « Ingénieurs, cadres et agents des fonctions transverses de l'industrie ») and L (« Gestion,
  administration des entreprises » became « … des entreprises et des établissements publics »), whose
  scope widened: the relation column says ``same label`` or ``renamed``;
- so a BMO job gets the tension of its FAP 2021 domain's FAP 2009 counterpart, computed as the mean of
  the 225-level indices of that domain weighted by their average employment (``Emploi moyen``), over the
  families where both are published at the chosen place, and the share of that employment in families
  of class 4 or 5 (strong tension). It is a *domain* figure, not the job's own, and every result says so.

The 2019 file has no family of domains K (Artisanat), P (Administration publique…) and X (Politique,
religion): jobs there get no tension, with that reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .csvfiles import rows
from .problems import DataError, gettext_noop

DATA = Path(__file__).resolve().parent.parent / "data"
FAP2021_FILE = DATA / "dares_nomenclature_fap2021.csv.gz"
FAP2009_FILE = DATA / "Intitules_FAP2009.csv.gz"
TENSIONS_FILE = DATA / "tensions_2019_fap2009.csv.gz"
CORRESPONDENCE_FILE = DATA / "fap_domains_2021_2009.csv"
LEVELS = ("341", "228", "86", "22")
STRONG_CLASSES = (4.0, 5.0)
NO_CORRESPONDENCE = gettext_noop("no documented correspondence for this domain")
NO_TENSION = gettext_noop("no FAP 2009 tension published for this domain")
TENSION_NOTE = gettext_noop(
    "FAP 2009 tension indicator (DARES 2019) of the job's domain, through the documented FAP 2021 → FAP 2009 "
    "correspondence of the 22 domains; not the job's own figure"
)


@dataclass(frozen=True)
class Fap2021:
    labels: dict[str, dict[str, str]]  # level -> code -> label (trimmed)
    domain_of: dict[str, str]  # 228-level code -> domain letter
    children: dict[str, tuple[str, ...]]  # 228-level code -> its 341-level codes

    def domain(self, job: str) -> str:
        """The domain of a 228-level family; :class:`KeyError` for an unknown code."""
        return self.domain_of[job]

    def describe(self, job: str) -> str:
        """The family's label followed by its detailed families' labels (for text matching)."""
        parts = [self.labels["228"][job]]
        parts += [self.labels["341"][c] for c in self.children.get(job, ()) if self.labels["341"][c] != parts[0]]
        return " ; ".join(parts)


def read_fap2021(path: str | Path = FAP2021_FILE) -> Fap2021:
    columns = [f"{kind}_fap_{level}" for level in LEVELS for kind in ("code", "intitule")]
    labels: dict[str, dict[str, str]] = {level: {} for level in LEVELS}
    domain_of: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    for line, row in rows(path, columns):
        for level in LEVELS:
            code = row[f"code_fap_{level}"]
            if not code:
                raise DataError(path, gettext_noop("empty code"), line=line, column=f"code_fap_{level}")
            labels[level].setdefault(code, row[f"intitule_fap_{level}"])
        family, domain = row["code_fap_228"], row["code_fap_22"]
        if domain_of.setdefault(family, domain) != domain:
            raise DataError(
                path, gettext_noop("family %(value)s in two domains"), line=line, column="code_fap_22", value=family
            )
        children.setdefault(family, []).append(row["code_fap_341"])
    return Fap2021(labels, domain_of, {k: tuple(v) for k, v in children.items()})


@dataclass(frozen=True)
class Fap2009:
    domain_of: dict[str, str]  # 225-level and 87-level codes -> domain letter
    domain_labels: dict[str, str]


def read_fap2009(path: str | Path = FAP2009_FILE) -> Fap2009:
    names = ("Code FAP détaillées", "Code FAP agrégées", "Code domaines professionnels", "domaines professionnels")
    domain_of: dict[str, str] = {}
    labels: dict[str, str] = {}
    for _line, row in rows(path, names):
        domain = row["Code domaines professionnels"]
        domain_of[row["Code FAP détaillées"]] = domain
        domain_of[row["Code FAP agrégées"]] = domain
        labels[domain] = row["domaines professionnels"]
    return Fap2009(domain_of, labels)


@dataclass(frozen=True)
class DomainLink:
    domain_2021: str
    label_2021: str
    domain_2009: str
    label_2009: str
    relation: str  # "same label" or "renamed"


def read_correspondence(path: str | Path = CORRESPONDENCE_FILE) -> dict[str, DomainLink]:
    found = {}
    names = ("domain_2021", "label_2021", "domain_2009", "label_2009", "relation")
    for line, row in rows(path, names):
        if row["domain_2021"] in found:
            raise DataError(
                path, gettext_noop("domain %(value)s twice"), line=line, column="domain_2021", value=row["domain_2021"]
            )
        found[row["domain_2021"]] = DomainLink(*(row[n] for n in names))
    return found


@dataclass(frozen=True)
class TensionRow:
    family: str  # FAP 2009, 225 level
    employment: float | None
    index: float | None
    category: float | None
    place: tuple[str, str]  # ("nat", "") / ("reg", "27") / ("dep", "21")


def _number(value: str, path: Path | str, line: int, column: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise DataError(path, gettext_noop("not a number: %(value)r"), line=line, column=column, value=value) from None


def read_tensions(path: str | Path = TENSIONS_FILE, fap2009: Fap2009 | None = None) -> list[TensionRow]:
    """The 225-level rows of the DARES tension file; an unknown FAP 2009 code is refused with its line."""
    fap2009 = fap2009 or read_fap2009()
    found = []
    names = ("fap", "Emploi moyen", "Tension", "Catégorie Tension", "niveau_geo", "niveau_fap", "reg", "dep")
    for line, row in rows(path, names):
        if row["niveau_fap"] != "fap 225":
            continue
        family = row["fap"]
        if family not in fap2009.domain_of:
            raise DataError(
                path, gettext_noop("unknown FAP 2009 code %(value)r"), line=line, column="fap", value=family
            )
        level = row["niveau_geo"]
        code = {"nat": "", "reg": row["reg"].removesuffix(".0").zfill(2), "dep": row["dep"]}.get(level)
        if code is None:
            raise DataError(path, gettext_noop("unknown level %(value)r"), line=line, column="niveau_geo", value=level)
        found.append(
            TensionRow(
                family=family,
                employment=_number(row["Emploi moyen"], path, line, "Emploi moyen"),
                index=_number(row["Tension"], path, line, "Tension"),
                category=_number(row["Catégorie Tension"], path, line, "Catégorie Tension"),
                place=(level, code),
            )
        )
    return found


@dataclass(frozen=True)
class DomainTension:
    domain_2009: str
    place: tuple[str, str]
    index: float  # employment-weighted mean of the 225-level indices
    strong_share: float  # share of that employment in families of class 4 or 5
    families: int
    employment: float


def domain_tensions(
    tensions: Iterable[TensionRow], fap2009: Fap2009, place: tuple[str, str]
) -> dict[str, DomainTension]:
    """Each FAP 2009 domain's tension at one place (``("dep", "21")``, ``("reg", "27")``, ``("nat", "")``)."""
    sums: dict[str, list[float]] = {}
    for row in tensions:
        if row.place != place or row.index is None or not row.employment:
            continue
        domain = fap2009.domain_of[row.family]
        s = sums.setdefault(domain, [0.0, 0.0, 0.0, 0])
        s[0] += row.employment * row.index
        s[1] += row.employment
        s[2] += row.employment if row.category in STRONG_CLASSES else 0.0
        s[3] += 1
    return {
        d: DomainTension(d, place, weighted / weight, strong / weight, int(n), weight)
        for d, (weighted, weight, strong, n) in sorted(sums.items())
    }


@dataclass(frozen=True)
class JobTension:
    job: str
    domain_2021: str
    link: DomainLink | None
    tension: DomainTension | None  # None: no correspondence, or nothing published for the domain
    note: str  # what the figure is, or why there is none


def job_tensions(
    jobs: Iterable[str],
    fap2021: Fap2021,
    correspondence: Mapping[str, DomainLink],
    places: Sequence[Mapping[str, DomainTension]],
) -> dict[str, JobTension]:
    """The tension shown for each BMO job: its domain's, at the first place of ``places`` that has it
    (e.g. the département, then the région, then the nation). An unknown FAP 2021 code raises
    :class:`KeyError` naming it."""
    found = {}
    for job in jobs:
        if job not in fap2021.domain_of:
            raise KeyError(f"unknown FAP 2021 code {job!r}")
        domain = fap2021.domain_of[job]
        link = correspondence.get(domain)
        if link is None:
            found[job] = JobTension(job, domain, None, None, NO_CORRESPONDENCE)
            continue
        tension = next((p[link.domain_2009] for p in places if link.domain_2009 in p), None)
        note = TENSION_NOTE if tension else NO_TENSION
        found[job] = JobTension(job, domain, link, tension, note)
    return found
