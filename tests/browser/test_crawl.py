"""Every page of the demo as each role: what it shows can be followed, ids are unique, nothing leaks.

A link or a form shown to a role must not answer that role 403 (refused), 404 (broken) or 500; pages
must have unique element ids and labels pointing at existing fields; no page may show an exception
text or a raw Python value.
"""

import re
from collections import Counter

import pytest

from .crawl import ROLES, parse

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crawl")]

LEAKS = re.compile(r"Traceback|Exception|\bNone\b|\bTrue\b|\bFalse\b|\bNaN\b|\bnan\b|object at 0x")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_and_every_link_shown_can_be_followed(crawls, role):
    walk = crawls(role)
    assert len(walk.html_pages()) > (5 if role == "anonyme" else 20)
    errors = [f"{url} → {page.status}" for url, page in walk.pages.items() if page.status >= 500]
    broken = [
        f"{shown.page} shows {shown.kind} {shown.target} → {walk.pages[shown.target].status}"
        for shown in walk.shown
        if shown.target in walk.pages and walk.pages[shown.target].status in (403, 404, 500)
    ]
    assert not errors + broken, "\n".join(sorted(set(errors + broken)))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_unique_ids_and_labels_pointing_at_them(crawls, role):
    problems = []
    for url, html in crawls(role).html_pages().items():
        page = parse(html)
        twice = sorted(i for i, n in Counter(page.ids).items() if n > 1)
        if twice:
            problems.append(f"{url}: ids used more than once: {', '.join(twice)}")
        dangling = sorted(set(page.label_fors) - set(page.ids))
        if dangling:
            problems.append(f"{url}: labels for missing ids: {', '.join(dangling)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_an_exception_or_a_python_value(crawls, role):
    problems = []
    for url, html in crawls(role).html_pages().items():
        for text in parse(html).text:
            if LEAKS.search(text):
                problems.append(f"{url}: « {text[:120]} »")
    assert not problems, "\n".join(problems)
