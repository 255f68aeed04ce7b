"""Answers read from the warehouse are kept for the version they were read from, and read again for a new one."""

from __future__ import annotations

import pytest

from tests.diagnostic.conftest import URSSAF
from tindus.warehouse.importer import import_file
from tindus.warehouse.version_cache import cached_by_version

pytestmark = pytest.mark.django_db


def test_without_a_warehouse_every_call_reads(settings):
    calls = []
    for _ in range(2):
        cached_by_version("test", "q", lambda: calls.append(1) or len(calls))
    assert len(calls) == 2


def test_one_read_per_version_and_question(diagnostic_warehouse):
    calls = []

    def read():
        calls.append(1)
        return len(calls)

    assert cached_by_version("test", "q", read) == 1
    assert cached_by_version("test", "q", read) == 1
    assert cached_by_version("test", "other", read) == 2
    assert cached_by_version("other", "q", read) == 3


def test_a_new_version_is_read_again(diagnostic_warehouse, synth_doubs):
    calls = []
    assert cached_by_version("test", "q", lambda: calls.append(1) or len(calls)) == 1
    import_file(diagnostic_warehouse, synth_doubs / URSSAF)  # an import publishes a new version
    assert cached_by_version("test", "q", lambda: calls.append(1) or len(calls)) == 2
