"""Pages of the action plan: the tree, the project table, a project, the timeline, the funding
summary, the workbook import and export, and the "état du plan" (the long ones as background jobs)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required, permissions_for
from tindus.core.history import object_history
from tindus.jobs.api import job_url, save_input, start_job
from tindus.territories.comments import subject_comments
from tindus.territories.forms import CommentForm
from tindus.warehouse.queries import WarehouseUnavailableError, establishment_by_siret
from tindus.warehouse.services import get_warehouse

from . import evidence
from .compute.funding import summarise
from .compute.gantt import Bar, gantt_svg
from .filters import filtered_projects, read_filters
from .forms import (
    AxisForm,
    BudgetLineForm,
    DocumentForm,
    EvidenceForm,
    FundingForm,
    ImportForm,
    IndicatorForm,
    IndicatorValueForm,
    MilestoneForm,
    PlanForm,
    ProjectForm,
    ReportDateForm,
    StatusForm,
)
from .importing import template_workbook
from .models import Axis, Financeur, Funding, Project, ProjectDocument, Status
from .report import plan_state
from .services import (
    change_status,
    create_project,
    delete_part,
    delete_project,
    deleted_parts,
    funding_rows,
    plan_of,
    plan_tree,
    status_message,
)
from .tables import funder_rows, project_rows, year_rows
from .tasks import export_plan_state, export_plan_workbook, import_plan_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The parts of a project edited from its page: URL word -> (form, related name, heading).
PARTS = {
    "budget": (BudgetLineForm, "budgetlines"),
    "financement": (FundingForm, "fundings"),
    "jalon": (MilestoneForm, "milestones"),
    "indicateur": (IndicatorForm, "indicators"),
    "mesure": (IndicatorValueForm, None),
    "document": (DocumentForm, "projectdocuments"),
    "justification": (EvidenceForm, "evidencelinks"),
}


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(Project, pk=pk, territory=request.territory)


def _part_form(kind: str, project: Project, data=None, files=None):
    """The form of one part of a project, its element ids prefixed by its kind: the project page
    shows all of them at once, and two fields named ``year`` must not share an id."""
    form_class, _related = PARTS[kind]
    return form_class(data, files, project=project, auto_id=f"id_{kind}_%s")


def _status_form(project: Project, data=None) -> StatusForm:
    return StatusForm(data, project=project, auto_id="id_statut_%s")


@permission_required(Action.VIEW_PRIVATE)
def plan_home(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan as a tree: levers, axes to any depth, and the projects under each."""
    territory = request.territory
    plan = plan_of(territory)
    roots, orphans = plan_tree(plan, list(territory.projects.prefetch_related("axes")))
    return render(
        request,
        "plan/tree.html",
        {
            "territory": territory,
            "plan": plan,
            "roots": roots,
            "orphans": orphans,
            "can": permissions_for(request.user, territory),
            "project_count": territory.projects.count(),
        },
    )


@permission_required(Action.EDIT)
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_of(request.territory)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The plan has been saved."))
        return redirect("plan:home", slug=slug)
    return _form_page(request, form, _("Title and ambition of the plan"), status=400 if form.errors else 200)


def _form_page(request: HttpRequest, form, title: str, status: int = 200, multipart: bool = False) -> HttpResponse:
    return render(
        request,
        "plan/form.html",
        {"territory": request.territory, "form": form, "title": title, "multipart": multipart, "method": "post"},
        status=status,
    )


@permission_required(Action.EDIT)
def axis_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    plan = plan_of(request.territory)
    axis = get_object_or_404(Axis, pk=pk, plan=plan) if pk else None
    initial = {}
    if axis is None and request.GET.get("sous"):
        parent = plan.axes.filter(pk=request.GET["sous"]).first()
        siblings = plan.axes.filter(parent=parent)
        initial = {"parent": parent, "position": siblings.count() + 1}
    elif axis is None:
        initial = {"position": plan.axes.filter(parent=None).count() + 1}
    form = AxisForm(request.POST or None, instance=axis, plan=plan, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete") and axis is not None:
            axis.delete()
            messages.success(request, _("The axis and its sub-axes have been deleted; their projects remain."))
            return redirect("plan:home", slug=slug)
        if form.is_valid():
            form.save()
            messages.success(request, _("The axis has been saved."))
            return redirect("plan:home", slug=slug)
    title = _("Edit the axis %(code)s") % {"code": axis.code} if axis else _("New lever or axis")
    return render(
        request,
        "plan/axis_form.html",
        {"territory": request.territory, "form": form, "title": title, "axis": axis},
        status=400 if form.errors else 200,
    )


def _filtered_projects(request: HttpRequest):
    filters = read_filters(request.GET)
    return filtered_projects(request.territory, filters), filters


@permission_required(Action.VIEW_PRIVATE)
def project_table(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    projects, filters = _filtered_projects(request)
    rows = project_rows(projects)
    return render(
        request,
        "plan/table.html",
        {
            "territory": territory,
            "rows": rows,
            "filters": filters,
            "levers": plan_of(territory).axes.filter(parent=None),
            "statuses": Status.choices,
            "financeurs": Financeur.choices,
            "can": permissions_for(request.user, territory),
        },
    )


@permission_required(Action.EDIT)
def project_create(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    form = ProjectForm(request.POST or None, territory=territory, initial={"axes": request.GET.getlist("axe")})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            project = create_project(form.save(commit=False), request.user)
            form.save_m2m()
        messages.success(request, _("The project has been created."))
        return redirect(project.get_absolute_url())
    return _form_page(request, form, _("New project"), status=400 if form.errors else 200)


@permission_required(Action.EDIT)
def project_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = ProjectForm(request.POST or None, instance=project, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The project has been saved."))
        return redirect(project.get_absolute_url())
    title = _("Edit « %(title)s »") % {"title": project.title}
    return _form_page(request, form, title, status=400 if form.errors else 200)


@permission_required(Action.EDIT)
def project_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask first, saying what goes with the project; the deletion stays in the territory's history."""
    project = _project(request, pk)
    if request.method == "POST":
        title = project.title
        delete_project(project)
        messages.success(request, _("The project « %(title)s » has been deleted.") % {"title": title})
        return redirect("plan:projects", slug=slug)
    return render(
        request,
        "plan/project_delete.html",
        {"territory": request.territory, "project": project, "parts": deleted_parts(project)},
    )


def _project_page(request: HttpRequest, project: Project, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    can = permissions_for(request.user, request.territory)
    forms = {}
    if can["edit"]:
        forms = {kind: bound.get(kind) or _part_form(kind, project) for kind in PARTS}
        forms["statut"] = bound.get("statut") or _status_form(project)
    fundings = list(project.fundings.all())
    budget = list(project.budgetlines.prefetch_related("decisions__meeting__instance"))
    links = []
    for link in project.evidencelinks.all():
        try:
            resolved = evidence.resolve(link.kind, request.territory, link.reference)
            links.append((link, resolved.url))
        except evidence.UnknownEvidenceError:
            links.append((link, ""))
    history = list(
        project.status_changes.select_related("author")
        .prefetch_related("decisions__meeting__instance")
        .order_by("date", "pk")  # by effective date, then in the order recorded: the last one is in force
    )
    establishment = None
    if project.porteur_siret:
        try:
            establishment = establishment_by_siret(get_warehouse(), project.porteur_siret)
        except WarehouseUnavailableError:
            establishment = None
    return render(
        request,
        "plan/project.html",
        {
            "territory": request.territory,
            "project": project,
            "establishment": establishment,
            "can": can,
            "forms": forms,
            "history": history,
            "current_change": history[-1] if history else None,
            "budget": budget,
            "planned_total": sum(b.planned for b in budget),
            "actual_total": sum(b.actual or 0 for b in budget),
            "fundings": fundings,
            "funding": summarise(funding_rows(fundings)),
            "milestones": project.milestones.all(),
            "indicators": [(i, i.value_on()) for i in project.indicators.prefetch_related("values")],
            "documents": project.projectdocuments.all(),
            "evidence": links,
            "decisions": project.decisions.select_related("meeting__instance"),
            "changes": object_history(project)[:20],
            "comments": subject_comments(project),
            "comment_form": CommentForm(),
            "target": project,
        },
        status=status,
    )


@permission_required(Action.VIEW_PRIVATE)
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


@permission_required(Action.EDIT)
def project_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if request.method != "POST":
        return redirect(project.get_absolute_url())
    form = _status_form(project, request.POST)
    if not form.is_valid():
        return _project_page(request, project, {"statut": form}, status=400)
    data = form.cleaned_data
    change = change_status(project, data["status"], data["date"], request.user, data["note"])
    messages.success(request, status_message(change, project.current_change()))
    return redirect(project.get_absolute_url() + "#statut")


@permission_required(Action.EDIT)
def part_add(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    project = _project(request, pk)
    if kind not in PARTS:
        raise Http404
    if request.method != "POST":
        return redirect(project.get_absolute_url())
    form = _part_form(kind, project, request.POST, request.FILES)
    if not form.is_valid():
        return _project_page(request, project, {kind: form}, status=400)
    part = form.save(commit=False)
    if kind == "document":
        part.uploaded_by = request.user
    part.save()
    messages.success(request, _("Added: %(item)s.") % {"item": part})
    return redirect(project.get_absolute_url() + f"#{kind}")


@permission_required(Action.EDIT)
def part_delete(request: HttpRequest, slug: str, pk: int, kind: str, item: int) -> HttpResponse:
    project = _project(request, pk)
    if kind not in PARTS:
        raise Http404
    if request.method == "POST":
        form_class, related = PARTS[kind]
        queryset = (
            getattr(project, related).all()
            if related
            else form_class._meta.model.objects.filter(indicator__project=project)
        )
        part = get_object_or_404(queryset, pk=item)
        delete_part(part)
        messages.success(request, _("Deleted: %(item)s.") % {"item": part})
    return redirect(project.get_absolute_url() + f"#{kind}")


@permission_required(Action.VIEW_PRIVATE)
def document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    doc = get_object_or_404(ProjectDocument, pk=pk, project__territory=request.territory)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1])


@permission_required(Action.VIEW_PRIVATE)
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Gantt chart of the dated projects, with their milestones."""
    territory = request.territory
    projects, filters = _filtered_projects(request)
    bars, undated = [], []
    for project in projects.prefetch_related("milestones"):
        if not (project.start_date and project.end_date):
            undated.append(project)
            continue
        bars.append(
            Bar(
                project.title,
                project.start_date,
                project.end_date,
                project.status,
                str(project.get_status_display()),
                project.get_absolute_url(),
                [(m.title, m.planned_on, bool(m.done_on)) for m in project.milestones.all()],
            )
        )
    bars.sort(key=lambda b: (b.start, b.end))
    chart = gantt_svg(
        bars, _("Timeline of the projects"), dt.date.today(), show_date=lambda d: date_format(d, "SHORT_DATE_FORMAT")
    )
    return render(
        request,
        "plan/timeline.html",
        {
            "territory": territory,
            "chart": chart,
            "bars": bars,
            "undated": undated,
            "filters": filters,
            "levers": plan_of(territory).axes.filter(parent=None),
            "statuses": Status.choices,
            "financeurs": Financeur.choices,
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def funding_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """Who funds the plan, each year: self-funded versus aided shares, by funder and by state."""
    territory = request.territory
    projects, filters = _filtered_projects(request)
    fundings = [f for p in projects for f in p.fundings.all()]
    summary = summarise(funding_rows(fundings))
    return render(
        request,
        "plan/funding.html",
        {
            "territory": territory,
            "summary": summary,
            "self_share": summary.share(summary.self_funded),
            "aided_share": summary.share(summary.aided),
            "table": funder_rows(summary),
            "years": year_rows(summary),
            "states": [(s.label, summary.by_state.get(s.value)) for s in Funding.State if s.value in summary.by_state],
            "filters": filters,
            "levers": plan_of(territory).axes.filter(parent=None),
            "statuses": Status.choices,
            "financeurs": Financeur.choices,
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def workbook_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan as the workbook that the import reads, built in the background (POST), then downloaded
    from the job's page."""
    if request.method == "POST":
        job = start_job(export_plan_workbook, territory=request.territory, author=request.user)
        return redirect(job_url(job))
    return render(request, "plan/export.html", {"territory": request.territory})


@permission_required(Action.VIEW_PRIVATE)
def workbook_template(request: HttpRequest, slug: str) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="modele-plan-tindus.xlsx"'
    return response


@permission_required(Action.EDIT)
def workbook_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The workbook is saved, then checked and imported in the background (all or nothing): the job's
    page says what was imported, or names each problem with its sheet, line and column."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(import_plan_workbook, territory=request.territory, author=request.user,
                        path=save_input(upload), filename=upload.name)  # fmt: skip
        return redirect(job_url(job))
    return render(
        request,
        "plan/import.html",
        {"territory": request.territory, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def state_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The "état du plan" at a date as a page; its PDF is drawn in the background (POST)."""
    data = request.POST if request.method == "POST" else request.GET if "date" in request.GET else None
    form = ReportDateForm(data)
    if form.is_bound and not form.is_valid():
        return render(request, "plan/form.html", {"territory": request.territory, "form": form,
                      "title": _("State of the plan"), "method": "get"}, status=400)  # fmt: skip
    day = form.cleaned_data["date"] if form.is_bound else dt.date.today()
    if request.method == "POST":
        job = start_job(export_plan_state, territory=request.territory, author=request.user, day=day.isoformat())
        return redirect(job_url(job))
    return render(request, "plan/state.html", plan_state(request.territory, day))
