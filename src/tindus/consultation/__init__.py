"""Consultation of business leaders and employees: questionnaires and their versions, campaigns,
invitations and answer links, answering, moderation, results and exports.

Plain-Python cores (questionnaire schema, answer checks, protected results, themes…) are in
:mod:`.compute`; the pages in :mod:`.views`.
"""
