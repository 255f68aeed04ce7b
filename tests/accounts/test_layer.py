"""Meta-test: every view of the project goes through the one permission layer."""

from django.urls import URLPattern, URLResolver, get_resolver


def iter_patterns(resolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from iter_patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def test_every_view_declares_its_permission():
    # The API's operations ask the same layer inside each endpoint (tests/api/test_layer.py checks them).
    missing = [
        str(p.pattern)
        for p in iter_patterns(get_resolver())
        if not hasattr(p.callback, "tindus_permission") and not p.callback.__module__.startswith("ninja.")
    ]
    assert missing == []
