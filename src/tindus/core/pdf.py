"""Documents for committees: an HTML template rendered to PDF by WeasyPrint, offline (styles
inlined, charts as inline SVG, no request to any host)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

CSS = Path(__file__).resolve().parent / "static" / "tindus" / "tindus.css"
PRINT_CSS = Path(__file__).resolve().parent / "static" / "tindus" / "print.css"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "css": CSS.read_text() + PRINT_CSS.read_text()})
    return HTML(string=html, base_url=None).write_pdf()
