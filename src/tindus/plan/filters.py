"""Which projects a reader asks for: the filters shared by the project table, the timeline and the
funding summary (query string words ``levier``, ``statut``, ``porteur``, ``financeur``, ``annee``).

The rule a committee relies on: a project counts for a year when it runs that year (it has dates and
they overlap the year; a missing start or end leaves that side open) or when one of its budget lines
or fundings is for that year. An undated project with neither counts for no year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import Q, QuerySet

from tindus.territories.models import Territory

from .models import Axis, Financeur, Project, Status

FILTERS = ("levier", "statut", "porteur", "financeur", "annee")


def read_filters(query: Mapping[str, str]) -> dict[str, str]:
    """The filter words of a query string, trimmed; a missing one is the empty string."""
    return {key: (query.get(key) or "").strip() for key in FILTERS}


def counts_for_year(year: int) -> Q:
    """Projects that count for ``year`` (see the module's rule)."""
    running = (Q(start_date__isnull=True) | Q(start_date__lte=dt.date(year, 12, 31))) & (
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1))
    )
    dated = Q(start_date__isnull=False) | Q(end_date__isnull=False)
    return (running & dated) | Q(budgetlines__year=year) | Q(fundings__year=year)


def axis_and_descendants(axis: Axis) -> list[int]:
    """The ids of an axis and of every axis under it, at any depth."""
    ids, stack = [], [axis]
    while stack:
        node = stack.pop()
        ids.append(node.pk)
        stack.extend(node.children.all())
    return ids


def filtered_projects(territory: Territory, filters: Mapping[str, str]) -> QuerySet[Project]:
    """The territory's projects kept by the filters, by priority then title; unusable values are ignored."""
    projects = territory.projects.prefetch_related("axes", "fundings", "budgetlines")
    if filters["levier"].isdigit():
        lever = Axis.objects.filter(pk=filters["levier"], plan__territory=territory).first()
        if lever:
            projects = projects.filter(axes__in=axis_and_descendants(lever))
    if filters["statut"] in Status.values:
        projects = projects.filter(status=filters["statut"])
    if filters["porteur"]:
        projects = projects.filter(porteur_name__icontains=filters["porteur"])
    if filters["financeur"] in Financeur.values:
        projects = projects.filter(fundings__financeur=filters["financeur"])
    if filters["annee"].isdigit():
        projects = projects.filter(counts_for_year(int(filters["annee"])))
    return projects.distinct().order_by("priority", "title")
