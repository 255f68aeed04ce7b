"""Markdown written by a territory team, rendered safely for the public site.

Two defences: forms refuse text that carries HTML scripts or active content (the author gets a
clear message), and rendering always passes through the nh3 sanitizer with a short allow-list.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

ACTIVE_CONTENT = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|input|button|svg|math|link|meta|base)\b"
    r"|\bon[a-z]+\s*="
    r"|(java|vb)script\s*:"
    r"|data\s*:\s*text/html",
    re.IGNORECASE,
)


def active_content(text: str) -> str | None:
    """The first piece of script or active HTML in ``text``, or None."""
    found = ACTIVE_CONTENT.search(text or "")
    return found.group(0) if found else None


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    # An image from another host would make every reader's browser call that host.
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_local_images_only,
    )
