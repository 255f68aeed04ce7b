"""A territory's sharing with the programme's steering: the team chooses, the committee reads.

The page (``Action.VIEW_PRIVATE``) says, kind by kind, the level in force and what the steering sees at each
level, and who that steering is; the team's form posts to :func:`sharing_save` (``Action.EDIT``). The settings
are tracked: each change goes to the territory's history with its author.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission, permission_required

from .forms import SharingForm
from .sharing import kind_rows, settings_of, steering_of


@permission_required(Action.VIEW_PRIVATE)
def sharing(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, None)


@permission_required(Action.EDIT)
def sharing_save(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("programme_territory:sharing", slug=slug)
    form = SharingForm(request.POST, instance=settings_of(request.territory))
    if not form.is_valid():
        return _page(request, form, status=400)
    sharing = form.save(commit=False)
    sharing.updated_by = request.user
    sharing.save()
    messages.success(request, _("Your sharing with the programme's steering has been saved."))
    return redirect("programme_territory:sharing", slug=slug)


def _page(request: HttpRequest, form: SharingForm | None, status: int = 200) -> HttpResponse:
    territory = request.territory
    current = settings_of(territory)
    if form is None and has_permission(request.user, Action.EDIT, territory):
        form = SharingForm(instance=current)
    rows = kind_rows(current)
    kinds = [(row, form[row.kind], list(zip(form[row.kind], row.levels, strict=True))) if form else (row, None, [])
             for row in rows]  # fmt: skip
    sections = [("kinds", _("What you share")), ("steering", _("Who reads it"))]
    context = {
        "territory": territory,
        "sharing": current,
        "form": form,
        "kinds": kinds,
        "steering": steering_of(territory),
        "sections": sections,
    }
    return render(request, "programme/sharing.html", context, status=status)
