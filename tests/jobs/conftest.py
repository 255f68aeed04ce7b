"""Run the queue in the test's own process (see :mod:`tests.jobs.inprocess`)."""

import pytest

from tests.jobs.inprocess import run_queue


@pytest.fixture
def queue():
    return run_queue
