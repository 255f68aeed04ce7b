"""The consultation's pages: the respondent's side (:mod:`.respondent`, ``urls.py``) and the territory
team's (``urls_team.py``): campaigns and live results (:mod:`.team`), the questionnaire builder
(:mod:`.builder`), answer links (:mod:`.links`), invitations (:mod:`.invitations`), moderation and
published results (:mod:`.moderation`) and the committee's documents (:mod:`.documents`)."""
