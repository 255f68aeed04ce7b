"""Walk the served demo as one role, the way a person clicking through it would.

The crawl follows every link and form shown on each page it reaches, on the app's own host. To keep
its time bounded it opens at most :data:`PER_ROUTE` addresses of each URL route and territory (the
demo territories counted apart, the other 180 territories together); every address it opens is
kept with its status, type and text, for the checks in ``test_crawl`` and ``test_accessibility``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

PER_ROUTE = 3
DEMO_PASSWORD = "demo-tindus"
DEMO_SLUGS = frozenset({"vague-1-ti-2704", "vague-1-ti-2701"})
ROLES = {
    "anonyme": None,
    "admin": "admin@demo.tindus.localhost",
    "equipe": "equipe@demo.tindus.localhost",
    "comite": "comite@demo.tindus.localhost",
    "partenaire": "partenaire@demo.tindus.localhost",
    "entreprise": "entreprise@demo.tindus.localhost",
    "region": "region@demo.tindus.localhost",  # the programme's regional coordinator of Bourgogne-Franche-Comté
}
ENTRY_POINTS = (
    ["/", "/territoires/", "/compte/"]
    + [f"/territoires/{slug}/" for slug in sorted(DEMO_SLUGS)]
    + [f"/site/{slug}/" for slug in sorted(DEMO_SLUGS)]
)
# Addresses a click would not open, or that change state when opened.
# Open-data files are for machines: their column names are documented in their datapackage.json.
SKIPPED_PREFIXES = ("/static/", "/media/", "/deconnexion/", "/i18n/", "/donnees-ouvertes/fichiers/")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Fetched:
    status: int
    content_type: str
    text: str | None  # HTML, CSV and XML bodies; None for binary downloads
    workbook: bytes | None = None  # XLSX downloads, read by the label check


@dataclass
class Shown:
    """A link or a form action shown on a page."""

    page: str
    target: str
    kind: str  # "a" or "form"
    method: str = "get"


@dataclass
class Crawl:
    role: str
    pages: dict[str, Fetched] = field(default_factory=dict)
    shown: list[Shown] = field(default_factory=list)
    unopened: set[str] = field(default_factory=set)  # beyond PER_ROUTE for their route
    context: object = None  # the browser context signed in as the role

    def one_page_per_route(self) -> list[str]:
        """The first HTML page reached of each route (and demo territory)."""
        chosen: dict[tuple[str, str] | str, str] = {}
        for url in self.html_pages():
            chosen.setdefault(route_key(urlsplit(url).path) or url, url)
        return list(chosen.values())

    def html_pages(self) -> dict[str, str]:
        return {
            url: page.text
            for url, page in self.pages.items()
            if page.status == 200 and page.content_type.startswith("text/html") and page.text
        }


# Elements whose text is not prose: scripts and styles, and notation (formulas, identifiers a team
# writes itself) marked up as such.
NOT_PROSE = frozenset({"script", "style", "template", "code", "var", "kbd", "samp", "math"})


class PageParser(HTMLParser):
    """Links, form actions, element ids, labels and the visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str | None, str]] = []
        self.ids: list[str] = []
        self.label_fors: list[str] = []
        self.text: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            self.forms.append((values.get("action"), (values.get("method") or "get").lower()))
        elif tag == "label" and values.get("for"):
            self.label_fors.append(values["for"])
        if tag in NOT_PROSE:
            self._hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_PROSE and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth and data.strip():
            self.text.append(data.strip())


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def route_key(path: str) -> tuple[str, str] | None:
    """The URL route of ``path`` and its territory (demo ones by name, others together); None if unknown."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug", "")
    return match.route, slug if slug in DEMO_SLUGS or not slug else "*"


def is_public_view(path: str) -> bool:
    from tindus.accounts.permissions import Action

    try:
        return getattr(resolve(path).func, "tindus_permission", None) is Action.VIEW_PUBLIC
    except Resolver404:
        return False


def sign_in(request, username: str) -> None:
    """Sign in through the real login form (CSRF token included)."""
    form = request.get("/connexion/").text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = request.post(
        "/connexion/",
        form={"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        max_redirects=0,
    )
    assert response.status == 302, f"{username} could not sign in ({response.status})"


def crawl(request, origin: str, role: str, extra_seeds: list[str] = ()) -> Crawl:
    """Breadth-first walk from the entry points with ``request`` (a Playwright request context on ``origin``)."""
    result = Crawl(role)
    per_route: dict[tuple[str, str], int] = {}
    queue = deque()
    seen: set[str] = set()

    def enqueue(url: str) -> None:
        if url in seen:
            return
        key = route_key(urlsplit(url).path)
        if key is None:
            seen.add(url)
            queue.append(url)  # unknown address: opened so that its 404 is reported
            return
        if per_route.get(key, 0) >= PER_ROUTE:
            result.unopened.add(url)
            return
        per_route[key] = per_route.get(key, 0) + 1
        seen.add(url)
        queue.append(url)

    for url in [*ENTRY_POINTS, *extra_seeds]:
        enqueue(url)
    while queue:
        url = queue.popleft()
        response = request.get(url, max_redirects=0, fail_on_status_code=False)
        content_type = response.headers.get("content-type", "")
        textual = content_type.startswith(("text/", "application/xml", "application/atom", "application/rss"))
        text = response.text() if textual else None
        workbook = response.body() if content_type.startswith(XLSX) else None
        result.pages[url] = Fetched(response.status, content_type, text, workbook)
        if response.status in (301, 302, 303, 307, 308):
            target = own_address(origin, url, response.headers.get("location", ""))
            if target:
                enqueue(target)
            continue
        if response.status != 200 or not content_type.startswith("text/html"):
            continue
        page = parse(text)
        for href in page.links:
            target = own_address(origin, url, href)
            if target:
                result.shown.append(Shown(url, target, "a"))
                enqueue(target)
        for action, method in page.forms:
            target = own_address(origin, url, action if action is not None else url)
            if target:
                result.shown.append(Shown(url, target, "form", method))
                enqueue(target)  # a GET on a POST-only address answers 405, but a refusal still shows
    return result


def own_address(origin: str, base: str, href: str) -> str | None:
    """The path and query of ``href``, read on page ``base``, if it is an address of the app worth opening."""
    if href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute, _fragment = urldefrag(urljoin(origin + base, href))
    parts = urlsplit(absolute)
    if parts.netloc != urlsplit(origin).netloc or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
