"""The French catalogue is complete, compiled, and covers the strings of the code."""

import re
from pathlib import Path

import polib

import tindus

SOURCE = Path(tindus.__file__).parent
PO = SOURCE / "locale/fr/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def test_french_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), entry.msgid


def test_compiled_catalogue_matches_the_source():
    po = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if not e.msgid_plural and e.translated()}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(MO)) if not e.msgid_plural}
    assert mo == po, "run `python -m tindus.core.i18n_compile` (or `make messages`)"


def test_literal_strings_of_the_code_are_in_the_catalogue():
    msgids = {e.msgid for e in polib.pofile(str(PO))}
    found = set()
    for path in SOURCE.rglob("*.html"):
        # makemessages escapes "%" of template strings as "%%".
        found |= {m.replace("%", "%%") for m in re.findall(r'{% translate "([^"]+)" %}', path.read_text())}
    for path in SOURCE.rglob("*.py"):
        # Single quotes too: a call inside an f-string, which xgettext cannot read, is caught here.
        found |= set(re.findall(r'\b_\("([^"\\]+)"\)', path.read_text()))
        found |= set(re.findall(r"\b_\('([^'\\]+)'\)", path.read_text()))
    assert sorted(found - msgids) == [], "run `make messages` and translate the new strings"
