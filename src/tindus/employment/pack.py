"""The working group's pack: the main findings, the needs tables of the territory and each EPCI, the gaps,
the training sessions and the proposals, with the method and sources, as a workbook or a PDF."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.core.pdf import render_pdf
from tindus.core.tables import Sheet, to_xlsx

from .analysis import AreaTable, Report
from .reading import Reading


def _figure(value) -> str:
    return value.render(_)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def table_header() -> list[str]:
    return [
        _("BMO job code"), _("BMO job"), _("Linked ROME jobs"), _("Recruitment projects"), _("Difficult share"),
        _("Seasonal share"), _("Tension (domain, FAP 2009)"), _("Local sectors employing the job"),
        _("Declared local needs (people)"), _("Training sessions nearby"), _("Their places"), _("Distance learning"),
        _("Gap"),
    ]  # fmt: skip


def table_rows(table: AreaTable) -> list[list]:
    rows = []
    for row in table.rows:
        need = row.need
        rows.append([
            need.job, need.name, " ".join(row.rome), _figure(need.projects), _percent(need.difficult_share),
            _percent(need.seasonal_share), "—" if need.tension is None else round(need.tension, 2),
            "; ".join(f"{s.division} {s.label} ({s.establishments})" for s in row.sectors),
            row.declared_people, need.sessions_near, round(need.capacity_near), need.sessions_remote,
            _("gap") if need.gap else "",
        ])  # fmt: skip
    return rows


def sources(report: Report) -> list[tuple[str, str]]:
    record = report.record
    found = [
        (_("Recruitment projects"), _("France Travail, BMO %(year)s survey (file %(file)s), %(nomenclature)s jobs")
         % {"year": record.year, "file": record.source, "nomenclature": record.nomenclature}),
        (_("Basins to territory"), _("commune → employment basin table (France Travail's 2021 zoning); straddling "
                                     "basins apportioned by the share of their %(method)s inside")
         % {"method": report.method_label}),
        (_("Tension"), _("DARES–Pôle emploi tension indicators 2019 (FAP 2009), at the level of the job's domain "
                         "through the documented correspondence of the 22 domains; not the job's own figure")),
        (_("Training sessions"), _("the territory's imports (LHÉO, RNCP, sessions collected by hand, demonstration)")),
        (_("Local needs"), _("needs declared on Tindus by companies, the team and the consultation")),
    ]  # fmt: skip
    return found


def pack_xlsx(report: Report, readings: list[Reading]) -> bytes:
    """The findings (title in bold, then each reading and the sources), one sheet per area's needs table
    (with its basins below), the training sessions and the proposals: no note line, the sources are on the
    first sheet."""
    findings = [[reading.text, "; ".join(what for what, _anchor in reading.figures)] for reading in readings]
    findings += [[], *[[what, source] for what, source in sources(report)]]
    sheets = [Sheet(_("Findings"), [_("Employment and training · %(name)s") % {"name": report.territory.name}],
                    findings)]  # fmt: skip
    for table in report.tables:
        basins = [_("Basins"), *[f"{b.share.code} {b.name} ({_percent(b.share.share)})" for b in table.basins]]
        sheets.append(Sheet(table.area.name, table_header(), [*table_rows(table), [], basins]))
    sessions = [
        [s.action.title, s.action.organisation.name, s.start, s.end, s.commune, s.capacity, s.get_modality_display(),
         s.offer_import.source, _("yes") if s.synthetic else ""]
        for s in report.territory.training_sessions.select_related("action__organisation", "offer_import")
    ]  # fmt: skip
    header = [_("Training"), _("Organisation"), _("Start"), _("End"), _("Commune"), _("Places"), _("Modality"),
              _("Source"), _("Synthetic")]  # fmt: skip
    sheets.append(Sheet(_("Sessions"), header, sessions))
    proposals = [
        [p.get_kind_display(), f"{p.job} {p.job_name}", p.title, p.project.title if p.project else ""]
        for p in report.territory.employment_proposals.select_related("project")
    ]
    sheets.append(Sheet(_("Proposals"), [_("Kind"), _("Occupation"), _("Title"), _("Project of the plan")], proposals))
    return to_xlsx(sheets)


def pack_pdf(report: Report, readings: list[Reading]) -> bytes:
    return render_pdf(
        "employment/pack_pdf.html",
        {
            "territory": report.territory,
            "report": report,
            "readings": readings,
            "sources": sources(report),
            "proposals": report.territory.employment_proposals.select_related("project"),
            "generated_at": timezone.now(),
        },
    )
