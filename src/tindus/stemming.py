"""The French Snowball stemmer, one per thread.

A Snowball stemmer keeps its working word in the object: two threads stemming with the same one (the
web server's threads serve several pages at once) garble each other's words or fail with an IndexError.
Plain Python, no Django.
"""

from __future__ import annotations

import threading

import snowballstemmer

_local = threading.local()


def french_stemmer() -> snowballstemmer.stemmer:
    """This thread's French stemmer."""
    stemmer = getattr(_local, "french", None)
    if stemmer is None:
        stemmer = _local.french = snowballstemmer.stemmer("french")
    return stemmer
