"""Markdown written by a territory team, rendered safely for the public site.

Two defences: forms refuse text that carries HTML scripts or active content, or an image from another
site (the author gets a clear message at the field, see :func:`check_markdown`), and rendering always
passes through the nh3 sanitizer with a short allow-list, which drops any such image that got through.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from django import forms
from django.utils.translation import gettext_lazy as _

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


def is_local(address: str) -> bool:
    """An address on this site: a path from its root (« /site/… »), never « //host » nor « /\\host »,
    which browsers read as another host."""
    address = address.strip()
    return address.startswith("/") and address[1:2] not in ("/", "\\")


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(next((value or "" for name, value in attrs if name == "src"), ""))


def image_sources(text: str) -> list[str]:
    """The address of every image of ``text`` (Markdown images, reference-style ones and raw ``<img>``)."""
    parser = _Images()
    parser.feed(_to_html(text))
    parser.close()
    return parser.sources


def external_images(text: str) -> list[str]:
    """The addresses of the images of ``text`` that are not on this site, in order, each once."""
    return list(dict.fromkeys(source for source in image_sources(text) if source.strip() and not is_local(source)))


def check_markdown(text: str) -> str:
    """Form validation of a Markdown field: ``text`` unchanged, or a French message at the field.

    Refused: scripts and active HTML, and images from another site (every reader's browser would call that
    site, and the sanitizer would drop them silently).
    """
    found = active_content(text)
    if found:
        raise forms.ValidationError(
            _("Scripts and active HTML are not allowed (found « %(found)s »). Use Markdown only."),
            params={"found": found},
            code="active_content",
        )
    outside = external_images(text)
    if outside:
        raise forms.ValidationError(
            _(
                "Images must come from this site: « %(address)s » is not accepted, since every reader's browser "
                "would call that other site. Add the image to Tindus, then use its address on this site, which "
                "starts with « / »."
            ),
            params={"address": outside[0]},
            code="external_image",
        )
    return text


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    # An image from another host would make every reader's browser call that host.
    if tag == "img" and attribute == "src" and not is_local(value):
        return None
    return value


def _to_html(text: str) -> str:
    return markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")


_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def render_markdown(text: str) -> str:
    html = nh3.clean(
        _to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_local_images_only,
    )
    return _IMAGE_WITHOUT_SOURCE.sub("", html)  # an image whose address was dropped shows nothing
