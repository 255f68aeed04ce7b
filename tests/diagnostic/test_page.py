"""The diagnostic page as a reader meets it: contents, anchors, ids, French words, sorted names."""

import html
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.crawl import parse
from tindus.core.collation import french_key
from tindus.diagnostic.services import build_report
from tindus.diagnostic.wording import band_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, diagnostic_warehouse, haut_doubs):
    response = client.get(reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_contents_lead_to_every_section_and_every_anchor_resolves(page):
    parsed = parse(page)
    ids = set(parsed.ids)
    contents = re.search(r'<nav class="page-contents".*?</nav>', page, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert len(anchors) >= 10
    for anchor in anchors:
        assert anchor in ids, anchor
        title = re.search(rf'<a href="#{anchor}">([^<]+)</a>', contents).group(1)
        heading = re.search(rf'<h2 id="{anchor}"[^>]*>([^<]+)</h2>', page)
        assert heading and heading.group(1) == title, anchor
    # Every section heading of the report is in the contents, and every in-page link has its target.
    assert set(re.findall(r'<h2 id="([^"]+)"', page)) - {"page-contents-h"} == set(anchors)
    assert all(link[1:] in ids for link in parsed.links if link.startswith("#"))
    assert page.count('class="back-to-top"') >= 5 and "contenu" in ids


def test_every_id_is_used_once(page):
    twice = [i for i, n in Counter(parse(page).ids).items() if n > 1]
    assert not twice


def test_size_bands_each_have_their_own_french_name(diagnostic_warehouse, haut_doubs, page):
    """The first week's defect: « NN » and « 00 » both showed as « 0 »."""
    report = build_report(territory=haut_doubs)
    bands = [r["band"] for r in report["size_structure"]]
    assert len(bands) == len(set(bands)) and "0" not in bands
    codes = [r["code"] for r in report["size_structure"]]
    assert {"NN", "00"} <= set(codes)
    with translation.override("en"):
        assert band_label("NN") == "non-employing units (or presumed so)"
        assert band_label("00") == "0 employees at year end (some during the year)"
        assert band_label("01") == "1 or 2 employees" and band_label("42") == "1\u00a0000 to 1\u00a0999 employees"
        assert band_label("53") == "10\u00a0000 employees or more"
    size_table = re.search(r'<h2 id="size-h".*?</table>', page, re.S).group(0)
    shown = [html.unescape(band) for band in re.findall(r"<tr><td>([^<]+)</td>", size_table)]
    assert shown == bands and len(set(shown)) == len(shown)


def test_no_english_word_or_raw_code_on_the_french_page(page):
    text = " ".join(parse(page).text)
    for english in ("jobs", "Key figures", "establishments", "statistical secrecy", "industry (NAF"):
        assert english not in text, english
    assert not re.search(r"\b(NN|A38:|sec:|div:|epci:)\b", text)


def test_epci_are_listed_in_french_order(diagnostic_warehouse, haut_doubs):
    report = build_report(territory=haut_doubs)
    epcis = [r["label"] for r in report["comparison"] if r["kind"] == "epci"]
    columns = [c["label"] for c in report["sector_by_epci"]["columns"]]
    assert len(epcis) == 6 and epcis == sorted(epcis, key=french_key)
    assert columns[-1] == "Total" and columns[:-1] == sorted(columns[:-1], key=french_key)
    # Each column keeps its own figures: the total column is still the sum of the published cells it adds up.
    total_row = next(r for r in report["sector_by_epci"]["rows"] if r["id"] == "Total")
    sirens = [c["id"] for c in report["sector_by_epci"]["columns"][:-1]]
    by_siren = {r["code"]: r for r in report["comparison"] if r["kind"] == "epci"}
    for siren, cell in zip(sirens, total_row["cells"], strict=False):
        row = by_siren[siren]
        if "s" not in (cell, row["industry_jobs"]) and row["communes_in_zone"] == row["communes"]:
            assert cell == row["industry_jobs"], siren
