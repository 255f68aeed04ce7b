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


# A read of an environment variable: os.environ.get("X"), os.environ["X"], os.getenv("X"), or a helper
# named _env("X") (warehouse/fetch.py). Setting a default (os.environ.setdefault) is not a read.
ENV_READ = re.compile(r'(?:environ\.get|environ\[|getenv|\b_env)\(?\s*"([A-Z][A-Z0-9_]*)"')


def environment_variables() -> dict[str, str]:
    """Every environment variable the source reads, with the first file reading it."""
    source = Path(tindus.__file__).parent
    found = {}
    for path in sorted(source.rglob("*.py")):
        for name in ENV_READ.findall(path.read_text()):
            found.setdefault(name, str(path.relative_to(source)))
    return found


def settings_table() -> str:
    return README.split("## Settings", 1)[1].split("\n## ", 1)[0]


def test_the_scan_sees_every_kind_of_read():
    found = environment_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "PORT", "TINDUS_LANGUAGE", "TINDUS_URL_URSSAF"} <= set(found)


def test_every_environment_variable_is_in_the_settings_table():
    table = settings_table()
    missing = sorted(f"{name} ({path})" for name, path in environment_variables().items() if f"`{name}`" not in table)
    assert missing == []
