"""Read the structure of a rendered page: element ids and the form each sits in, labels, links,
form actions, interactive elements nested in one another, table headers without text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements a keyboard reaches or a screen reader announces as one control. Inside a control (or an
# image: ``role="img"`` makes its content presentational) no other may sit (axe: nested-interactive).
INTERACTIVE_TAGS = {"button", "input", "select", "textarea", "summary", "iframe"}
INTERACTIVE_ROLES = {"button", "link", "checkbox", "radio", "menuitem", "tab", "switch", "option"}
PRESENTATIONAL_ROLES = {"img"}


@dataclass
class Page:
    ids: list[str] = field(default_factory=list)
    id_form: dict[str, int | None] = field(default_factory=dict)  # element id -> index of its form
    labels: list[tuple[str, int | None]] = field(default_factory=list)  # (for, index of its form)
    links: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    nested: list[str] = field(default_factory=list)  # "outer > inner" for each nested interactive element
    empty_headers: int = 0


def _interactive(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag == "a":
        return attrs.get("href") is not None
    if tag == "input":
        return attrs.get("type") != "hidden"
    if tag in INTERACTIVE_TAGS:
        return True
    if attrs.get("tabindex") not in (None, "-1"):
        return True
    return attrs.get("role") in INTERACTIVE_ROLES


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.form_index: int | None = None
        self.forms = 0
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, nothing interactive may sit inside)
        self.header_text: list[str] | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        page = self.page
        if tag == "form":
            self.form_index = self.forms
            self.forms += 1
            if attrs.get("action"):
                page.actions.append(attrs["action"])
        if attrs.get("id"):
            page.ids.append(attrs["id"])
            page.id_form[attrs["id"]] = self.form_index
        if tag == "label" and attrs.get("for"):
            page.labels.append((attrs["for"], self.form_index))
        if tag == "a" and attrs.get("href"):
            page.links.append(attrs["href"])
        if tag == "th":
            self.header_text = []
        interactive = _interactive(tag, attrs)
        outer = [t for t, container in self.stack if container]
        if interactive and outer:
            page.nested.append(f"{outer[-1]} > {tag}")
        if tag not in VOID:
            self.stack.append((tag, interactive or attrs.get("role") in PRESENTATIONAL_ROLES))

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attr_list)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form_index = None
        if tag == "th" and self.header_text is not None:
            if not "".join(self.header_text).strip():
                self.page.empty_headers += 1
            self.header_text = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.header_text is not None:
            self.header_text.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page
