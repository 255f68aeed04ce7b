"""Every project the steering may see across the territories of a région or of the nation.

The sharing rule (docs/programme/projects-and-themes.md): a public project is always listed; a private one
only when its territory shares its plan in detail. A project's funding (its amount and its funders) is shown
only when its territory shares its funding in detail, else « non partagé »: a filter on funders or amounts
never finds a project whose funding is not shared (it would tell what the territory kept). Funders are the
canonical ones of the referential (:mod:`.financeurs`); the spellings merged are listed on the page.

The porteur's sector comes from the warehouse: the NAF code of the porteur's SIRET, as the project's page
reads it, grouped by NAF section and division; « secteur inconnu » without a SIRET or a match.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from tindus.plan.models import Funding, Project
from tindus.referentials.models import NafItem
from tindus.synergies.places import establishments, sirene_provenance
from tindus.warehouse.queries import Provenance

from .compute.financeurs import Entry
from .compute.words import words
from .financeurs import referential
from .models import Level, Theme
from .scope import Followed
from .summary import sharing_levels
from .themes import project_themes

UNKNOWN_SECTOR = "inconnu"
PROJECT_FIELDS = ("title", "porteur_name", "porteur_siret", "public_summary", "status", "is_public", "updated_at",
                  "territory__slug", "territory__name", "territory__is_demo")  # fmt: skip
NO_THEME = "sans"


@dataclass(frozen=True)
class Sector:
    section: str  # NAF section letter
    division: str  # two digits
    label: str  # the division's label


@dataclass
class ProjectRow:
    project: Project
    territory: Followed
    theme: Theme | None
    sector: Sector | None
    communes: list[tuple[str, str]]  # (INSEE code, name)
    funding_shared: bool
    amount: Decimal | None = None  # total of its funding; None when not shared
    financeurs: list[Entry] = field(default_factory=list)  # canonical funders (organisations), when shared
    searchable: str = ""

    @property
    def synthetic(self) -> bool:
        return self.project.territory.is_demo

    @property
    def financeur_names(self) -> str:
        return ", ".join(str(e.name) for e in self.financeurs)


@dataclass
class Listing:
    """The projects visible to the steering, and what the page says about the rest."""

    rows: list[ProjectRow]
    merged: dict[Entry, list[str]]  # canonical funder → the spellings gathered under it (shared funding only)
    hidden_private: int  # private projects of territories sharing aggregated figures (counted, not listed)
    not_shared: list[Followed]  # territories sharing nothing of their plan: private projects « non partagé »
    sections: dict[str, str]  # NAF section letter → label
    updated: object | None  # the latest change of a listed project (a datetime)
    sirene: Provenance | None

    @property
    def without_theme(self) -> int:
        return sum(1 for row in self.rows if row.theme is None)

    @property
    def synthetic_territories(self) -> list[str]:
        return sorted({row.territory.label for row in self.rows if row.synthetic})


def shared_projects(followed: list[Followed]) -> Listing:
    """The projects of these territories the steering may see, their funding as shared (a fixed number of
    queries, plus one warehouse read)."""
    by_id = {f.territory.pk: f for f in followed}
    levels = sharing_levels(list(by_id))
    plan_detailed = {pk for pk, level in levels.items() if level["plan"] == Level.DETAILED}
    funding_detailed = {pk for pk, level in levels.items() if level["funding"] == Level.DETAILED}
    visible = Q(is_public=True) | Q(territory_id__in=plan_detailed)
    projects = list(
        Project.objects.filter(visible, territory_id__in=list(by_id))
        .select_related("territory")
        .only(*PROJECT_FIELDS)
        .order_by("territory__name", "title", "pk")
    )
    aggregated = [pk for pk, level in levels.items() if level["plan"] == Level.AGGREGATED]
    hidden_private = Project.objects.filter(territory_id__in=aggregated, is_public=False).count()
    not_shared = [by_id[pk] for pk, level in levels.items() if level["plan"] == Level.NOTHING]

    # Read by territory, not by a list of thousands of project ids.
    of_visible = Q(project__is_public=True) | Q(project__territory_id__in=plan_detailed)
    communes: dict[int, list[tuple[str, str]]] = {}
    for project_id, code, name in (
        Project.communes.through.objects.filter(of_visible, project__territory_id__in=list(by_id))
        .values_list("project_id", "commune__code", "commune__name")
        .order_by("commune__name")
    ):
        communes.setdefault(project_id, []).append((code, name))
    fundings: dict[int, list[tuple[str, str, Decimal]]] = {}
    for project_id, kind, detail, amount in Funding.objects.filter(
        of_visible, project__territory_id__in=funding_detailed
    ).values_list("project_id", "financeur", "financeur_detail", "amount"):
        fundings.setdefault(project_id, []).append((kind, detail, amount))
    ref = referential()

    themes = project_themes(projects)
    sectors, section_labels = _sectors([p.porteur_siret for p in projects if p.porteur_siret])
    rows: list[ProjectRow] = []
    for project in projects:
        shared = project.territory_id in funding_detailed
        row = ProjectRow(
            project=project,
            territory=by_id[project.territory_id],
            theme=themes.get(project.pk),
            sector=sectors.get(project.porteur_siret),
            communes=communes.get(project.pk, []),
            funding_shared=shared,
            searchable=" ".join(words(" ".join((project.title, project.porteur_name, project.public_summary)))),
        )
        if shared:
            found = fundings.get(project.pk, [])
            row.amount = sum((amount for _k, _d, amount in found), Decimal(0))
            entries = {ref.match(kind, detail).organisation for kind, detail, _a in found}
            row.financeurs = sorted(entries, key=lambda e: str(e.name).casefold())
        rows.append(row)
    merged = ref.merged((kind, detail) for found in fundings.values() for kind, detail, _a in found)
    updated = max((p.updated_at for p in projects), default=None)
    return Listing(rows, merged, hidden_private, not_shared, section_labels, updated, sirene_provenance())


def _sectors(sirets: list[str]) -> tuple[dict[str, Sector], dict[str, str]]:
    """SIRET → the porteur's sector (its NAF division and section), and the sections' labels."""
    found = establishments(sirets)
    divisions = {e.naf[:2] for e in found.values() if len(e.naf) >= 2}
    rows = NafItem.objects.filter(level=NafItem.Level.DIVISION, code__in=divisions).values_list(
        "code", "label", "parent_code"
    )
    by_division = {code: (label, section) for code, label, section in rows}
    sections = dict(
        NafItem.objects.filter(level=NafItem.Level.SECTION, code__in={s for _l, s in by_division.values()}).values_list(
            "code", "label"
        )
    )
    sectors = {}
    for siret, establishment in found.items():
        division = establishment.naf[:2]
        if division in by_division:
            label, section = by_division[division]
            sectors[siret] = Sector(section, division, label)
    return sectors, {code: label[:1].upper() + label[1:] for code, label in sections.items()}


# --- filters -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The filters asked (empty values: no filter)."""

    text: str = ""
    theme: str = ""  # a Theme value, or NO_THEME
    status: str = ""
    financeur: str = ""  # a canonical key
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    sector: str = ""  # a NAF section letter, a division (two digits), or UNKNOWN_SECTOR
    commune: str = ""  # INSEE code
    territory: int | None = None


def matches(row: ProjectRow, filters: Filters) -> bool:
    """Does the row pass every filter? Funders and amounts only match shared funding."""
    if filters.text and not all(w in row.searchable for w in words(filters.text)):
        return False
    if filters.theme and (row.theme or NO_THEME) != filters.theme:
        return False
    if filters.status and row.project.status != filters.status:
        return False
    if filters.financeur and not any(e.key == filters.financeur for e in row.financeurs):
        return False
    if filters.amount_min is not None and (row.amount is None or row.amount < filters.amount_min):
        return False
    if filters.amount_max is not None and (row.amount is None or row.amount > filters.amount_max):
        return False
    if filters.sector and not _in_sector(row.sector, filters.sector):
        return False
    if filters.commune and filters.commune not in {code for code, _n in row.communes}:
        return False
    return not (filters.territory and row.territory.territory.pk != filters.territory)


def _in_sector(sector: Sector | None, wanted: str) -> bool:
    if wanted == UNKNOWN_SECTOR:
        return sector is None
    return sector is not None and wanted in (sector.section, sector.division)


def choices_of(listing: Listing) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices found among the listed projects: funders, sectors, communes, territories."""
    rows = listing.rows
    funders = {e.key: str(e.name) for row in rows for e in row.financeurs}
    sectors: list[tuple[str, str]] = []
    found = [row.sector for row in rows if row.sector]
    for section in sorted({s.section for s in found}):
        sectors.append((section, f"{section} — {listing.sections.get(section, section)}"))
        for division, label in sorted({(s.division, s.label) for s in found if s.section == section}):
            sectors.append((division, f"\u2003{division} — {label}"))
    communes = {code: name for row in rows for code, name in row.communes}
    names = Counter(communes.values())
    return {
        "financeur": sorted(funders.items(), key=lambda item: item[1].casefold()),
        "sector": sectors,
        "commune": sorted(
            ((code, f"{name} ({code})" if names[name] > 1 else name) for code, name in communes.items()),
            key=lambda item: item[1].casefold(),
        ),
        "territory": sorted(
            {(str(r.territory.territory.pk), r.territory.label) for r in rows}, key=lambda item: item[1].casefold()
        ),
    }
