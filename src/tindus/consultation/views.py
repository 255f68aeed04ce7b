"""The respondent's side of a consultation: an employee opens a link (or scans its QR code), answers
without an account, may save a draft on the device and come back, and submits once."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import public

from .answers import check_answers
from .models import Audience, CampaignLink, QuestionnaireVersion
from .respond import read_form, referential_codes
from .services import SubmissionRefusedError, load_draft, new_token, save_draft, submit, token_used

COOKIE_AGE = 60 * 60 * 24 * 120


def _cookie(link: CampaignLink) -> str:
    return f"tindus-repondant-{link.campaign_id}"


@public
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
    if request.method == "POST":
        response = _post(request, link, respondent)
    else:
        version = campaign.questionnaire.current_version()
        response = _form(request, link, version, load_draft(campaign, respondent), {}, uuid.uuid4())
    if fresh:
        response.set_signed_cookie(_cookie(link), respondent, salt="consultation", max_age=COOKIE_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())  # fmt: skip
    return response


def _form(request, link, version, values, errors, key, status=200, message=""):
    schema = version.as_schema()
    return render(
        request,
        "consultation/form.html",
        {"link": link, "campaign": link.campaign, "schema": schema, "version": version, "values": values,
         "errors": errors, "submission_key": key, "message": message},
        status=status,
    )  # fmt: skip


def _post(request: HttpRequest, link: CampaignLink, respondent: str) -> HttpResponse:
    campaign = link.campaign
    version = QuestionnaireVersion.objects.filter(
        questionnaire=campaign.questionnaire, number=request.POST.get("version", "")
    ).first() if request.POST.get("version", "").isdigit() else None  # fmt: skip
    try:
        key = uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        version = None
    if version is None:
        return render(request, "consultation/closed.html", {"campaign": campaign, "bad": True}, status=400)
    schema = version.as_schema()
    raw = read_form(schema, request.POST)
    draft = request.POST.get("action") == "draft"
    checked = check_answers(schema, raw, referential_codes(), translate=_, partial=draft)
    if checked.forged:
        message = _("This form contains fields that are not questions of this questionnaire; nothing was saved.")
        return _form(request, link, version, raw, {}, key, status=400, message=message)
    if not checked.valid:
        return _form(request, link, version, raw, checked.errors, key, status=400,
                     message=_("Some answers need your attention; nothing was sent yet."))  # fmt: skip
    if draft:
        save_draft(campaign, respondent, raw)
        return _form(request, link, version, raw, {}, key, message=_("Your draft is saved on this device."))
    try:
        submit(
            campaign,
            version,
            checked,
            key,
            {**link.segments, "audience": Audience.EMPLOYEES},
            respondent_token=respondent,
        )
    except SubmissionRefusedError:
        return render(request, "consultation/closed.html", {"campaign": campaign}, status=410)
    return redirect("consultation:thanks", token=link.token)


@public
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    link = get_object_or_404(CampaignLink.objects.select_related("campaign"), token=token)
    return render(request, "consultation/thanks.html", {"campaign": link.campaign})
