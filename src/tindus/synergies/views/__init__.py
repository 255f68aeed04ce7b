"""The synergies pages: declarations and their ranked matches (:mod:`.declarations`), opportunities and
their pipeline (:mod:`.opportunities`), and the overview, impact, factors and network (:mod:`.overview`)."""
