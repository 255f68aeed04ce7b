"""The common themes of a territory's levers and axes, and the theme of each project.

A territory confirms once the theme of each lever or axis (:class:`~tindus.programme.models.AxisTheme`); an
axis without a theme of its own takes its parent's. A project takes the theme of the nearest confirmed axis
above it (for a project under several axes, the first of them in the plan's order that has one); a project
under no themed axis has none: the steering's lists say « thème non rapproché » and count them. Suggestions
(:mod:`.compute.themes`) only prefill the territory's form: they never count as a theme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from tindus.plan.models import Axis, Plan, Project
from tindus.plan.services import axes_in_order

from .compute.themes import suggest
from .models import AxisTheme, Theme


@dataclass(frozen=True)
class AxisRow:
    """One lever or axis on the themes page."""

    axis: Axis
    depth: int  # 0 for a lever
    confirmed: AxisTheme | None  # the territory's own choice for this axis
    suggestion: str | None  # the suggester's theme (None when unsure)
    inherited: str | None  # the theme in force above it (its parent's), None for a lever
    initial: str  # what the form shows: the confirmed theme, else the suggestion (unless inherited), else ""

    @property
    def theme(self) -> str | None:
        """The theme in force: its own, else its parent's."""
        return self.confirmed.theme if self.confirmed else self.inherited

    @property
    def theme_label(self) -> str:
        return str(Theme(self.theme).label) if self.theme else ""

    @property
    def suggestion_label(self) -> str:
        return str(Theme(self.suggestion).label) if self.suggestion else ""

    @property
    def suggested(self) -> bool:
        """The form shows a suggestion the team has not confirmed yet."""
        return self.confirmed is None and bool(self.initial)

    @property
    def field_name(self) -> str:
        return f"axe-{self.axis.pk}"


def axis_rows(plan: Plan) -> list[AxisRow]:
    """The plan's levers and axes in the tree's order, each with its confirmed theme and the suggestion."""
    axes = axes_in_order(plan)
    confirmed = {t.axis_id: t for t in AxisTheme.objects.filter(axis__plan=plan).select_related("confirmed_by")}
    in_force: dict[int, str | None] = {}  # axis → theme in force (confirmed only)
    shown: dict[int, str] = {}  # axis → what the form shows (confirmed or suggested), to inherit in the form
    rows: list[AxisRow] = []
    for axis in axes:  # parents come before their children
        own = confirmed.get(axis.pk)
        inherited = in_force.get(axis.parent_id) if axis.parent_id else None
        in_force[axis.pk] = own.theme if own else inherited
        suggestion = suggest(axis.title, axis.description)
        parent_shown = shown.get(axis.parent_id, "") if axis.parent_id else ""
        if own is not None:
            initial = own.theme
        elif suggestion and suggestion != (parent_shown or inherited or ""):
            initial = suggestion
        else:
            initial = ""
        shown[axis.pk] = initial or parent_shown or (inherited or "")
        rows.append(AxisRow(axis, len(axis.ancestors()) - 1, own, suggestion, inherited, initial))
    return rows


@transaction.atomic
def save_themes(plan: Plan, chosen: Mapping[int, str], user: object) -> int:
    """Record the team's choice for each axis of ``plan`` (axis id → theme value, "" for none or its parent's);
    only what changed is written (each change goes to the territory's history). Returns the number of changes."""
    current = {t.axis_id: t for t in AxisTheme.objects.filter(axis__plan=plan)}
    axes = set(plan.axes.values_list("pk", flat=True))
    changes = 0
    for axis_id, theme in chosen.items():
        if axis_id not in axes:
            continue
        existing = current.get(axis_id)
        if not theme:
            if existing is not None:
                existing.delete()
                changes += 1
            continue
        if existing is None:  # (another save may have just written it: then this one wins)
            AxisTheme.objects.update_or_create(axis_id=axis_id, defaults={"theme": theme, "confirmed_by": user})
            changes += 1
        elif existing.theme != theme:
            existing.theme, existing.confirmed_by = theme, user
            existing.save()
            changes += 1
    return changes


def project_themes(projects: Iterable[Project]) -> dict[int, Theme | None]:
    """Project id → the theme of the nearest confirmed axis above it, or None (three queries in all)."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    territories = {p.territory_id for p in projects}
    axes = {
        pk: (parent, position)
        for pk, parent, position in Axis.objects.filter(plan__territory_id__in=territories).values_list(
            "pk", "parent_id", "position"
        )
    }
    own = dict(AxisTheme.objects.filter(axis__plan__territory_id__in=territories).values_list("axis_id", "theme"))
    links: dict[int, list[int]] = {}
    # by territory, not by a list of thousands of project ids
    for project_id, axis_id in Project.axes.through.objects.filter(project__territory_id__in=territories).values_list(
        "project_id", "axis_id"
    ):
        links.setdefault(project_id, []).append(axis_id)

    def chain(axis_id: int) -> list[int]:
        found: list[int] = []
        node: int | None = axis_id
        while node is not None and node in axes and node not in found:
            found.append(node)
            node = axes[node][0]
        return found

    def code(axis_id: int) -> tuple[tuple[int, int], ...]:
        return tuple((axes[a][1], a) for a in reversed(chain(axis_id)))

    themes: dict[int, Theme | None] = {}
    for project_id in ids:
        theme = None
        for axis_id in sorted(links.get(project_id, []), key=code):
            theme = next((own[a] for a in chain(axis_id) if a in own), None)
            if theme:
                break
        themes[project_id] = Theme(theme) if theme else None
    return themes
