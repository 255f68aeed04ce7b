"""Erasure on request.

A person: their account is anonymised, not deleted, so that the territory's records keep their shape
(the changes they made stay in the history under « ancien membre »): name, e-mail and login replaced,
password unusable, account closed; their roles, second factor and failed sign-ins deleted; their name
and e-mail removed where Tindus copied them (committee seats, projects they pilot, news they signed,
consultation invitations, and the history entries of those), the e-mail kept by the history with each
change they made removed. Their comments stay under the same neutral label, or are deleted on request.

A company (by SIRET, on one territory or on all): its declarations and the opportunities it is part of
are deleted, with their history entries' contents; its consultation invitations are deleted (the
business leader's answer stays for the study's results, no longer linked to the company, as the
retention purge does); the projects it carries keep their place in the plan with the porteur removed;
its representatives' company roles are deleted (their accounts stay).

Nothing of this is written to the history itself (it would copy what is erased there): the privacy
log records the erasure instead. Employees' consultation answers are anonymous and never touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tindus.accounts.models import Membership, Role
from tindus.accounts.throttling import normalised
from tindus.consultation.models import Invitation, Response
from tindus.core.people import ANONYMISED_PREFIX
from tindus.governance.models import InstanceMember
from tindus.plan.models import Project
from tindus.public.models import Article
from tindus.synergies.models import Declaration, Opportunity
from tindus.territories.models import Comment, Territory

from .collect import company_opportunities, in_scope
from .models import Record

# What an erased item reads as in the history.
ERASED_REPR = "—"


def redact_history(model: type[models.Model], pks: Iterable, fields: set[str] | None = None,
                   names: dict[str, str] | None = None) -> int:  # fmt: skip
    """Remove from the history entries of these objects the values of ``fields`` (every value when None),
    and give each entry the object's new name (``names`` by primary key; « — » for an erased object)."""
    keys = [str(pk) for pk in pks]
    if not keys:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.filter(content_type=content_type, object_pk__in=keys)
    count = 0
    for entry in entries.iterator():
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        entry.changes = {} if fields is None else {k: v for k, v in changes.items() if k not in fields}
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = (names or {}).get(entry.object_pk, ERASED_REPR if fields is None else entry.object_repr)
        entry.save(update_fields=["changes", "changes_text", "serialized_data", "object_repr"])
        count += 1
    return count


# --- a person ---------------------------------------------------------------------------------------


def _person_items(user: User) -> dict[str, models.QuerySet]:
    email = user.email
    none = Project.objects.none()
    return {
        "memberships": Membership.objects.filter(user=user),
        "comments": Comment.objects.filter(author=user),
        "history": LogEntry.objects.filter(actor=user),
        "committee_seats": InstanceMember.objects.filter(user=user),
        "projects_piloted": Project.objects.filter(pilot_email__iexact=email) if email else none,
        "articles_signed": Article.objects.filter(author=user, author_name=user.get_full_name())
        if user.get_full_name()
        else Article.objects.none(),
        "consultation_invitations": Invitation.objects.filter(email__iexact=email)
        if email
        else Invitation.objects.none(),
        "second_factor": TOTPDevice.objects.filter(user=user),
        "sign_in_failures": AccessAttempt.objects.filter(username=normalised(user.username)),
    }


def person_preview(user: User) -> dict[str, int]:
    """What an erasure of ``user`` would change, by kind."""
    return {name: items.count() for name, items in _person_items(user).items()}


def anonymised_name(user: User) -> str:
    return f"{ANONYMISED_PREFIX}{user.pk}"


@transaction.atomic
def erase_person(user: User, *, delete_comments: bool = False) -> dict[str, int]:
    """Anonymise ``user`` (see the module's description); what changed, by kind."""
    items = _person_items(user)
    counts = {name: queryset.count() for name, queryset in items.items()}
    username = normalised(user.username)
    with disable_auditlog():
        items["memberships"].delete()
        if delete_comments:
            items["comments"].delete()
        counts["comments_deleted" if delete_comments else "comments_kept"] = counts.pop("comments")
        items["history"].update(actor_email=None, remote_addr=None, remote_port=None)
        seats = list(items["committee_seats"])
        for seat in seats:
            seat.person, seat.user = "", None
            seat.save(update_fields=["person", "user"])
        redact_history(InstanceMember, [s.pk for s in seats], {"person", "user"}, {str(s.pk): str(s) for s in seats})
        projects = list(items["projects_piloted"].values_list("pk", flat=True))
        Project.objects.filter(pk__in=projects).update(pilot="", pilot_email="")
        redact_history(Project, projects, {"pilot", "pilot_email"})
        articles = list(items["articles_signed"].values_list("pk", flat=True))
        Article.objects.filter(pk__in=articles).update(author_name="")
        redact_history(Article, articles, {"author_name"})
        items["consultation_invitations"].update(email="")
        items["second_factor"].delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        user.username = anonymised_name(user)
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.save()
        # The log names them by their e-mail address until now: by their account's number from now on.
        Record.objects.filter(person=user).update(subject=user.username)
    return counts


# --- a company ----------------------------------------------------------------------------------------


def _company_items(siret: str, territory: Territory | None) -> dict[str, list | models.QuerySet]:
    invitations = in_scope(Invitation.objects.filter(siret=siret), territory, "campaign__territory")
    return {
        "declarations": in_scope(Declaration.objects.filter(siret=siret), territory),
        "opportunities": company_opportunities(siret, territory),
        "consultation_invitations": invitations,
        "leader_answers": Response.objects.filter(invitation__in=invitations),
        "projects": in_scope(Project.objects.filter(porteur_siret=siret), territory),
        "representatives": in_scope(Membership.objects.filter(role=Role.COMPANY, company_siret=siret), territory),
    }


def _count(items: list | models.QuerySet) -> int:
    return len(items) if isinstance(items, list) else items.count()


def company_preview(siret: str, territory: Territory | None) -> dict[str, int]:
    return {name: _count(items) for name, items in _company_items(siret, territory).items()}


@transaction.atomic
def erase_company(siret: str, territory: Territory | None) -> dict[str, int]:
    """Erase what ``territory`` (every territory: None) holds about the company ``siret``; counts by kind."""
    items = _company_items(siret, territory)
    counts = {name: _count(found) for name, found in items.items()}
    counts["leader_answers_unlinked"] = counts.pop("leader_answers")
    with disable_auditlog():
        opportunities = [o.pk for o in items["opportunities"]]
        redact_history(Opportunity, opportunities)
        Opportunity.objects.filter(pk__in=opportunities).delete()
        declarations = list(items["declarations"].values_list("pk", flat=True))
        redact_history(Declaration, declarations)
        Declaration.objects.filter(pk__in=declarations).delete()
        Invitation.objects.filter(pk__in=list(items["consultation_invitations"].values_list("pk", flat=True))).delete()
        projects = list(items["projects"].values_list("pk", flat=True))
        Project.objects.filter(pk__in=projects).update(
            porteur_name=_("(removed on request)"), porteur_siret="", pilot="", pilot_email=""
        )
        redact_history(Project, projects, {"porteur_name", "porteur_siret", "pilot", "pilot_email"})
        Membership.objects.filter(pk__in=list(items["representatives"].values_list("pk", flat=True))).delete()
    return counts
