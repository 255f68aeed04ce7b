"""The respondent's side of a consultation: an employee opens a link (or scans its QR code), answers
without an account, may save a draft on the device and come back, and submits once; a business
leader opens the personal link of an invitation, sees the establishment it is for, and answers once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from tindus.accounts.permissions import public

from ..compute.answers import check_answers
from ..models import Audience, Campaign, CampaignLink, Invitation, QuestionnaireVersion
from ..respond import read_form, referential_codes
from ..services import SubmissionRefusedError, load_draft, new_token, save_draft, submit, token_used

COOKIE_AGE = 60 * 60 * 24 * 120


@dataclass
class Access:
    """Who is answering, as far as the answer may know: the segments it is counted in, and how a
    second answer is prevented (a device token for employees, the invitation for leaders)."""

    campaign: Campaign
    label: str
    segments: dict[str, Any]
    thanks_url: str
    draft_key: str
    respondent_token: str | None = None
    invitation: Invitation | None = None
    staff: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _cookie(link: CampaignLink) -> str:
    return f"tindus-repondant-{link.campaign_id}"


@public
@gzip_page  # the job and commune suggestions weigh 160 kB, 30 kB compressed: phones on mobile data
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    link = get_object_or_404(CampaignLink.objects.select_related("campaign__questionnaire"), token=token)
    campaign = link.campaign
    if campaign.questionnaire.audience != Audience.EMPLOYEES:
        return render(request, "consultation/closed.html", {"campaign": campaign}, status=404)
    if not campaign.is_open():
        return render(request, "consultation/closed.html", {"campaign": campaign}, status=410)
    respondent = request.get_signed_cookie(_cookie(link), default=None, salt="consultation")
    fresh = respondent is None
    respondent = respondent or new_token()
    if token_used(campaign, respondent):
        return render(request, "consultation/thanks.html", {"campaign": campaign, "already": True})
    access = Access(campaign, link.label, {**link.segments, "audience": Audience.EMPLOYEES},
                    reverse("consultation:thanks", kwargs={"token": link.token}), respondent,
                    respondent_token=respondent)  # fmt: skip
    response = respond(request, access)
    if fresh:
        response.set_signed_cookie(_cookie(link), respondent, salt="consultation", max_age=COOKIE_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())  # fmt: skip
    return response


@public
@gzip_page
def answer_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("campaign__questionnaire"), token=token)
    campaign = invitation.campaign
    if hasattr(invitation, "response"):
        return render(request, "consultation/thanks.html", {"campaign": campaign, "already": True, "leader": True})
    if not campaign.is_open():
        return render(request, "consultation/closed.html", {"campaign": campaign}, status=410)
    access = Access(campaign, invitation.name, {**invitation.segments, "audience": Audience.LEADERS},
                    reverse("consultation:invitation_thanks", kwargs={"token": token}), token,
                    invitation=invitation)  # fmt: skip
    return respond(request, access)


def respond(request: HttpRequest, access: Access, template: str = "consultation/form.html") -> HttpResponse:
    """Show the questionnaire (with the saved draft), or take a draft or a submission."""
    campaign = access.campaign
    if request.method != "POST":
        version = campaign.questionnaire.current_version()
        return _form(request, access, version, load_draft(campaign, access.draft_key), {}, uuid.uuid4(), template)
    number = request.POST.get("version", "")
    version = (QuestionnaireVersion.objects.filter(questionnaire=campaign.questionnaire, number=number).first()
               if number.isdigit() else None)  # fmt: skip
    try:
        key = uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        version = None
    if version is None:
        return render(request, "consultation/closed.html", {"campaign": campaign, "bad": True}, status=400)
    schema = version.as_schema()
    raw = read_form(schema, request.POST)
    draft = request.POST.get("action") == "draft" and not access.staff
    checked = check_answers(schema, raw, referential_codes(), translate=_, partial=draft)
    if checked.forged:
        message = _("This form contains fields that are not questions of this questionnaire; nothing was saved.")
        return _form(request, access, version, raw, {}, key, template, status=400, message=message)
    if not checked.valid:
        return _form(request, access, version, raw, checked.errors, key, template, status=400,
                     message=_("Some answers need your attention; nothing was sent yet."))  # fmt: skip
    if draft:
        save_draft(campaign, access.draft_key, raw)
        return _form(request, access, version, raw, {}, key, template, message=_("Your draft is saved on this device."))
    try:
        submit(campaign, version, checked, key, access.segments, respondent_token=access.respondent_token,
               invitation=access.invitation, entered_by_staff=access.staff)  # fmt: skip
    except SubmissionRefusedError:
        return render(request, "consultation/closed.html", {"campaign": campaign}, status=410)
    return redirect(access.thanks_url)


def _form(request, access, version, values, errors, key, template, status=200, message=""):
    return render(
        request,
        template,
        {"access": access, "campaign": access.campaign, "schema": version.as_schema(), "version": version,
         "values": values, "errors": errors, "submission_key": key, "message": message, **access.extra},
        status=status,
    )  # fmt: skip


@public
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    link = get_object_or_404(CampaignLink.objects.select_related("campaign"), token=token)
    return render(request, "consultation/thanks.html", {"campaign": link.campaign})


@public
def invitation_thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("campaign"), token=token)
    return render(request, "consultation/thanks.html", {"campaign": invitation.campaign, "leader": True})
