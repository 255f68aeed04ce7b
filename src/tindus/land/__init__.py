"""Land: the legal inventory of economic activity zones (CNIG « Sites économiques »), brownfields (CNIG « Friches »).

Only the framework-free cores exist so far (:mod:`tindus.land.compute`); the Django app comes next.
"""
