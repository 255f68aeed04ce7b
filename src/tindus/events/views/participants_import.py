"""The organiser imports a registration list (CSV or XLSX, all or nothing) and downloads its template."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tindus.accounts.permissions import Action, permission_required
from tindus.core.uploads import WORKBOOK_MAX_BYTES, check_upload

from ..imports import RegistrationImportError, import_registrations
from ..imports_file import CATEGORY_WORDS, COLUMNS, template_csv, template_xlsx
from ..pages import event_of, page

TEMPLATES = {
    "csv": (template_csv, "text/csv; charset=utf-8"),
    "xlsx": (template_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Registration list (CSV or XLSX)"))

    def clean_file(self):
        return check_upload(
            self.cleaned_data["file"], WORKBOOK_MAX_BYTES, {".csv", ".xlsx"},
            _("The content of « %(name)s » does not match its name (expected: %(kind)s). Save the list again as "
              "CSV or XLSX, from the template above."),
        )  # fmt: skip


def _columns() -> list[tuple[str, str]]:
    """Each column of the file and what it holds."""
    meaning = {
        "siret": _("SIRET of the establishment, 14 digits (required); it must be in the territory."),
        "person_name": _("Name of the person who attends (required)."),
        "person_role": _("Their position (optional)."),
        "email": _("Their email (optional)."),
        "offers": _("What the company offers: categories separated by commas (%(codes)s)."),
        "offers_text": _("Details of the offer (free text)."),
        "seeks": _("What the company seeks: categories, as for « propose »."),
        "seeks_text": _("Details of what is sought (free text)."),
        "slots": _("Start times of the slots when the person is available, separated by spaces (« 14:00 14:25 »); "
                   "empty: every slot."),
        "max_meetings": _("Maximum number of meetings (optional)."),
    }  # fmt: skip
    codes = ", ".join(CATEGORY_WORDS)
    return [(header, meaning[key] % {"codes": codes} if key == "offers" else meaning[key])
            for header, key, _w in COLUMNS]  # fmt: skip


@permission_required(Action.EDIT)
def registration_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = import_registrations(event, upload.name, upload.read())
        except RegistrationImportError as failure:
            problems = failure.problems
        else:
            messages.success(request, ngettext("%(n)s company registered.", "%(n)s companies registered.",
                                               len(added)) % {"n": len(added)})  # fmt: skip
            return redirect("events:participants", slug=slug, pk=pk)
    return page(request, "participants_import.html", {
        "event": event, "form": form, "problems": problems, "columns": _columns(),
        "title": _("Import a registration list"),
    }, status=400 if form.errors or problems else 200)  # fmt: skip


@permission_required(Action.EDIT)
def registration_template(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    event = event_of(request, pk)
    if fmt not in TEMPLATES:
        raise Http404
    build, content_type = TEMPLATES[fmt]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{event.pk}.{fmt}"'
    return response
