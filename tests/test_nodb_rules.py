"""The rules of the `nodb` mark (tests/nodb.py) that look at code: every way to a database keeps the mark off."""

import re
from pathlib import Path

import pytest

from tests.nodb import imports_code_outside_django, mentions_a_way_to_a_database, module_may_reach_a_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "code",
    [
        'url = os.environ["DATABASE_URL"]',
        "with psycopg.connect(url) as con:",
        "from django.db import connection",
        "name = connection.settings_dict['NAME']",
        "with django_db_blocker.unblock():",
        "request.getfixturevalue(role)",
        "subprocess.run([TINDUS, 'migrate'])",
        "process = Popen(argv)",
        "call_command('backup')",
    ],
)
def test_each_way_to_a_database_is_seen(code):
    assert mentions_a_way_to_a_database(code)


def test_plain_python_is_not_a_way_to_a_database():
    code = "from tindus.synergies.compute.network import build\n\ndef test_x():\n    assert build([], []).nodes == []\n"
    assert not mentions_a_way_to_a_database(code)


@pytest.mark.parametrize(
    ("modules", "outside"),
    [
        (["tindus.backups.service"], True),
        (["tindus.backups", "tindus.backups.postgres_db"], True),
        (["tindus.core", "tindus.core.supervisor"], True),
        (["tindus", "tindus.cli"], True),
        (["tindus.core.management.commands.serve"], True),
        (["tindus.backups.compute.manifest"], False),
        (["tindus.core.collation"], False),
    ],
)
def test_app_code_that_connects_on_its_own_is_seen(modules, outside):
    assert imports_code_outside_django(modules) is outside


def test_every_app_module_that_connects_on_its_own_or_starts_processes_is_seen():
    """A new module of the app that runs a database client or a process must be added to APP_CODE_OUTSIDE_DJANGO."""
    source = ROOT / "src"
    own_way = re.compile(r"psycopg|subprocess|multiprocessing|settings_dict|os\.fork|os\.exec|os\.system")
    found = [
        ".".join(path.relative_to(source).with_suffix("").parts)
        for path in sorted(source.rglob("*.py"))
        if own_way.search(path.read_text(encoding="utf-8"))
    ]
    assert found
    assert [name for name in found if not imports_code_outside_django([name])] == []


@pytest.mark.parametrize(
    "module",
    ["backups/test_postgres.py", "jobs/test_processes.py", "core/test_serve.py", "territories/test_commands.py"],
)
def test_modules_that_reach_a_database_without_pytest_django_are_seen(module):
    assert module_may_reach_a_database((ROOT / "tests" / module).resolve(), frozenset())


def test_a_plain_compute_module_is_not_seen_as_reaching_a_database():
    assert not module_may_reach_a_database((ROOT / "tests/core/test_collation.py").resolve(), frozenset())


def test_only_the_fixtures_a_test_uses_count(tmp_path):
    module = tmp_path / "test_sample.py"
    module.write_text(
        "import pytest\n\n\n"
        "@pytest.fixture\n"
        "def server():\n"
        "    return subprocess.Popen(['tindus', 'serve'])\n\n\n"
        "@pytest.fixture(name='suite_url')\n"
        "def _suite_url():\n"
        "    return os.environ['DATABASE_URL']\n\n\n"
        "def test_plain():\n"
        "    assert 1 + 1 == 2\n"
    )
    assert not module_may_reach_a_database(module, frozenset({"tmp_path"}))
    assert module_may_reach_a_database(module, frozenset({"server"}))
    assert module_may_reach_a_database(module, frozenset({"suite_url"}))
    assert not module_may_reach_a_database(module, frozenset({"_suite_url"}))
