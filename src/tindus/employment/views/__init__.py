"""The employment–training pages: the needs table and jobs (:mod:`.needs`), the offer and the imports
(:mod:`.offers`), local needs (:mod:`.local_needs`), ROME ↔ BMO links (:mod:`.links`), proposals
(:mod:`.proposals`) and the pack (:mod:`.pack`)."""
