"""A territory's common themes (/territoires/<slug>/programme/themes/): the team confirms, readers read.

The page (``Action.VIEW_PRIVATE``) lists the plan's levers and axes with the common theme in force; the team
(``Action.EDIT``) confirms each one, prefilled with the suggestion (marked so), through :func:`themes_save`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, has_permission, permission_required
from tindus.plan.models import Plan

from .forms_themes import ThemesForm
from .themes import axis_rows, project_themes, save_themes


@permission_required(Action.VIEW_PRIVATE)
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, None)


@permission_required(Action.EDIT)
def themes_save(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("programme_territory:themes", slug=slug)
    plan = Plan.objects.filter(territory=request.territory).first()
    if plan is None:
        return redirect("programme_territory:themes", slug=slug)
    form = ThemesForm(axis_rows(plan), request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    changes = save_themes(plan, form.chosen(), request.user)
    messages.success(
        request,
        ngettext("The common themes are confirmed (%(n)d change).", "The common themes are confirmed (%(n)d changes).",
                 changes) % {"n": changes},
    )  # fmt: skip
    return redirect("programme_territory:themes", slug=slug)


def _page(request: HttpRequest, form: ThemesForm | None, status: int = 200) -> HttpResponse:
    territory = request.territory
    plan = Plan.objects.filter(territory=territory).first()
    rows = axis_rows(plan) if plan is not None else []
    if form is None and rows and has_permission(request.user, Action.EDIT, territory):
        form = ThemesForm(rows)
    projects = list(territory.projects.all())
    found = project_themes(projects)
    without = [p for p in projects if found.get(p.pk) is None]
    context = {
        "territory": territory,
        "plan": plan,
        "rows": rows,
        "form": form,
        "project_count": len(projects),
        "without_theme": without,
        "sections": [("axes", _("Levers and axes")), ("projects-without-theme", _("Projects without a theme"))],
    }
    return render(request, "programme/themes.html", context, status=status)
