"""Synergies between local companies: declarations of resources and needs, ranked opportunities and
their pipeline, pooling, impact and the network of companies.

The computation lives in :mod:`.compute`, plain Python with no Django import (usable from a notebook,
benchmarked in ``bench/``); the modules here are the Django app around it: models, forms, pages
(:mod:`.views`), the territory's impacts with its own emission factors (:mod:`.territory_impacts`),
consultation intake, demo content and exports.
"""
