"""Governance pages: instances and their members, meetings with attendance, minutes, decisions
and documents, the meeting's PDF pack, and the milestones of the territory as a timeline."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required, permissions_for
from tindus.jobs.api import job_url, start_job
from tindus.plan.models import BudgetLine
from tindus.plan.services import change_status
from tindus.territories.comments import subject_comments
from tindus.territories.forms import CommentForm

from .forms import DecisionForm, InstanceForm, MeetingDocumentForm, MeetingForm, MemberForm, MilestoneForm
from .ics import meetings_ics
from .models import Instance, InstanceMember, Meeting, MeetingDocument, TerritoryMilestone, contract_signed
from .tasks import export_meeting_pack
from .timeline import territory_timeline


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"territory": request.territory, "can": permissions_for(request.user, request.territory), **context}
    return render(request, template, context, status=status)


def _form(request: HttpRequest, form, title: str, delete_label: str = "") -> HttpResponse:
    return _page(
        request,
        "governance/form.html",
        {"form": form, "title": title, "delete_label": delete_label},
        status=400 if form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    order = [Instance.Kind.REGIONAL_STEERING, Instance.Kind.PROJECT_COMMITTEE, Instance.Kind.WORKING_GROUP]
    instances = sorted(
        territory.instances.prefetch_related("members", "meetings"), key=lambda i: (order.index(i.kind), i.name)
    )
    return _page(
        request,
        "governance/overview.html",
        {
            "instances": instances,
            "timeline": territory_timeline(territory),
            "milestones": territory.milestones.all(),
            "contract_signed": contract_signed(territory),
            "upcoming": Meeting.objects.filter(instance__territory=territory, date__gte=timezone.localdate())
            .select_related("instance")
            .order_by("date"),
        },
    )


@permission_required(Action.EDIT)
def instance_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(Instance, pk=pk, territory=request.territory) if pk else None
    form = InstanceForm(request.POST or None, instance=instance, territory=request.territory)
    if request.method == "POST":
        if request.POST.get("delete") and instance:
            instance.delete()
            messages.success(request, _("The instance has been deleted."))
            return redirect("governance:overview", slug=slug)
        if form.is_valid():
            instance = form.save()
            messages.success(request, _("The instance has been saved."))
            return redirect(instance.get_absolute_url())
    title = _("Edit %(name)s") % {"name": instance.name} if instance else _("New instance")
    delete = _("Delete this instance, its members and meetings") if instance else ""
    return _form(request, form, title, delete)


@permission_required(Action.VIEW_PRIVATE)
def instance_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    instance = get_object_or_404(Instance, pk=pk, territory=request.territory)
    return _instance_page(request, instance)


def _instance_page(request: HttpRequest, instance: Instance, member_form=None, status: int = 200):
    return _page(
        request,
        "governance/instance.html",
        {
            "instance": instance,
            "members": instance.members.all(),
            "meetings": instance.meetings.all(),
            "member_form": member_form or MemberForm(instance_obj=instance),
        },
        status=status,
    )


@permission_required(Action.EDIT)
def member_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    instance = get_object_or_404(Instance, pk=pk, territory=request.territory)
    if request.method != "POST":
        return redirect(instance.get_absolute_url())
    form = MemberForm(request.POST, instance_obj=instance)
    if not form.is_valid():
        return _instance_page(request, instance, form, status=400)
    member = form.save()
    messages.success(request, _("Member added: %(member)s.") % {"member": member})
    return redirect(instance.get_absolute_url() + "#membres")


@permission_required(Action.EDIT)
def member_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    member = get_object_or_404(InstanceMember, pk=pk, instance__territory=request.territory)
    if request.method == "POST":
        member.delete()
        messages.success(request, _("Member removed: %(member)s.") % {"member": member})
    return redirect(member.instance.get_absolute_url() + "#membres")


@permission_required(Action.EDIT)
def milestone_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    milestone = get_object_or_404(TerritoryMilestone, pk=pk, territory=request.territory) if pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, territory=request.territory)
    if request.method == "POST":
        if request.POST.get("delete") and milestone:
            milestone.delete()
            messages.success(request, _("The milestone has been deleted."))
            return redirect("governance:overview", slug=slug)
        if form.is_valid():
            form.save()
            messages.success(request, _("The milestone has been saved."))
            return redirect("governance:overview", slug=slug)
    title = _("Edit the milestone") if milestone else _("New milestone of the territory")
    return _form(request, form, title, _("Delete this milestone") if milestone else "")


@permission_required(Action.EDIT)
def meeting_edit(request: HttpRequest, slug: str, instance: int | None = None, pk: int | None = None):
    meeting = get_object_or_404(Meeting, pk=pk, instance__territory=request.territory) if pk else None
    instance_obj = (
        meeting.instance if meeting else get_object_or_404(Instance, pk=instance, territory=request.territory)
    )
    form = MeetingForm(request.POST or None, instance=meeting, instance_obj=instance_obj)
    if request.method == "POST":
        if request.POST.get("delete") and meeting:
            meeting.delete()
            messages.success(request, _("The meeting has been deleted."))
            return redirect(instance_obj.get_absolute_url())
        if form.is_valid():
            meeting = form.save()
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting.get_absolute_url())
    title = _("Edit the meeting of %(date)s") % {"date": meeting.date} if meeting else _("New meeting")
    return _form(request, form, title, _("Delete this meeting") if meeting else "")


def _meeting_page(request: HttpRequest, meeting: Meeting, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    return _page(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "decisions": meeting.decisions.select_related("project").prefetch_related("status_changes", "budget_lines"),
            "documents": meeting.documents.all(),
            "decision_form": bound.get("decision") or DecisionForm(meeting=meeting),
            "document_form": bound.get("document") or MeetingDocumentForm(meeting=meeting),
            "comments": subject_comments(meeting),
            "comment_form": CommentForm(),
            "target": meeting,
        },
        status=status,
    )


@permission_required(Action.VIEW_PRIVATE)
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("instance"), pk=pk, instance__territory=request.territory
    )
    return _meeting_page(request, meeting)


@permission_required(Action.EDIT)
def decision_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk, instance__territory=request.territory)
    if request.method != "POST":
        return redirect(meeting.get_absolute_url())
    form = DecisionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _meeting_page(request, meeting, {"decision": form}, status=400)
    data = form.cleaned_data
    with transaction.atomic():
        decision = form.save()
        if data["new_status"]:
            change = change_status(
                decision.project, data["new_status"], meeting.date, request.user,
                _("decision of %(meeting)s") % {"meeting": meeting},
            )  # fmt: skip
            decision.status_changes.add(change)
        if data["budget_label"]:
            line = BudgetLine.objects.create(
                project=decision.project, nature=data["budget_nature"], year=data["budget_year"],
                label=data["budget_label"], planned=data["budget_planned"],
            )  # fmt: skip
            decision.budget_lines.add(line)
    messages.success(request, _("The decision has been recorded."))
    return redirect(meeting.get_absolute_url() + "#decisions")


@permission_required(Action.EDIT)
def document_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk, instance__territory=request.territory)
    if request.method != "POST":
        return redirect(meeting.get_absolute_url())
    form = MeetingDocumentForm(request.POST, request.FILES, meeting=meeting)
    if not form.is_valid():
        return _meeting_page(request, meeting, {"document": form}, status=400)
    doc = form.save(commit=False)
    doc.uploaded_by = request.user
    doc.save()
    messages.success(request, _("Document added: %(title)s.") % {"title": doc.title})
    return redirect(meeting.get_absolute_url() + "#documents")


@permission_required(Action.VIEW_PRIVATE)
def document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    doc = get_object_or_404(MeetingDocument, pk=pk, meeting__instance__territory=request.territory)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1])


@permission_required(Action.VIEW_PRIVATE)
def meeting_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The pack of a meeting (agenda, attendance, minutes, decisions, the projects concerned): drawn as PDF
    in the background (POST), then downloaded from the job's page."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("instance"), pk=pk, instance__territory=request.territory
    )
    if request.method == "POST":
        job = start_job(export_meeting_pack, territory=request.territory, author=request.user, meeting=meeting.pk)
        return redirect(job_url(job))
    return render(request, "governance/meeting_pack.html", {"territory": request.territory, "meeting": meeting})


@permission_required(Action.VIEW_PRIVATE)
def meetings_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every meeting of the territory's instances as an iCalendar file, for calendar software."""
    meetings = Meeting.objects.filter(instance__territory=request.territory).select_related("instance")
    response = HttpResponse(
        meetings_ics(request.territory, meetings.order_by("date", "pk"), public=False),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="seances-{request.territory.slug}.ics"'
    return response
