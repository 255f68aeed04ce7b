"""The yearly programme report: the steering's figures of a year, for the nation (régions first, then their
territories) or one région, as a PDF for the annual review and an XLSX workbook.

Built from what each territory shares only: :func:`tindus.programme.summary.territory_rows` (read at the
year's last day, or today for the current year), the projects by common theme and status, the funding by
canonical financeur. :func:`write_report` is what the background job, the ``tindus programme report``
command and ``bench/programme.py`` call.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tindus.referentials.models import Region

from . import report_tables as tables
from .compute.report import FIRST_YEAR, RegionSection, ReportData, report_day, theme_matrix, workbook, year_problem
from .models import Level
from .report_years import data_years
from .scope import followed_territories
from .summary import TerritoryRow, Totals, projects_on, territory_rows, totals_of
from .themes import project_themes

FORMATS = ("pdf", "xlsx")
Progress = Callable[[int, int, str], None]


class ReportError(ValueError):
    """A report that cannot be made (a year out of range or without data, an unknown format): its message
    is in the reader's language."""


def year_error(year: int, region: Region | None, today: dt.date, years: list[int] | None = None) -> str | None:
    """Why no report can be made for ``year`` in this scope (a sentence for the reader), or None; ``years``:
    the scope's years with data, when already known."""
    if year_problem(year, [year], today) == "range":
        return _("Choose a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": today.year}
    if year_problem(year, data_years(region, today) if years is None else years, today) == "no_data":
        scope = region.name if region else _("all of France")
        return _("No territory of %(scope)s has shared data dated %(year)d: choose another year.") % {
            "scope": scope,
            "year": year,
        }
    return None


def _ignore(done: int, total: int, step: str) -> None:
    pass


def build_report(
    year: int, region: Region | None = None, *, today: dt.date | None = None, progress: Progress | None = None
) -> ReportData:
    """The report of ``year`` for ``region`` (None: the nation). Raises :class:`ReportError` for a year out
    of range or without data."""
    progress = progress or _ignore
    today = today or timezone.localdate()
    error = year_error(year, region, today)
    if error:
        raise ReportError(error)
    as_of = report_day(year, today)
    progress(0, 4, _("Reading the territories' figures"))
    followed = followed_territories(region)
    dated = as_of < today  # a past year: its projects' statuses on its last day, from their dated history
    rows = territory_rows(followed, as_of, dated=dated)
    names = _region_names(rows, region)
    progress(1, 4, _("Reading the projects' themes"))
    matrices = _theme_matrices(rows, as_of, dated)
    progress(2, 4, _("Adding up"))
    data = _assemble(year, region, as_of, rows, names, matrices)
    progress(3, 4, _("Writing the report"))
    return data


def _region_names(rows: list[TerritoryRow], region: Region | None) -> dict[int | None, str]:
    if region is not None:
        return {region.pk: region.name}
    names: dict[int | None, str] = dict(Region.objects.values_list("pk", "name"))
    if any(row.followed.region_id is None for row in rows):
        names[None] = _("Without a région")
    return names


def _theme_matrices(rows: list[TerritoryRow], as_of: dt.date, dated: bool) -> dict[int, list[list[int]]]:
    """Territory id → projects by theme and status, as its plan is shared: every project when it shares its
    plan, its public projects only when it does not (the rule of the summary's plan block)."""
    shared = [r.territory.pk for r in rows if r.sharing["plan"] != Level.NOTHING]
    public = [r.territory.pk for r in rows if r.sharing["plan"] == Level.NOTHING]
    base, field = projects_on(as_of, dated=dated)
    projects = list(
        (base.filter(territory_id__in=shared) | base.filter(territory_id__in=public, is_public=True)).only(
            "pk", "territory_id", "status"
        )
    )
    themes = project_themes(projects)
    counts: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for project in projects:
        theme = themes.get(project.pk)
        counts[project.territory_id].append((theme.value if theme else "", getattr(project, field), 1))
    keys = [key for key, _label in tables.theme_labels()]
    return {pk: theme_matrix(found, keys, tables.STATUSES) for pk, found in counts.items()}


def _group_matrix(rows: list[TerritoryRow], matrices: dict[int, list[list[int]]]) -> list[list[int]] | None:
    """The sum of the territories' matrices; None when none of them shows its plan."""
    if rows and not any(r.plan is not None for r in rows):
        return None
    keys = tables.theme_labels()
    total = [[0] * (len(tables.STATUSES) + 1) for _ in keys]
    for row in rows:
        for i, counts in enumerate(matrices.get(row.territory.pk, [])):
            total[i] = [a + b for a, b in zip(total[i], counts, strict=True)]
    return total


def _assemble(
    year: int,
    region: Region | None,
    as_of: dt.date,
    rows: list[TerritoryRow],
    names: dict[int | None, str],
    matrices: dict[int, list[list[int]]],
) -> ReportData:
    scope = region.name if region else _("all of France")
    day = date_format(as_of, "SHORT_DATE_FORMAT")
    generated = timezone.localtime()
    withheld = _("not shared")
    sources = _sources(day)
    by_region: dict[int | None, list[TerritoryRow]] = defaultdict(list)
    for row in rows:
        by_region[row.followed.region_id].append(row)
    if region is None:
        order = sorted((pk for pk in names if pk is not None), key=lambda pk: _sort_key(names[pk]))
        order += [None] if None in names else []
    else:
        order = [region.pk]
    totals = totals_of(rows)
    groups: list[tuple[str, Totals]] = [(names[pk], totals_of(by_region.get(pk, []))) for pk in order]
    scope_groups = [(scope, totals)] + (groups if region is None else [])
    figures = tables.headline_figures(totals)
    theme_groups = [(scope, _group_matrix(rows, matrices))]
    if region is None:
        theme_groups += [(names[pk], _group_matrix(by_region[pk], matrices)) for pk in order if by_region.get(pk)]
    sheets = [tables.figures_table(figures, withheld, sources["all"])]
    if region is None:
        sheets += [tables.regions_table(groups, sources["all"]), tables.sharing_table(groups, sources["all"])]
    sheets += [
        tables.territories_table(rows, names, sources["all"]),
        tables.funding_table(scope_groups, rows, names, sources["funding"]),
        tables.themes_table(theme_groups, sources["themes"]),
    ]
    sections = [
        _section(names[pk], by_region[pk], group, matrices, sources)
        for pk, (_name, group) in zip(order, groups, strict=True)
        if by_region.get(pk)
    ]
    synthetic = [row.followed.label for row in rows if row.synthetic]
    title = _("Territoires d'industrie programme: yearly report %(year)d") % {"year": year}
    lines = [
        _("Scope: %(scope)s · year %(year)d · figures on %(day)s") % {"scope": scope, "year": year, "day": day},
        _("Produced with Tindus on %(when)s.") % {"when": date_format(generated, "DATETIME_FORMAT")},
        _(
            "Only what each territory shares with the programme's steering is counted; « %(withheld)s » marks "
            "a figure a territory keeps to itself."
        )
        % {"withheld": withheld},
    ]
    if as_of < dt.date(year, 12, 31):
        lines.append(_("The year is not over: figures as of %(day)s.") % {"day": day})
    return ReportData(
        title=title,
        scope=scope,
        region_code=region.code if region else None,
        year=year,
        as_of=as_of,
        generated_at=generated,
        withheld_label=withheld,
        lines=lines,
        synthetic_note=_synthetic_note(synthetic),
        figures=figures,
        sheets=sheets,
        sections=sections,
        empty_note="" if rows else _("This scope follows no territory yet: the report has no figure."),
    )


def _sort_key(name: str) -> str:
    """Names in French alphabetical order: « Île-de-France » among the I."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _section(
    name: str, rows: list[TerritoryRow], totals: Totals, matrices: dict[int, list[list[int]]], sources: dict[str, str]
) -> RegionSection:
    return RegionSection(
        title=name,
        figures=tables.headline_figures(totals),
        tables=[
            tables.territory_summary_table(
                rows, _("Territories of %(name)s: contract, plan, funding") % {"name": name}, sources["all"]
            ),
            tables.group_funding_table(totals, _("Funding by funder"), sources["funding"]),
            tables.group_themes_table(_group_matrix(rows, matrices), _("Projects by theme"), sources["themes"]),
        ],
        annex=tables.annex_table(
            rows, _("%(name)s: each territory's projects, participation and impact") % {"name": name}, sources["all"]
        ),
        synthetic=any(row.synthetic for row in rows),
    )


def _sources(day: str) -> dict[str, str]:
    return {
        "all": _(
            "Source: the action plans, governance calendars, consultations, synergies and events of the "
            "territories in Tindus, as each shares them with the programme's steering; figures on %(day)s, "
            "project statuses as recorded when the report is produced; committees: meetings of the project "
            "committees in the 12 months before that day."
        )
        % {"day": day},
        "funding": _(
            "Source: the funding of each project in the territories' action plans (Tindus), funders gathered by "
            "the programme's referential of funders; states on %(day)s (committed: granted or paid; requested: "
            "every request, whatever became of it)."
        )
        % {"day": day},
        "themes": _(
            "Source: the territories' action plans (Tindus); a project takes the common theme its territory "
            "confirmed for the nearest lever or axis above it; statuses as recorded when the report is produced."
        ),
    }


def _synthetic_note(names: list[str]) -> str:
    if not names:
        return ""
    return _(
        "« synthetic »: the figures of the demo territories (%(names)s) are synthetic, made up for the demonstration."
    ) % {"names": ", ".join(names)}


# --- files ------------------------------------------------------------------------------------------------------


def render(data: ReportData, fmt: str) -> bytes:
    """The report as a file of ``fmt`` (``pdf`` or ``xlsx``)."""
    if fmt == "xlsx":
        return workbook(data)
    if fmt == "pdf":
        from .report_pdf import report_pdf

        return report_pdf(data)
    raise ReportError(_("Unknown format « %(fmt)s »: choose pdf or xlsx.") % {"fmt": fmt})


def file_name(year: int, region: Region | None, fmt: str) -> str:
    scope = f"region-{region.code}" if region else "national"
    return f"rapport-programme-{year}-{scope}.{fmt}"


def write_report(
    year: int, region: str | Region | None, fmt: str, path: str | Path, *, progress: Progress | None = None
) -> Path:
    """Write the report of ``year`` for the région ``region`` (its code, or None for the nation) as ``fmt``
    to ``path``; the path written. Raises :class:`ReportError` on a bad year, région or format."""
    if fmt not in FORMATS:
        raise ReportError(_("Unknown format « %(fmt)s »: choose pdf or xlsx.") % {"fmt": fmt})
    if isinstance(region, str):
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise ReportError(_("No région has the code « %(code)s ».") % {"code": region})
        region = found
    data = build_report(year, region, progress=progress)
    content = render(data, fmt)
    path = Path(path)
    path.write_bytes(content)
    return path
