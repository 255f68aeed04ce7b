"""The team's answer links for employees: one more for a company, and the QR code of each."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..links import LinkForm, create_link, qr_image
from ..models import Audience, Campaign, CampaignLink


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)


@permission_required(Action.EDIT)
def link_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A new employees' link, for a company (segments from SIRENE) or any other group."""
    campaign = _campaign(request, pk)
    if campaign.audience != Audience.EMPLOYEES:
        raise Http404  # business leaders answer through their personal invitation
    form = LinkForm(request.POST if request.method == "POST" else None, territory=request.territory)
    if form.is_bound and form.is_valid():
        create_link(campaign, form.cleaned_data["label"], form.establishment)
        messages.success(request, _("The answer link is created."))
        return redirect("consultation_team:results", slug=slug, pk=pk)
    context = {"territory": request.territory, "campaign": campaign, "link_form": form}
    return render(request, "consultation/link_form.html", context, status=400 if form.errors else 200)


@permission_required(Action.EDIT)
def link_qr(request: HttpRequest, slug: str, pk: int, link: int, fmt: str = "svg") -> HttpResponse:
    """The QR code of an answer link: it opens the same absolute address as the link itself."""
    item = get_object_or_404(CampaignLink, pk=link, campaign=_campaign(request, pk))
    url = request.build_absolute_uri(reverse("consultation:answer", kwargs={"token": item.token}))
    title = _("QR code of the answer link « %(label)s »") % {"label": item.label}
    content = qr_image(url, fmt, title)
    response = HttpResponse(content, content_type="image/png" if fmt == "png" else "image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{slugify(item.label) or item.pk}.{fmt}"'
    return response
