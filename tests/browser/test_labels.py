"""French pages and exports show choices by their labels: no raw enum value, code or English key.

The vocabulary of raw values is read from the models themselves (every field with choices), so a new
choice is checked as soon as it exists; identifiers written in snake_case are caught whatever their
origin (an emission factor's key, a status code).
"""

import csv
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.utils import translation

from tests.raw_values import SNAKE_CASE, URL

from .crawl import ROLES, parse

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crawl")]

WORD = re.compile(r"[^\W\d_]+")  # for the French vocabulary
SEPARATORS = re.compile(r"[·:,;()|/–—\[\]«»]+")


def french_words() -> set[str]:
    """Every word of the French catalogue: a choice value that is also a French word is not a leak."""
    import polib

    from tindus.core.i18n_compile import LOCALE_DIR

    words = set()
    for entry in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po")):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            words.update(w.casefold() for w in WORD.findall(text))
    return words


@pytest.fixture(scope="session")
def raw_values() -> set[str]:
    """Choice values that differ from their French label and are not French words themselves."""
    french = french_words()
    values = set()
    with translation.override("fr"):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                for value, label in getattr(field, "flatchoices", None) or []:
                    if isinstance(value, str) and value and value != str(label) and value.casefold() not in french:
                        values.add(value)
    return values


def cells_of(workbook: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    rows = (row for sheet in book for row in sheet.iter_rows(values_only=True))
    return [cell for row in rows for cell in row if isinstance(cell, str)]


def leaks(text: str, raw: set[str]) -> set[str]:
    text = URL.sub(" ", text)  # an address cited as a source is not prose
    found = set(SNAKE_CASE.findall(text))
    # A choice shown as a value stands alone between separators (« public visé : employees (61) »);
    # the same word inside a sentence or a cited title is prose.
    found.update(part for part in (p.strip(" \t\n0123456789") for p in SEPARATORS.split(text)) if part in raw)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_pages_and_exports_show_labels_not_raw_values(crawls, role, raw_values):
    assert {"in_progress", "employees"} <= raw_values  # the vocabulary is really read from the models
    problems = []
    walk = crawls(role)
    for url, page in walk.pages.items():
        if page.status != 200:
            continue
        if page.workbook:
            texts = cells_of(page.workbook)
        elif not page.text:
            continue
        elif page.content_type.startswith("text/html"):
            texts = parse(page.text).text
        elif page.content_type.startswith("text/csv"):
            delimiter = ";" if ";" in page.text.partition("\n")[0] else ","
            texts = [cell for row in csv.reader(io.StringIO(page.text), delimiter=delimiter) for cell in row]
        else:
            continue
        for text in texts:
            found = leaks(text, raw_values)
            if found:
                problems.append(f"{url}: {', '.join(sorted(found))} in « {text[:100]} »")
    assert not problems, "\n".join(problems)
