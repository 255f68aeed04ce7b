"""The diagnostic as JSON, standalone HTML, PDF (WeasyPrint) and XLSX (one sheet per table)."""

from __future__ import annotations

import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tindus.core.tables import XLSX_TYPE, Sheet
from tindus.core.tables import to_xlsx as write_xlsx

from .presentation import visuals

CSS = Path(__file__).resolve().parent.parent / "core" / "static" / "tindus" / "tindus.css"


def to_json(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def to_html(report: dict) -> str:
    """A self-contained page (styles inlined, charts and maps as inline SVG): it opens anywhere, offline."""
    return render_to_string(
        "diagnostic/standalone.html", {"report": report, "visuals": visuals(report), "css": CSS.read_text()}
    )


def to_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(report)).write_pdf()


def to_xlsx(report: dict) -> bytes:
    """One sheet per table, each under the source line; the key figures' sheet opens with the zone."""
    note = _("Source: %(urssaf)s (%(uv)s) and %(sirene)s (%(sv)s)%(synthetic)s. s = statistical secrecy.") % {
        "urssaf": report["sources"]["urssaf"].get("source", ""),
        "uv": report["sources"]["urssaf"].get("vintage", ""),
        "sirene": report["sources"]["sirene"].get("source", ""),
        "sv": report["sources"]["sirene"].get("vintage", ""),
        "synthetic": " — " + _("SYNTHETIC DATA") if report["synthetic"] else "",
    }
    zone = [report["zone"]["name"], report["scope_label"], f"{report['period']['start']}-{report['period']['end']}"]
    sheets = [
        Sheet(
            _("Key figures"),
            [_("Indicator"), _("Value"), _("Unit"), _("Definition"), _("Source"), _("Vintage"), _("Synthetic")],
            [
                [f["label"], f["value"], f["unit"], f["definition"], f["source"], f["vintage"],
                 _("yes") if f["synthetic"] else _("no")]
                for f in report["figures"]
            ],
            before=[zone],
        ),
        Sheet(
            _("Sectors"),
            [
                _("A38"), _("Sector"), _("Jobs"), _("Share"), _("LQ France"), _("LQ région"), _("LQ rest of France"),
                _("LQ rest of région"), pgettext("variation", "Change"), _("National effect"), _("Sector-mix effect"),
                _("Local effect"),
            ],
            [
                [r["sector"], r["label"], r["jobs"], r["share"], r["lq_france"], r["lq_region"],
                 r["lq_rest_of_france"], r["lq_rest_of_region"], r["change"], r["national_effect"], r["mix_effect"],
                 r["local_effect"]]
                for r in report["sectors"]
            ],
        ),
    ]  # fmt: skip
    by_epci = report["sector_by_epci"]
    sheets.append(
        Sheet(
            _("Sectors × EPCI"),
            [_("Sector")] + [c["label"] for c in by_epci["columns"]],
            [[r["label"], *r["cells"]] for r in by_epci["rows"]],
        )
    )
    sheets.append(
        Sheet(
            _("Size"),
            [_("Headcount band"), _("Establishments")],
            [[r["band"], r["establishments"]] for r in report["size_structure"]],
        )
    )
    sheets.append(
        Sheet(
            _("Demography"),
            [_("Year"), _("Creations"), _("Closures"), _("Active at start"), _("Creation rate"), _("Closure rate")],
            [
                [r["year"], r["creations"], r["closures"], r["stock"], r["creation_rate"], r["closure_rate"]]
                for r in report["demography"]
            ],
        )
    )
    employers = [[e["name"], e["commune"], e["naf"], e["naf_label"], e["size_band"]] for e in report["top_employers"]]
    sheets.append(
        Sheet(_("Top employers"), [_("Name"), _("Commune"), _("NAF"), _("Activity"), _("Headcount band")], employers)
    )
    sheets.append(Sheet(_("Series"), [_("Year"), _("Jobs")], [[int(y), v] for y, v in report["series"].items()]))
    keys = ["label", "jobs", "industry_jobs", "industry_share", "change", "annual_rate", "lq_industry", "krugman"]
    sheets.append(
        Sheet(
            _("Comparison"),
            [_("Zone"), _("Jobs"), _("Industrial jobs"), _("Industrial share"), pgettext("variation", "Change"),
             _("Annual rate"), _("LQ industry"), _("Krugman")],
            [[row.get(k) for k in keys] for row in report["comparison"]],
        )
    )  # fmt: skip
    for level, rows in report["by_level"].items():
        sheets.append(
            Sheet(
                f"{_('Sectors')} {level.upper()}",
                [_("Code"), _("Sector"), _("Jobs"), _("Establishments")],
                [[r["code"], r["label"], r["jobs"], r["establishments"]] for r in rows],
            )
        )
    return write_xlsx(sheets, note)


FORMATS = {
    "json": ("application/json", to_json, "json"),
    "html": ("text/html; charset=utf-8", lambda r: to_html(r).encode("utf-8"), "html"),
    "pdf": ("application/pdf", to_pdf, "pdf"),
    "xlsx": (XLSX_TYPE, to_xlsx, "xlsx"),
}
