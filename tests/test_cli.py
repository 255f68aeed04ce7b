"""`tindus --help` lists every documented command, and `--help` works for every command and subcommand."""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

from tindus.cli import TINDUS_COMMANDS, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def command_name(usage: str) -> str:
    """`plan export --wave 1 …` → `plan export`: the leading lowercase words of a usage line."""
    words = []
    for word in usage.split():
        if not re.fullmatch(r"[a-z]+", word):
            break
        words.append(word)
    return " ".join(words)


def readme_commands() -> set[str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    return {command_name(usage) for usage in re.findall(r"^\| `tindus ([^`]+)`", section, flags=re.M)}


def tindus_commands() -> list[tuple[str, ...]]:
    """Every Tindus management command, and each of its subcommands."""
    found = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("tindus."):
            continue
        found.append((name,))
        parser = load_command_class(app, name).create_parser("tindus", name)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += [(name, sub) for sub in action.choices]
    return found


def run_help(capsys, *argv: str) -> str:
    with translation.override("fr"), pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code in (0, None)
    return capsys.readouterr().out


def test_the_overview_lists_every_command_of_the_readme(capsys):
    with translation.override("fr"):
        main(["--help"])
    overview = capsys.readouterr().out
    listed = {command_name(usage) for usage, _help in TINDUS_COMMANDS}
    assert readme_commands() <= listed
    for name in listed:
        assert f"  {name}" in overview


def test_every_listed_command_is_in_the_readme():
    assert {command_name(usage) for usage, _help in TINDUS_COMMANDS} <= readme_commands()


def test_every_command_is_listed():
    listed = {command_name(usage).split()[0] for usage, _help in TINDUS_COMMANDS}
    assert {argv[0] for argv in tindus_commands()} <= listed


@pytest.mark.parametrize("argv", tindus_commands(), ids=" ".join)
def test_help_of_every_command_and_subcommand(capsys, argv):
    out = run_help(capsys, *argv)
    assert f"tindus {' '.join(argv)}" in out
    assert "--help" in out


def test_help_through_the_real_entry_point():
    tindus = Path(sys.executable).with_name("tindus")
    env = {**os.environ, "TINDUS_LANGUAGE": "fr"}
    done = subprocess.run([str(tindus), "plan", "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "export" in done.stdout and "Traceback" not in done.stderr
