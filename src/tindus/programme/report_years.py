"""The years a programme report can be made for: those in which the followed territories of its scope
recorded something they share (or made public).

A year has data when something is dated in it: a project created or a status changed, a funding requested,
granted or paid, a milestone or a committee meeting, a consultation answer, an event held. Each territory's
sharing applies: what it keeps to itself (private content of a kind it does not share) does not make a year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear

from tindus.consultation.models import Response
from tindus.events.models import Event
from tindus.governance.models import Meeting, TerritoryMilestone
from tindus.plan.models import Funding, Project, StatusChange
from tindus.referentials.models import Region

from .compute.report import FIRST_YEAR
from .models import Level
from .scope import followed_territories
from .summary import sharing_levels


def _years(queryset: QuerySet, field: str) -> set[int]:
    return {
        year
        for year in queryset.annotate(dated_year=ExtractYear(field))
        .values_list("dated_year", flat=True)
        .distinct()
        .order_by()
        if year is not None
    }


def data_years(region: Region | None, today: dt.date) -> list[int]:
    """The years, from the programme's first to ``today``'s, with data shared by the scope's territories."""
    ids = [f.territory.pk for f in followed_territories(region)]
    levels = sharing_levels(ids)

    def sharing(kind: str) -> list[int]:
        return [pk for pk in ids if levels[pk][kind] != Level.NOTHING]

    plan = Q(territory_id__in=sharing("plan")) | Q(territory_id__in=ids, is_public=True)
    changes = Q(project__territory_id__in=sharing("plan")) | Q(project__territory_id__in=ids, project__is_public=True)
    governance = Q(territory_id__in=sharing("governance")) | Q(territory_id__in=ids, is_public=True)
    meetings = Q(instance__territory_id__in=sharing("governance")) | Q(
        instance__territory_id__in=ids, instance__is_public=True
    )
    funding = Funding.objects.filter(project__territory_id__in=sharing("funding"))
    years = (
        _years(Project.objects.filter(plan), "created_at")
        | _years(StatusChange.objects.filter(changes), "date")
        | _years(funding, "requested_on")
        | _years(funding.exclude(granted_on=None), "granted_on")
        | _years(funding.exclude(paid_on=None), "paid_on")
        | _years(TerritoryMilestone.objects.filter(governance), "date")
        | _years(Meeting.objects.filter(meetings), "date")
        | _years(Response.objects.filter(campaign__territory_id__in=sharing("consultation")), "submitted_on")
        | _years(Event.objects.filter(territory_id__in=sharing("events")), "date")
    )
    return sorted(year for year in years if FIRST_YEAR <= year <= today.year)
