"""The README documents the two commands and every setting (commands: tests/test_cli.py)."""

import re
from pathlib import Path

import tindus

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_starts_with_the_two_commands():
    head = "\n".join(README.splitlines()[:15])
    assert "make run" in head and "make test" in head
    assert head.index("make run") < head.index("make test")


def test_every_setting_is_documented():
    settings_source = (Path(tindus.__file__).parent / "config/settings.py").read_text()
    names = set(re.findall(r'os\.environ(?:\.get)?\(\s*"([A-Z_]+)"', settings_source))
    names |= set(re.findall(r'os\.environ\["([A-Z_]+)"\]', settings_source))
    assert names, "settings read no environment variable?"
    missing = sorted(n for n in names if f"`{n}`" not in README)
    assert missing == []
