"""An installation of its own for each test (SQLite file, data folder), driven through the real `tindus`
command, so that backups and restores never touch the suite's database."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
TINDUS = str(Path(sys.executable).with_name("tindus"))


def base_env(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TINDUS_VAR_DIR": str(var_dir),
        "TINDUS_MEDIA_ROOT": str(var_dir / "media"),
        "TINDUS_WAREHOUSE": str(var_dir / "warehouse.duckdb"),
        "TINDUS_LANGUAGE": "en",  # messages are checked by their (English) words
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


class Site:
    """One installation: its database, its data folder, and the `tindus` command run against them."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.folder = folder
        self.var = folder / "var"
        self.env = base_env(database_url, self.var)

    def tindus(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([TINDUS, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    def run(self, code: str) -> str:
        return self.tindus("shell", "-c", f"from tests.backups.scenario import *; {code}").stdout

    def backup(self, name: str = "sauvegarde") -> Path:
        self.tindus("backup", str(self.folder / name))
        return self.folder / name

    def restore(self, folder: Path, *extra: str, ok: bool = True) -> subprocess.CompletedProcess:
        return self.tindus("restore", str(folder), "--no-input", *extra, ok=ok)

    # What an installation holds, to compare two states.

    def warehouse(self) -> dict[str, list]:
        link = self.var / "warehouse.duckdb"
        if not link.exists():
            return {}
        con = duckdb.connect(str(link), read_only=True)
        try:
            names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
            return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}
        finally:
            con.close()

    def media(self) -> dict[str, bytes]:
        root = self.var / "media"
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def sqlite_rows(path: Path) -> dict[str, list]:
    """Every row of every table of a SQLite file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
        return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}
    finally:
        con.close()


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite database, made once per module and copied for each test."""
    folder = tmp_path_factory.mktemp("template")
    template = folder / "template.sqlite3"
    done = subprocess.run([TINDUS, "migrate", "-v", "0"], env=base_env(f"sqlite:///{template}", folder / "var"),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return template


@pytest.fixture
def site(sqlite_template, tmp_path):
    """An installation on SQLite with data in many tables, a warehouse and uploaded files."""
    database = tmp_path / "tindus.sqlite3"
    shutil.copy(sqlite_template, database)
    installation = Site(f"sqlite:///{database}", tmp_path)
    installation.database = database
    installation.run("populate()")
    return installation


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())
