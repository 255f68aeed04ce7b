"""Everything Tindus holds about one person or one company, for an access request.

A person: their account, roles, comments, the changes they made (history), what they declared, wrote,
uploaded or started, the consultation invitations sent to their e-mail address, the projects they pilot
and their failed sign-ins. A company (by SIRET): its declarations, the opportunities it is part of,
its consultation invitations and the business leader's answers given through them, the projects it
carries, its representatives' roles. Employees' consultation answers are anonymous by construction
(no identity, no link to anyone): they are never part of an export.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tindus.accounts.models import Membership
from tindus.accounts.throttling import normalised
from tindus.consultation.models import Invitation, Response
from tindus.governance.models import InstanceMember, MeetingDocument
from tindus.jobs.models import Job
from tindus.plan.models import Project, ProjectDocument
from tindus.plan.models import StatusChange as ProjectStatusChange
from tindus.public.models import Article
from tindus.synergies.models import Declaration, Opportunity
from tindus.synergies.models import StatusChange as OpportunityStatusChange
from tindus.territories.models import Comment, Territory


@dataclass
class Section:
    """One kind of data: ``id`` stable (file names, counts), ``title`` for the reader, ``rows`` of values."""

    id: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Export:
    subject_kind: str  # person or company
    subject: str
    scope: str
    sections: list[Section]
    made_at: dt.datetime = field(default_factory=timezone.now)

    def counts(self) -> dict[str, int]:
        return {section.id: len(section.rows) for section in self.sections}

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "kind": self.subject_kind,
            "scope": self.scope,
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "sections": [{"id": s.id, "title": s.title, "rows": s.rows} for s in self.sections],
        }


def plain(value: Any) -> Any:
    """A value as JSON and CSV write it: dates in ISO 8601, amounts as text, objects by their name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _row(*pairs: tuple[str, Any]) -> dict[str, Any]:
    return {label: plain(value) for label, value in pairs}


# --- a person ---------------------------------------------------------------------------------------


def find_person(email: str) -> User | None:
    return User.objects.filter(Q(email__iexact=email.strip()) | Q(username__iexact=email.strip())).first()


def person_export(user: User) -> Export:
    email = user.email
    territories = dict(Territory.objects.values_list("pk", "name"))
    sections = [
        Section("account", _("Account"), [_row(
            (_("login"), user.username), (_("email"), user.email), (_("first name"), user.first_name),
            (_("last name"), user.last_name), (_("account created"), user.date_joined),
            (_("last sign-in"), user.last_login), (_("active"), user.is_active),
            (_("platform administrator"), user.is_superuser),
            (_("two-step sign-in"), TOTPDevice.objects.filter(user=user, confirmed=True).exists()),
        )]),
        Section("memberships", _("Roles on territories"), [_row(
            (_("territory"), m.territory.name), (_("role"), m.get_role_display()),
            (_("organisation"), m.organisation), (_("company SIRET"), m.company_siret), (_("since"), m.created_at),
        ) for m in Membership.objects.filter(user=user).select_related("territory")]),
        Section("comments", _("Comments"), [_row(
            (_("territory"), c.territory.name), (_("about"), c.subject if c.subject_id else c.territory.name),
            (_("comment"), c.body), (_("date"), c.created_at),
        ) for c in Comment.objects.filter(author=user).select_related("territory")]),
        Section("history", _("Changes made (history)"), [_row(
            (_("date"), e.timestamp),
            (_("territory"), territories.get((e.additional_data or {}).get("territory"), "")),
            (_("kind"), e.content_type.name if e.content_type else ""), (_("item"), e.object_repr),
            (_("action"), e.get_action_display()), (_("changes"), e.changes or {}),
        ) for e in LogEntry.objects.filter(actor=user).select_related("content_type").order_by("timestamp", "pk")]),
        Section("declarations", _("Synergy declarations entered"), [
            _declaration_row(d) for d in Declaration.objects.filter(created_by=user).select_related("territory")
        ]),
        Section("project_statuses", _("Project statuses recorded"), [_row(
            (_("territory"), s.project.territory.name), (_("project"), s.project.title),
            (_("status"), s.get_status_display()), (_("date"), s.date), (_("note"), s.note),
        ) for s in ProjectStatusChange.objects.filter(author=user).select_related("project__territory")]),
        Section("opportunity_statuses", _("Opportunity statuses recorded"), [_row(
            (_("territory"), s.opportunity.territory.name), (_("opportunity"), s.opportunity.title),
            (_("status"), s.get_status_display()), (_("details"), s.note), (_("date"), s.at),
        ) for s in OpportunityStatusChange.objects.filter(by=user).select_related("opportunity__territory")]),
        Section("committee_seats", _("Seats in committees and working groups"), [_row(
            (_("territory"), m.instance.territory.name), (_("instance"), m.instance.name),
            (_("role"), m.get_role_display()), (_("person"), m.person), (_("organisation"), m.organisation),
        ) for m in InstanceMember.objects.filter(user=user).select_related("instance__territory")]),
        Section("documents", _("Documents uploaded"), [
            *[_row((_("territory"), d.project.territory.name), (_("title"), d.title), (_("file"), d.file.name),
                   (_("date"), d.uploaded_at))
              for d in ProjectDocument.objects.filter(uploaded_by=user).select_related("project__territory")],
            *[_row((_("territory"), d.meeting.instance.territory.name), (_("title"), d.title),
                   (_("file"), d.file.name), (_("date"), d.uploaded_at))
              for d in MeetingDocument.objects.filter(uploaded_by=user).select_related("meeting__instance__territory")],
        ]),
        Section("articles", _("News written"), [_row(
            (_("territory"), a.territory.name), (_("title"), a.title), (_("signed by"), a.author_name),
            (_("state"), a.get_state_display()), (_("publication date"), a.published_on),
        ) for a in Article.objects.filter(author=user).select_related("territory")]),
        Section("projects_piloted", _("Projects piloted"), [_row(
            (_("territory"), p.territory.name), (_("project"), p.title), (_("pilot"), p.pilot),
            (_("pilot's email"), p.pilot_email),
        ) for p in (Project.objects.filter(pilot_email__iexact=email).select_related("territory") if email else [])]),
        Section("consultation_invitations", _("Consultation invitations sent to this address"), [_row(
            (_("territory"), i.campaign.territory.name), (_("consultation"), i.campaign.title),
            (_("SIRET"), i.siret), (_("establishment"), i.name), (_("email"), i.email),
            (_("sent on"), i.sent_on), (_("reminded on"), i.reminded_on), (_("answered"), _answered(i)),
        ) for i in (Invitation.objects.filter(email__iexact=email).select_related("campaign__territory")
                    if email else [])]),
        Section("jobs", _("Background jobs started"), [_row(
            (_("territory"), j.territory.name if j.territory else ""), (_("job"), j.display_title),
            (_("status"), j.get_status_display()), (_("started on"), j.created_at),
            (_("finished on"), j.finished_at), (_("parameters"), j.params),
        ) for j in Job.objects.filter(author=user).select_related("territory")]),
        Section("sign_in_failures", _("Failed sign-ins"), [_row(
            (_("date"), a.attempt_time), (_("address"), a.ip_address), (_("browser"), a.user_agent),
            (_("failures"), a.failures_since_start),
        ) for a in AccessAttempt.objects.filter(username=normalised(user.username))]),
    ]  # fmt: skip
    return Export("person", user.email or user.username, _("every territory"), sections)


def _answered(invitation: Invitation) -> bool:
    return Response.objects.filter(invitation=invitation).exists()


def _declaration_row(d: Declaration) -> dict[str, Any]:
    return _row(
        (_("territory"), d.territory.name), (_("SIRET"), d.siret), (_("company"), d.company_name),
        (_("direction"), d.get_direction_display()), (_("category"), d.get_category_display()),
        (_("description"), d.text), (_("quantity"), d.quantity), (_("unit"), d.unit),
        (_("confidentiality"), d.get_confidentiality_display()), (_("origin"), d.get_origin_display()),
        (_("created"), d.created_at),
    )  # fmt: skip


# --- a company ----------------------------------------------------------------------------------------


def in_scope(queryset: QuerySet, territory: Territory | None, path: str = "territory") -> QuerySet:
    return queryset if territory is None else queryset.filter(**{path: territory})


def company_opportunities(siret: str, territory: Territory | None) -> list[Opportunity]:
    """The opportunities the company is part of: by one of its declarations, or named among the companies."""
    found = []
    for opportunity in in_scope(Opportunity.objects.select_related("territory", "need", "offer"), territory):
        sides = {
            opportunity.need.siret if opportunity.need else "",
            opportunity.offer.siret if opportunity.offer else "",
        }
        named = {str(c.get("siret", "")) for c in opportunity.companies if isinstance(c, dict)}
        if siret in sides | named:
            found.append(opportunity)
    return found


def company_export(siret: str, territory: Territory | None) -> Export:
    opportunities = company_opportunities(siret, territory)
    invitations = in_scope(Invitation.objects.filter(siret=siret).select_related("campaign__territory"), territory,
                      "campaign__territory")  # fmt: skip
    answers = Response.objects.filter(invitation__in=invitations).select_related("campaign", "version")
    sections = [
        Section("declarations", _("Synergy declarations"), [
            _declaration_row(d) for d in in_scope(Declaration.objects.filter(siret=siret).select_related("territory"),
                                             territory)
        ]),
        Section("opportunities", _("Opportunities"), [_row(
            (_("territory"), o.territory.name), (_("opportunity"), o.title), (_("kind"), o.get_kind_display()),
            (_("status"), o.get_status_display()), (_("companies"), o.companies), (_("created"), o.created_at),
        ) for o in opportunities]),
        Section("opportunity_statuses", _("Opportunity follow-up"), [_row(
            (_("territory"), s.opportunity.territory.name), (_("opportunity"), s.opportunity.title),
            (_("status"), s.get_status_display()), (_("details"), s.note), (_("date"), s.at),
        ) for s in OpportunityStatusChange.objects.filter(opportunity__in=opportunities).select_related(
            "opportunity__territory")]),
        Section("consultation_invitations", _("Consultation invitations"), [_row(
            (_("territory"), i.campaign.territory.name), (_("consultation"), i.campaign.title),
            (_("establishment"), i.name), (_("email"), i.email), (_("segments"), i.segments),
            (_("sent on"), i.sent_on), (_("reminded on"), i.reminded_on),
        ) for i in invitations]),
        Section("leader_answers", _("Business leader's consultation answers"), [_row(
            (_("consultation"), r.campaign.title), (_("submitted on"), r.submitted_on),
            (_("segments"), r.segments), (_("answers"), r.answers),
        ) for r in answers]),
        Section("projects", _("Projects it carries"), [_row(
            (_("territory"), p.territory.name), (_("project"), p.title), (_("porteur"), p.porteur_name),
            (_("status"), p.get_status_display()), (_("pilot"), p.pilot), (_("pilot's email"), p.pilot_email),
        ) for p in in_scope(Project.objects.filter(porteur_siret=siret).select_related("territory"), territory)]),
        Section("representatives", _("Representatives on Tindus"), [_row(
            (_("territory"), m.territory.name), (_("person"), m.user.get_full_name()), (_("email"), m.user.email),
            (_("organisation"), m.organisation), (_("since"), m.created_at),
        ) for m in in_scope(Membership.objects.filter(role="company", company_siret=siret).select_related(
            "territory", "user"), territory)]),
    ]  # fmt: skip
    return Export("company", siret, territory.name if territory else _("every territory"), sections)
