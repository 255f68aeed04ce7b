"""The content security policy allows no inline script or style, and no page template needs one."""

import re
from pathlib import Path

import pytest

import tindus

SOURCE = Path(tindus.__file__).parent
# Documents that are not pages of the site: PDFs drawn on the server, and the diagnostic's standalone HTML
# download, which carries its own styles and its own policy (tests/diagnostic/test_report.py).
NOT_PAGES = {"core/print_base.html", "diagnostic/standalone.html"}
INLINE = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


def page_templates():
    for path in sorted(SOURCE.rglob("templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        text = path.read_text(encoding="utf-8")
        if name in NOT_PAGES or name.endswith("_pdf.html") or '{% extends "core/print_base.html" %}' in text:
            continue
        yield name, text


def test_no_page_template_has_inline_script_or_style():
    offenders = [f"{name}: {what}" for name, text in page_templates() for what, pattern in INLINE.items()
                 if pattern.search(text)]  # fmt: skip
    assert offenders == []


def test_the_scan_sees_page_templates():
    names = {name for name, _text in page_templates()}
    assert {"base.html", "registration/login.html", "accounts/second_factor.html"} <= names
    assert "core/print_base.html" not in names


@pytest.mark.django_db
def test_the_policy_forbids_inline_code_and_other_hosts(client):
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in client.get("/")["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
