"""Employment and training: a territory's recruitment needs (BMO) against its training offer (LHÉO, RNCP).

For now only the framework-free cores live here (:mod:`tindus.employment.compute`); the Django side
(models, imports as tasks, pages) comes next.
"""
