"""The territory's timeline: its milestones and the meetings of its project committee."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tindus.charts import timeline_chart
from tindus.territories.models import Territory

from .models import Instance, Meeting


def territory_events(territory: Territory, public_only: bool = False) -> list[tuple[str, str, str]]:
    milestones = territory.milestones.all()
    if public_only:
        milestones = milestones.filter(is_public=True)
    events = [(m.date.isoformat(), f"{m.get_kind_display()} · {m.title}", m.kind) for m in milestones]
    meetings = Meeting.objects.filter(
        instance__territory=territory,
        instance__kind__in=[Instance.Kind.PROJECT_COMMITTEE, Instance.Kind.REGIONAL_STEERING],
    ).select_related("instance")
    if public_only:
        meetings = meetings.filter(instance__is_public=True)
    recorded = {(m.date, m.kind) for m in milestones}
    for meeting in meetings:
        if (meeting.date, "committee") not in recorded:
            events.append(
                (meeting.date.isoformat(), _("Meeting: %(name)s") % {"name": meeting.instance.name}, "meeting")
            )
    return sorted(events)


def territory_timeline(territory: Territory, public_only: bool = False) -> str:
    return timeline_chart(
        territory_events(territory, public_only), _("Milestones of %(name)s") % {"name": territory.name}
    )
