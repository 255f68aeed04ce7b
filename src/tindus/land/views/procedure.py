"""The inventory's legal procedure (Code de l'urbanisme, art. L318-8-2): where it stands, the consultation's
start, the adoption with its deliberation, the transmissions. The letters' pages are in
:mod:`.procedure_letters`."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tindus.accounts.permissions import Action, permission_required

from ..compute.procedure import FIRST_DEADLINE
from ..forms_procedure import AdoptionForm, ConsultationStartForm, TransmissionForm
from ..models import Adoption
from ..periodic_procedure import refresh_notice
from ..procedure_records import (
    is_late,
    missing_transmissions,
    occupants,
    owners,
    procedure_state,
    start_consultation,
    units_without_owner,
)

STAGES = {
    "draft": gettext_lazy("no consultation yet"),
    "consultation": gettext_lazy("consultation open"),
    "consultation closed": gettext_lazy("consultation over, adoption to come"),
    "adopted": gettext_lazy("adopted, to send to the planning bodies"),
    "transmitted": gettext_lazy("adopted and sent"),
    "refresh due": gettext_lazy("refresh due"),
}


@permission_required(Action.VIEW_PRIVATE)
def procedure(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    today = timezone.localdate()
    state = procedure_state(territory)
    letters = []
    counts = {"total": 0, "answered": 0, "late": 0, "corrections": 0}
    if state.consultation is not None:
        letters = list(state.consultation.letters.annotate(unit_count=Count("units")))
        for letter in letters:
            letter.late = is_late(letter)
        counts = {
            "total": len(letters),
            "answered": sum(1 for letter in letters if letter.answered_on),
            "late": sum(1 for letter in letters if letter.late),
            "corrections": sum(1 for letter in letters if letter.correction and not letter.correction_applied),
        }
    counts["unanswered"] = counts["total"] - counts["answered"]
    past = territory.land_consultations.annotate(
        letter_count=Count("letters"), answered=Count("letters", filter=Q(letters__answered_on__isnull=False))
    )
    if state.consultation is not None:
        past = past.exclude(pk=state.consultation.pk)
    sections = [
        ("calendrier", _("Timeline")),
        ("courriers", _("Letters and answers")),
        ("adoption", _("Adoption and transmissions")),
        ("consultations", _("Earlier consultations")),
    ]
    adoption = state.adoption or state.previous_adoption
    return render(
        request,
        "land/procedure/home.html",
        {
            "territory": territory,
            "today": today,
            "state": state,
            "stage": STAGES[state.timeline.stage(today)],
            "stage_key": state.timeline.stage(today),
            "days_left": state.timeline.days_left(today),
            "may_adopt": state.timeline.may_adopt(today),
            "first_deadline": FIRST_DEADLINE,
            "letters": letters,
            "counts": counts,
            "unowned": units_without_owner(territory),
            "adoption": adoption,
            "transmissions": adoption.transmissions.all() if adoption else [],
            "missing": missing_transmissions(adoption) if adoption else [],
            "past": past,
            "notice": refresh_notice(territory, today),
            "sections": sections,
        },
    )


@permission_required(Action.EDIT)
def consultation_start(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: who will be written to (and the units nobody can be written to about); POST: record the
    consultation and its letters."""
    territory = request.territory
    form = ConsultationStartForm(request.POST or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        consultation = start_consultation(
            territory, form.cleaned_data["started_on"], note=form.cleaned_data["note"], user=request.user
        )
        count = consultation.letters.count()
        messages.success(
            request,
            ngettext(
                "Consultation recorded: %(count)d letter to send.",
                "Consultation recorded: %(count)d letters to send.",
                count,
            )
            % {"count": count},
        )
        unowned = units_without_owner(territory)
        if unowned:
            messages.warning(
                request,
                ngettext(
                    "%(count)d land unit has no owner recorded and is in no letter: %(units)s.",
                    "%(count)d land units have no owner recorded and are in no letter: %(units)s.",
                    len(unowned),
                )
                % {"count": len(unowned), "units": ", ".join(unit.terr_id for unit in unowned)},
            )
        return redirect("land:procedure", slug=slug)
    return render(
        request,
        "land/procedure/consultation_start.html",
        {
            "territory": territory,
            "form": form,
            "owners": owners(territory),
            "occupants": occupants(territory),
            "unowned": units_without_owner(territory),
        },
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def adoption(request: HttpRequest, slug: str) -> HttpResponse:
    """The deliberation adopting the inventory: only once the consultation's 30 days are over."""
    territory = request.territory
    form = AdoptionForm(request.POST or None, request.FILES or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The adoption of the inventory has been recorded."))
        return redirect(_procedure_url(slug) + "#adoption")
    state = procedure_state(territory)
    return render(
        request,
        "land/procedure/adoption.html",
        {
            "territory": territory,
            "form": form,
            "state": state,
            "may_adopt": state.timeline.may_adopt(timezone.localdate()),
        },
        status=400 if form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def adoption_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    found = get_object_or_404(Adoption, pk=pk, territory=request.territory)
    if not found.document:
        raise Http404
    return FileResponse(found.document.open("rb"), as_attachment=True, filename=found.document.name.rsplit("/", 1)[-1])


@permission_required(Action.EDIT)
def transmission(request: HttpRequest, slug: str) -> HttpResponse:
    """The adopted inventory sent to the body in charge of the SCoT, a PLU(i) or the PCAET."""
    territory = request.territory
    adopted = territory.land_adoptions.first()
    form = TransmissionForm(request.POST or None, adoption=adopted)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The transmission has been recorded."))
        return redirect(_procedure_url(slug) + "#adoption")
    return render(
        request,
        "land/procedure/transmission.html",
        {
            "territory": territory,
            "form": form,
            "adoption": adopted,
            "missing": missing_transmissions(adopted) if adopted else [],
        },
        status=400 if form.errors else 200,
    )


def _procedure_url(slug: str) -> str:
    return reverse("land:procedure", kwargs={"slug": slug})
