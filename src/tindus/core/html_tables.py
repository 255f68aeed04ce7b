"""A table of a rendered page read back as values, for its download (no Django: plain lxml).

Cells are read as a person sees them: text inside the cell, without what only screen readers hear
(``.visually-hidden``), scripts, buttons or hidden fields. A number written the French way (« 1 234,5 »,
« −3 ») becomes a number; anything else stays the text shown, so a cell masked by statistical secrecy
(« s ») or a dash stays what the page shows, and codes with a leading zero (« 01 », « 05123 ») stay codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

# Elements whose text is not part of a cell's value.
SKIPPED = ("script", "style", "template", "button", "svg", "noscript")
HIDDEN_CLASSES = frozenset({"visually-hidden", "table-downloads"})
# Separators of thousands a page may print: space, no-break space, narrow no-break space, thin space.
GROUP = "[ \u00a0\u202f\u2009]"
MINUS = "\\-\u2212\u2013"  # for a character class: hyphen-minus (escaped), minus sign, en dash
TABLE_ID = re.compile(r"^[A-Za-z][\w-]{0,99}$")


@dataclass
class PageTable:
    header: list[str]
    rows: list[list[object]]
    caption: str = ""
    source: str = ""


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def text_of(element: HtmlElement) -> str:
    """The text a reader sees in ``element``, spaces collapsed."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.tail:
                parts.append(node.tail)
            return
        hidden = node.tag in SKIPPED or _classes(node) & HIDDEN_CLASSES or node.get("hidden") is not None
        if node.tag == "input" and node.get("type", "text") not in ("hidden", "submit", "button", "checkbox"):
            parts.append(node.get("value", ""))
        elif node.tag == "select":
            chosen = node.xpath(".//option[@selected]") or node.xpath(".//option")[:1]
            parts.append(" ".join(o.text_content() for o in chosen))
        elif not hidden:
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
            if node.tag in ("br", "p", "li", "div"):
                parts.append(" ")
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return " ".join("".join(parts).split())


def number_pattern(decimal: str = ",") -> re.Pattern[str]:
    d = re.escape(decimal)
    return re.compile(rf"^([+{MINUS}]?)(\d{{1,3}}(?:{GROUP}\d{{3}})+|\d+)(?:{d}(\d+))?$")


FRENCH_NUMBER = number_pattern(",")


def value_of(text: str, pattern: re.Pattern[str] = FRENCH_NUMBER) -> object:
    """« 1 234,5 » → 1234.5, « 12 » → 12, « −3 » → -3; anything else (« s », « 12 % », « 05 ») as shown."""
    found = pattern.match(text)
    if not found:
        return text
    sign, whole, fraction = found.groups()
    digits = re.sub(GROUP, "", whole)
    if len(digits) > 1 and digits.startswith("0") and not fraction:
        return text  # a code (département, commune), not a quantity
    if len(digits) > 15:
        return text  # beyond a spreadsheet's precision: an identifier
    number: float | int = float(f"{digits}.{fraction}") if fraction else int(digits)
    return -number if sign and sign != "+" else number


def _expanded(row: HtmlElement, pattern: re.Pattern[str], *, as_values: bool) -> list[object]:
    out: list[object] = []
    for cell in row.xpath("./th|./td"):
        text = cell.get("data-value") if cell.get("data-value") is not None else text_of(cell)
        out.append(value_of(text, pattern) if as_values else text)
        try:
            span = max(1, min(int(cell.get("colspan", "1")), 100))
        except ValueError:
            span = 1
        out.extend([""] * (span - 1))
    return out


def _source_near(table: HtmlElement) -> str:
    """The source line of the table: a ``.source`` inside it, or the first one after it (after the table or
    one of its wrappers) before the next heading or table."""
    inside = table.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' source ')]")
    if inside:
        return text_of(inside[0])
    node: HtmlElement | None = table
    for _level in range(3):
        if node is None:
            break
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag in ("h1", "h2", "h3", "h4", "table", "section") or sibling.xpath(".//table"):
                return ""
            if "source" in _classes(sibling):
                return text_of(sibling)
            found = sibling.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' source ')]")
            if found:
                return text_of(found[0])
        node = node.getparent()
        if node is None or node.tag in ("main", "body", "section", "article"):
            break
    return ""


def _named_source(tree: HtmlElement, table: HtmlElement) -> str:
    """The text of the element a table names as its source (``data-source="<element id>"``)."""
    name = table.get("data-source")
    found = tree.xpath("//*[@id=$id]", id=name) if name else []
    return text_of(found[0]) if found else ""


def find_table(html: str | bytes, table_id: str, decimal: str = ",") -> PageTable | None:
    """The table ``<table id=table_id>`` of the page, or None if the page has none by that id."""
    if not TABLE_ID.match(table_id):
        return None
    tree = lxml.html.fromstring(html)
    found = tree.xpath("//table[@id=$id]", id=table_id)
    if not found:
        return None
    table = found[0]
    pattern = number_pattern(decimal)
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    head = table.xpath("./thead/tr")
    if head:
        header_row = head[-1]
    elif rows and not rows[0].xpath("./td"):
        header_row = rows[0]
    else:
        header_row = None
    header = [str(v) for v in _expanded(header_row, pattern, as_values=False)] if header_row is not None else []
    body = [r for r in rows if r not in head and r is not header_row]
    caption = table.xpath("./caption")
    heading = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")
    return PageTable(
        header=header,
        rows=[_expanded(r, pattern, as_values=True) for r in body],
        # Its caption, else the heading above it.
        caption=" ".join((caption or heading)[0].text_content().split()) if caption or heading else "",
        source=_named_source(tree, table) or _source_near(table),
    )
