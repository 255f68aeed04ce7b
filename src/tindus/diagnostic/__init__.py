"""The industrial diagnostic of a territory or an EPCI: the Django app around the plain-Python cores of
:mod:`tindus.diagnostic.compute` (indicators, statistical secrecy, auditor).

The warehouse queries are in :mod:`~tindus.diagnostic.data` (the one module holding SQL); the report is
built in steps (fetch → compute → protect → word) by :mod:`~tindus.diagnostic.report`.
"""
