"""The SVG charts lay their text out: measured widths, a label column, whole words, no overlap."""

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tindus.charts import _WIDTH, FONT_SIZE, bar_chart, text_width, timeline_chart, wrap

NS = {"svg": "http://www.w3.org/2000/svg"}
# Long A38 sector names, as the diagnostic shows them.
SECTORS = [
    "Fabrication de produits informatiques, électroniques et optiques",
    "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    "Fabrication de matériels de transport",
    "Travail du bois, industries du papier et imprimerie",
    "Métallurgie et fabrication de produits métalliques à l'exception des machines et des équipements",
    "Industries extractives",
]
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _text_boxes(svg: str, css: str) -> list[tuple[Box, str]]:
    """The box of each line of every ``<text>`` of class ``css``, with its words, from the measured widths."""
    boxes = []
    for text in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        if css not in text.get("class", "").split():
            continue
        anchor = text.get("text-anchor", "start")
        spans = text.findall("svg:tspan", NS) or [text]
        for span in spans:
            content = span.text or ""
            x, y, w = float(span.get("x")), float(span.get("y")), text_width(content)
            x0 = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
            boxes.append(((x0, y - 0.8 * FONT_SIZE, x0 + w, y + 0.25 * FONT_SIZE), content))
    return boxes


def _rects(svg: str) -> list[Box]:
    out = []
    for rect in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}rect"):
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        out.append((x, y, x + w, y + h))
    return out


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _view_width(svg: str) -> float:
    return float(ET.fromstring(svg).get("viewBox").split()[2])


def _shows_whole_words(shown: str, full: str) -> bool:
    """``shown`` is the first words of ``full`` (a last comma may give way to the ellipsis)."""
    words = shown.removesuffix("…").split()
    whole = full.split()
    if words[:-1] != whole[: len(words) - 1]:
        return False
    last, expected = words[-1], whole[len(words) - 1]
    return last == expected or (shown.endswith("…") and last == expected.rstrip(",;:"))


@pytest.mark.parametrize("font", FONTS, ids=lambda p: p.stem)
def test_measured_widths_are_never_narrower_than_real_fonts(font):
    if not font.exists():
        pytest.skip(f"{font} is not installed")
    from fontTools.ttLib import TTFont

    face = TTFont(font)
    cmap, advances, em = face.getBestCmap(), face["hmtx"], face["head"].unitsPerEm

    def real(text: str) -> float:
        return sum(advances[cmap[ord(c)]][0] for c in text) / em * FONT_SIZE

    for char in _WIDTH:
        if ord(char) in cmap:
            assert text_width(char) >= real(char), char
    for text in [*SECTORS, "Bourgogne-Franche-Comté", "effet de structure sectorielle", "−1 234,5"]:
        text = text.replace("−", "-")
        assert text_width(text) >= real(text), text


def test_wrap_breaks_between_words_and_shortens_with_an_ellipsis():
    name = SECTORS[4]
    lines = wrap(name, 150)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line) <= 150 for line in lines)
    assert _shows_whole_words(" ".join(lines), name)
    assert wrap("Industries extractives", 400) == ["Industries extractives"]


def test_shift_share_labels_never_touch_values_or_bars():
    """The first week's defect: a large negative effect drew its value over its label."""
    items = [("effet national", 812.4), ("effet de structure sectorielle", -1234.5), ("effet local", -96.0)]
    svg = bar_chart(items, "Décomposition", "emplois")
    labels = _text_boxes(svg, "chart-label")
    values = _text_boxes(svg, "chart-value")
    assert len(labels) == 3 and len(values) == 3
    for (label, _l), (value, _v) in itertools.product(labels, values):
        assert not _overlap(label, value), (label, value)
    for (label, _l), bar in itertools.product(labels, _rects(svg)):
        assert not _overlap(label, bar)
    width = _view_width(svg)
    assert all(box[0] >= 0 and box[2] <= width for box, _t in labels + values)


def test_long_sector_labels_keep_whole_words_and_their_full_name():
    items = [(name, 1000.0 - 150 * i) for i, name in enumerate(SECTORS)]
    svg = bar_chart(items, "Emplois par secteur", "emplois")
    root = ET.fromstring(svg)
    texts = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "chart-label"]
    assert len(texts) == len(SECTORS)
    for text, name in zip(texts, SECTORS, strict=True):
        assert text.find("svg:title", NS).text == name
        shown = " ".join(span.text for span in text.findall("svg:tspan", NS))
        assert _shows_whole_words(shown, name), shown
        assert len(text.findall("svg:tspan", NS)) <= 2
    labels, values = _text_boxes(svg, "chart-label"), _text_boxes(svg, "chart-value")
    for (a, _a), (b, _b) in itertools.product(labels, values + [(r, "") for r in _rects(svg)]):
        assert not _overlap(a, b)
    for (a, _a), (b, _b) in itertools.combinations(labels, 2):
        assert not _overlap(a, b)


def test_timeline_wraps_long_labels_at_word_boundaries_without_overlap():
    long = (
        "Comité de pilotage · Réunion du comité régional de pilotage des Territoires d'industrie de "
        "Bourgogne-Franche-Comté"
    )
    events = [
        ("2023-03-01", "Protocole · Signature du protocole", "protocol"),
        ("2023-06-12", long, "committee"),
        ("2024-01-20", "Contrat · " + " ".join(["Contrat de territoire Bourgogne-Franche-Comté"] * 4), "contract"),
    ]
    svg = timeline_chart(events, "Jalons")
    width = _view_width(svg)
    boxes = _text_boxes(svg, "chart-label")
    for (a, _a), (b, _b) in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (_a, _b)
    assert all(box[0] >= 0 and box[2] <= width for box, _t in boxes)
    groups = ET.fromstring(svg).findall("svg:g", NS)
    for group, (_day, label, _kind) in zip(groups, events, strict=True):
        text = group.findall("svg:text", NS)[1]
        assert text.find("svg:title", NS).text == label
        shown = " ".join(span.text for span in text.findall("svg:tspan", NS))
        assert _shows_whole_words(shown, label), shown
    assert "Bourgogne-Franche-Comté" in svg and not re.search(r"Bourgogne-Franc(?!he)", svg)
