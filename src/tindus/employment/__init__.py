"""Employment and training: a territory's recruitment needs (BMO) against its training offer (LHÉO, RNCP).

The framework-free cores live in :mod:`tindus.employment.compute`; around them the Django app keeps the
imports, local needs, links and proposals (:mod:`.models`), computes a territory's needs table
(:mod:`.analysis`), runs imports and packs as background jobs (:mod:`.tasks`) and serves the working
group's pages (:mod:`.views`). See docs/employment.md.
"""
