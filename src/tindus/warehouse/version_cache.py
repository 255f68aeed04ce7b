"""Answers read from the warehouse, kept per process for the version they were read from.

Opening the warehouse and scanning its establishments takes tens of milliseconds, and pages and API calls ask
the same questions again and again. A published version never changes (a new import makes a new version), so
an answer keyed by the version's file (and its modification time, for a warehouse from before versions) stays
right for as long as that version is read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from .services import get_warehouse

T = TypeVar("T")
CACHE_SIZE = 256
_answers: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def cached_by_version(namespace: str, question: Hashable, read: Callable[[], T]) -> T:
    """``read()``'s answer to ``question`` for the warehouse version read now; read again for a new version.
    Without a warehouse (or when its file cannot be seen), ``read()`` runs every time."""
    try:
        version = get_warehouse().version()
        key = (namespace, str(version.path), version.path.stat().st_mtime_ns, question) if version else None
    except OSError:
        key = None
    if key is None:
        return read()
    with _lock:
        if key in _answers:
            _answers.move_to_end(key)
            return _answers[key]  # type: ignore[return-value]
    answer = read()
    with _lock:
        _answers[key] = answer
        while len(_answers) > CACHE_SIZE:
            _answers.popitem(last=False)
    return answer
