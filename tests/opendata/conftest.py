from tests.diagnostic.conftest import diagnostic_warehouse, synth_doubs  # noqa: F401  (shared fixtures)
