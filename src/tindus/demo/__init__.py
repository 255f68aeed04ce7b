"""Demo content and the ``setup`` orchestration: the app on top of every domain app.

Each domain app writes its own demo content (``<app>/demo.py``); this app calls them in order
(territories, accounts, plan and governance, news, consultation, warehouse, synergies) and owns the
``tindus setup`` and ``tindus demo load`` commands. Nothing imports this app.
"""
