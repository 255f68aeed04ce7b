"""The API tests run with the diagnostic's warehouse at hand (fixtures of tests/diagnostic)."""

from tests.diagnostic.conftest import diagnostic_warehouse, synth_doubs  # noqa: F401  (shared fixtures)
