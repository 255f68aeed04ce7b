"""The consultation's letters: one letter with its answer, its email to copy or download, and the PDF of all
letters. Tindus sends nothing to the owners and occupants: the team sends from its own mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission, may_open, permission_required
from tindus.jobs.api import job_url, start_job

from ..forms_procedure import AnswerForm
from ..letters import email_body, eml, letter_text
from ..models import OwnerConsultation, OwnerLetter
from ..procedure_records import is_late
from ..tasks_procedure import letters_pdf as letters_pdf_task


def _letter(request: HttpRequest, pk: int) -> OwnerLetter:
    return get_object_or_404(
        OwnerLetter.objects.select_related("consultation__territory"), pk=pk, consultation__territory=request.territory
    )


def unit_links(request: HttpRequest, letter_units: list) -> list[tuple[object, str]]:
    """Each unit of the letter with the address of its edit page, when that page exists and the user may open
    it (empty otherwise)."""
    out = []
    for unit in letter_units:
        try:
            url = reverse("land:unit_edit", kwargs={"slug": request.territory.slug, "pk": unit.pk})
        except NoReverseMatch:
            url = ""
        out.append((unit, url if url and may_open(request.user, url) else ""))
    return out


@permission_required(Action.VIEW_PRIVATE)
def letter(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The letter, its units and its answer; POST (the team): record the answer."""
    found = _letter(request, pk)
    may_edit = has_permission(request.user, Action.EDIT, request.territory)
    form = AnswerForm(request.POST or None, instance=found) if may_edit else None
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            form.save()
            messages.success(request, _("The answer of %(name)s has been recorded.") % {"name": found.name})
            return redirect(reverse("land:procedure", kwargs={"slug": slug}) + "#courriers")
    text = letter_text(found)
    return render(
        request,
        "land/procedure/letter.html",
        {
            "territory": request.territory,
            "letter": found,
            "text": text,
            "units": unit_links(request, [facts.unit for facts in text.units]),
            "late": is_late(found),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def letter_email(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The email's subject and body to copy into the team's mail, or (``?format=eml``) a draft message file."""
    found = _letter(request, pk)
    text = letter_text(found)
    if request.GET.get("format") == "eml":
        response = HttpResponse(eml(found, text, request.user.email), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="courriel-consultation-{found.pk}.eml"'
        return response
    return render(
        request,
        "land/procedure/letter_email.html",
        {"territory": request.territory, "letter": found, "text": text, "body": email_body(text)},
    )


@permission_required(Action.VIEW_PRIVATE)
def letters_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: draw every letter of the consultation in one PDF, in the background; GET: back to the procedure."""
    consultation = get_object_or_404(OwnerConsultation, pk=pk, territory=request.territory)
    if request.method != "POST":
        return redirect(reverse("land:procedure", kwargs={"slug": slug}) + "#courriers")
    job = start_job(letters_pdf_task, territory=request.territory, author=request.user, consultation=consultation.pk)
    return redirect(job_url(job))
