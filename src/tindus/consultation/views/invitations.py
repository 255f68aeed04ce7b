"""The team's side of business leaders' invitations, and paper or phone answers entered by the team."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, start_job
from tindus.warehouse.queries import WarehouseUnavailableError

from ..compute.segments import BANDS_OF_CLASS
from ..dashboard import SEGMENTS
from ..forms import InvitationFileForm, InviteForm, WarehouseInvitationForm
from ..invitations import (
    RATE_DIMENSIONS,
    Filters,
    InvitationError,
    import_invitations,
    invite,
    invite_from_warehouse,
    pending_invitations,
    response_rates,
)
from ..models import Audience, Campaign, Invitation
from ..offered_declarations import offered_declarations
from ..tasks import send_campaign_invitations
from .respondent import Access, respond


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)


def _problems(request: HttpRequest, error: InvitationError, filename: str = "") -> None:
    for line, reason in error.problems[:20]:
        where = f"{filename}, " + _("line %(n)s") % {"n": line} + " : " if line else ""
        messages.error(request, where + reason)
    if len(error.problems) > 20:
        messages.error(request, _("… and %(n)s more problems.") % {"n": len(error.problems) - 20})
    messages.error(request, _("Nothing was added."))


def _post(request: HttpRequest, campaign: Campaign) -> dict | HttpResponse:
    """Apply one of the page's forms; return the bound forms to show again when one is invalid, or the
    answer that follows the e-mails' job."""
    action = request.POST.get("action")
    if action == "warehouse":
        form = WarehouseInvitationForm(request.POST, territory=campaign.territory)
        if not form.is_valid():
            return {"warehouse_form": form}
        data = form.cleaned_data
        filters = Filters(data["naf_prefix"], BANDS_OF_CLASS.get(data["size"], ()), data["epci"], data["commune"],
                          data["employers_only"])  # fmt: skip
        try:
            added = invite_from_warehouse(campaign, filters)
        except WarehouseUnavailableError:
            messages.error(request, _("The warehouse holds no SIRENE data yet: import it first."))
            return {}
        messages.success(request, _("%(n)s establishments invited.") % {"n": len(added)})
    elif action == "add":
        form = InviteForm(request.POST)
        if not form.is_valid():
            return {"invite_form": form}
        try:
            invite(campaign, form.cleaned_data["siret"], form.cleaned_data["email"])
        except InvitationError as error:
            form.add_error("siret", error.problems[0][1])
            return {"invite_form": form}
        messages.success(request, _("The invitation is saved."))
    elif action == "import":
        form = InvitationFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"file_form": form}
        upload = form.cleaned_data["file"]
        try:
            added = import_invitations(campaign, upload.read())
        except InvitationError as error:
            _problems(request, error, upload.name)
            return {"file_form": form}
        messages.success(request, _("%(n)s establishments invited from the file.") % {"n": len(added)})
    elif action in ("send", "remind"):
        reminder = action == "remind"
        if not pending_invitations(campaign, reminder).exists():
            messages.info(request, _("No reminder to send today.") if reminder else _("No invitation to send."))
            return {}
        # The e-mails' links need the site's address, which the worker does not know: it is passed along.
        job = start_job(send_campaign_invitations, territory=campaign.territory, author=request.user,
                        campaign=campaign.pk, reminder=reminder, site=request.build_absolute_uri("/"))  # fmt: skip
        return redirect(job_url(job))
    else:
        raise Http404
    return {}


@permission_required(Action.EDIT)
def invitations(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if campaign.audience != Audience.LEADERS:
        raise Http404
    bound = {}
    if request.method == "POST":
        bound = _post(request, campaign)
        if isinstance(bound, HttpResponse):
            return bound
        if not bound:
            return redirect("consultation_team:invitations", slug=slug, pk=pk)
    context = {
        "territory": request.territory,
        "campaign": campaign,
        "invitations": campaign.invitations.select_related("response"),
        "rates": [(SEGMENTS[d], rates) for d, rates in response_rates(campaign).items() if d in RATE_DIMENSIONS],
        "warehouse_form": WarehouseInvitationForm(territory=campaign.territory),
        "invite_form": InviteForm(),
        "declarations": [o for o in offered_declarations(campaign.territory_id) if o.campaign_id == campaign.pk],
        "file_form": InvitationFileForm(),
        **bound,
    }
    return render(request, "consultation/invitations.html", context, status=400 if bound else 200)


@permission_required(Action.EDIT)
def invitation_delete(request: HttpRequest, slug: str, pk: int, invitation: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    item = get_object_or_404(Invitation, pk=invitation, campaign=campaign)
    if request.method == "POST":
        if hasattr(item, "response"):
            messages.error(request, _("This establishment has answered: its invitation is kept."))
        else:
            item.delete()
            messages.success(request, _("The invitation is withdrawn."))
    return redirect("consultation_team:invitations", slug=slug, pk=pk)


@permission_required(Action.EDIT)
def staff_entry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A paper or phone answer typed by the team: for an invited establishment, or through an employees' link."""
    campaign = _campaign(request, pk)
    source = request.GET.get("invitation") or request.GET.get("link") or ""
    if not source.isdigit():
        raise Http404
    if "invitation" in request.GET:
        invitation = get_object_or_404(Invitation, pk=source, campaign=campaign)
        if hasattr(invitation, "response"):
            messages.error(request, _("This establishment has already answered."))
            return redirect("consultation_team:invitations", slug=slug, pk=pk)
        access = Access(campaign, invitation.name, {**invitation.segments, "audience": Audience.LEADERS}, "",
                        "", invitation=invitation, staff=True)  # fmt: skip
        done = reverse("consultation_team:invitations", kwargs={"slug": slug, "pk": pk})
    else:
        link = get_object_or_404(campaign.links, pk=source)
        access = Access(campaign, link.label, {**link.segments, "audience": Audience.EMPLOYEES}, "", "", staff=True)
        done = reverse("consultation_team:results", kwargs={"slug": slug, "pk": pk})
    access.thanks_url = done
    access.extra = {"territory": request.territory}
    response = respond(request, access)
    if response.status_code == 302:
        messages.success(request, _("The paper answer is recorded."))
    return response
