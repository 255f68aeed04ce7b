"""Gaps turned into proposals: a training pathway, a pooled recruitment or a project of the action plan.

A proposal keeps the figures its gap rested on when it was made (``evidence``), since the table moves with
each BMO release and each imported session. A project of the plan cites the job as its evidence (kind
``employment``, :mod:`.evidence`), so that the plan links back to the figures.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tindus.plan.evidence import resolve
from tindus.plan.models import EvidenceLink, Project, Status
from tindus.plan.services import create_project
from tindus.territories.models import Territory

from .analysis import Report, job_figures
from .models import Proposal
from .pooling import JobPool

TITLES = {
    Proposal.Kind.TRAINING: "Parcours de formation : %(job)s",
    Proposal.Kind.POOLED: "Recrutement mutualisé : %(job)s",
    Proposal.Kind.PROJECT: "Répondre aux besoins de recrutement : %(job)s",
}


def snapshot(report: Report, job: str) -> dict[str, Any]:
    """The territory's figures of ``job`` as the table shows them now (JSON, kept with the proposal)."""
    rows = [row for table, row in job_figures(report, job) if table.area.kind == "territory"]
    if not rows or report.record is None:
        return {}
    need = rows[0].need
    settings = report.settings
    return {
        "year": report.record.year,
        "source": report.record.source,
        "projects": [need.projects.value, need.projects.masked],
        "difficult": [need.difficult.value, need.difficult.masked],
        "difficult_share": need.difficult_share,
        "difficult_share_basis": need.difficult_share_basis,
        "seasonal_share": need.seasonal_share,
        "sessions_near": need.sessions_near,
        "sessions_remote": need.sessions_remote,
        "radius_km": settings.radius_km,
        "months": settings.months,
        "reference": report.reference.isoformat(),
        "method": report.apportioning.method if report.apportioning else "",
        "gap": need.gap,
    }


@transaction.atomic
def create_proposal(
    territory: Territory,
    *,
    job: str,
    job_name: str,
    kind: str,
    report: Report,
    user: Any,
    title: str = "",
    description: str = "",
    pool: JobPool | None = None,
    synthetic: bool = False,
) -> Proposal:
    """Record a proposal for ``job``; a project of the plan is created with it when ``kind`` says so."""
    proposal = Proposal.objects.create(
        territory=territory,
        kind=kind,
        job=job,
        job_name=job_name,
        title=(title or TITLES[kind] % {"job": job_name})[:300],
        description=description,
        evidence=snapshot(report, job),
        companies=[
            {"siret": m.siret, "name": m.name, "people": m.people, "commune": m.commune}
            for m in (pool.members if pool else ())
        ],  # fmt: skip
        created_by=user if getattr(user, "is_authenticated", False) else None,
        synthetic=synthetic,
    )
    if kind == Proposal.Kind.PROJECT:
        make_project(proposal, user)
    return proposal


@transaction.atomic
def make_project(proposal: Proposal, user: Any) -> Project:
    """A project of the action plan for the proposal (an idea, led by the working group), citing the job."""
    if proposal.project_id:
        return proposal.project
    description = proposal.description or _(
        "Proposed by the employment–training working group for the job « %(job)s » (%(code)s)."
    ) % {"job": proposal.job_name, "code": proposal.job}
    project = create_project(
        Project(
            territory=proposal.territory,
            title=proposal.title,
            description=description,
            porteur_name=_("Employment–training working group"),
            status=Status.IDEA,
        ),
        user if getattr(user, "is_authenticated", False) else None,
    )
    resolved = resolve("employment", proposal.territory, proposal.job)
    EvidenceLink.objects.create(
        project=project,
        kind="employment",
        reference=proposal.job,
        label=resolved.label[:300],
        comment=_gap_comment(proposal)[:500],
    )
    proposal.project = project
    proposal.save(update_fields=["project"])
    return project


def _gap_comment(proposal: Proposal) -> str:
    evidence = proposal.evidence
    if not evidence:
        return ""
    share = evidence.get("difficult_share")
    return _(
        "BMO %(year)s: %(projects)s recruitment projects, %(share)s judged difficult; %(sessions)d training "
        "sessions within %(km)s km starting within %(months)s months."
    ) % {
        "year": evidence["year"],
        "projects": round(evidence["projects"][0]),
        "share": f"{round(share * 100)} %" if share is not None else "—",
        "sessions": evidence["sessions_near"],
        "km": evidence["radius_km"],
        "months": evidence["months"],
    }
