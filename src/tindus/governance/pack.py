"""The pack of a meeting for its participants: agenda, attendance, minutes, decisions and the projects
they concern (drawn as PDF by ``governance/meeting_pdf.html``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Meeting


def pack_context(meeting: Meeting) -> dict[str, Any]:
    decisions = list(meeting.decisions.select_related("project").prefetch_related("status_changes", "budget_lines"))
    projects = {d.project for d in decisions if d.project}
    return {
        "territory": meeting.instance.territory,
        "meeting": meeting,
        "decisions": decisions,
        "projects": sorted(projects, key=lambda p: p.title),
        "documents": meeting.documents.all(),
        "generated_at": timezone.now(),
    }


def pack_filename(meeting: Meeting) -> str:
    return f"seance-{meeting.date.isoformat()}-{meeting.pk}.pdf"
