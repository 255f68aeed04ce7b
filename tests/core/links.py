"""Checks shared by page tests: every link a page shows can be followed by the one who sees it, and every
element id is unique. Used by the synergies and news tests (as the team, the committee, a company)."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from django.test import Client

HREF = re.compile(r'<a\b[^>]*\shref="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')


def main_part(html: str) -> str:
    """The page's own content (``<main>``), without the site's header and footer."""
    start = html.find("<main")
    end = html.find("</main>")
    return html[start:end] if start >= 0 and end > start else html


def internal_links(html: str, base: str) -> list[str]:
    """The addresses of this site linked from the page's content, each once, in order."""
    found = []
    for raw in HREF.findall(main_part(html)):
        href = unescape(raw)
        if not href or href.startswith(("#", "mailto:", "http://", "https://", "//")):
            continue
        if href.startswith("?"):
            href = base.split("?", 1)[0] + href
        elif not href.startswith("/"):
            href = base.rsplit("/", 1)[0] + "/" + href
        found.append(href.split("#", 1)[0])
    return list(dict.fromkeys(found))


def duplicate_ids(html: str) -> list[str]:
    return sorted(name for name, count in Counter(ID.findall(html)).items() if count > 1)


def open_page(client: Client, url: str) -> str:
    """GET ``url`` (it must answer 200), check its ids are unique and that none of its links answers 403 to
    the same user; the page's HTML."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert duplicate_ids(html) == [], (url, duplicate_ids(html))
    refused = [link for link in internal_links(html, url) if client.get(link).status_code == 403]
    assert refused == [], f"{url} links to pages that answer 403: {refused}"
    return html
