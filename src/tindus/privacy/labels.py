"""What each kind of item is called on the pages: in an export, in the log, and in an erasure's preview
(what will become of it)."""

from django.utils.translation import gettext_lazy as _

ITEMS = {
    "account": _("account"),
    "memberships": _("roles on territories"),
    "comments": _("comments"),
    "comments_kept": _("comments kept"),
    "comments_deleted": _("comments deleted"),
    "history": _("changes in the history"),
    "declarations": _("synergy declarations"),
    "project_statuses": _("project statuses recorded"),
    "opportunity_statuses": _("opportunity statuses recorded"),
    "committee_seats": _("committee seats"),
    "documents": _("documents uploaded"),
    "articles": _("news written"),
    "articles_signed": _("news signed"),
    "projects_piloted": _("projects piloted"),
    "consultation_invitations": _("consultation invitations"),
    "jobs": _("background jobs"),
    "sign_in_failures": _("failed sign-ins"),
    "second_factor": _("authenticator apps"),
    "opportunities": _("opportunities"),
    "leader_answers": _("business leader's answers"),
    "leader_answers_unlinked": _("business leader's answers unlinked"),
    "projects": _("projects carried"),
    "representatives": _("company representatives"),
}

PERSON_EFFECTS = {
    "memberships": _("roles on territories: deleted"),
    "comments": _("comments: kept under « former member », or deleted if you tick the box below"),
    "history": _("changes in the history: kept under « former member »"),
    "committee_seats": _("committee seats: their name removed, the organisation's seat stays"),
    "projects_piloted": _("projects they pilot: the pilot's name and e-mail removed"),
    "articles_signed": _("news they signed: the signature removed"),
    "consultation_invitations": _("consultation invitations sent to their address: the address removed"),
    "second_factor": _("authenticator apps: deleted"),
    "sign_in_failures": _("failed sign-ins: deleted"),
}

COMPANY_EFFECTS = {
    "declarations": _("synergy declarations: deleted"),
    "opportunities": _("opportunities it is part of: deleted, with their follow-up"),
    "consultation_invitations": _("consultation invitations: deleted"),
    "leader_answers": _("business leader's answers: kept for the results, no longer linked to the company"),
    "projects": _("projects it carries: the porteur removed, the project stays in the plan"),
    "representatives": _("company representatives' roles: deleted (their accounts stay)"),
}


def counted(counts: dict[str, int], labels: dict = ITEMS) -> list[tuple[str, int]]:
    """(label, number) for each kind, in the labels' order, the unknown ones last under their key."""
    known = [(str(label), counts[key]) for key, label in labels.items() if key in counts]
    return known + [(key, value) for key, value in counts.items() if key not in labels]
