"""The territory team's questionnaire builder, and the preview of the questionnaire as respondents
see it.

Every change goes through :func:`services.save_schema`: it edits the current version while nobody
has answered it, and makes a new version once answers exist, so each answer keeps the questions it
was given. The page says which of the two happened.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from .. import editing
from ..compute.answers import check_answers
from ..compute.schema import Question
from ..compute.schema import Questionnaire as Schema
from ..editing import EditRefusedError
from ..forms_builder import OPERATOR_LABELS, TYPE_LABELS, HeaderForm, QuestionForm, SectionForm, refusal_message
from ..models import Campaign, Questionnaire, QuestionnaireVersion
from ..respond import read_form, referential_codes
from ..services import save_schema
from .respondent import Access


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)


class _Invalid(Exception):  # noqa: N818 (not an error: a form to show again)
    """A form to show again with its errors (``forms``), or a refused edit (``refusal``)."""

    def __init__(self, forms: dict | None = None, refusal: str = "") -> None:
        super().__init__(refusal)
        self.forms = forms or {}
        self.refusal = refusal


@dataclass
class Change:
    schema: Schema
    anchor: str


def _apply(request: HttpRequest, schema: Schema) -> Change:
    """The schema after the POSTed action, or raise _Invalid."""
    post = request.POST
    action = post.get("action", "")
    section, question = post.get("section", ""), post.get("question", "")
    try:
        if action == "header":
            form = HeaderForm(post, prefix="header")
            if not form.is_valid():
                raise _Invalid({"header_form": form})
            return Change(editing.edit_header(schema, form.cleaned_data["title"], form.cleaned_data["introduction"]),
                          "questionnaire")  # fmt: skip
        if action == "add_section":
            form = SectionForm(post, prefix="new-section")
            if not form.is_valid():
                raise _Invalid({"section_form": form})
            changed = editing.add_section(schema, form.cleaned_data["title"], form.cleaned_data["help"])
            return Change(changed, f"section-{changed.sections[-1].id}")
        if action == "edit_section":
            if section not in {s.id for s in schema.sections}:
                raise Http404
            form = SectionForm(post, prefix="section")
            if not form.is_valid():
                form.section_id = section
                raise _Invalid({"edit_section_form": form})
            data = form.cleaned_data
            return Change(editing.edit_section(schema, section, data["title"], data["help"]), f"section-{section}")
        if action == "remove_section":
            return Change(editing.remove_section(schema, section), "sections")
        if action == "move_section":
            return Change(editing.move_section(schema, section, post.get("direction", "")), f"section-{section}")
        if action == "add_question":
            form = QuestionForm(post, schema=schema, prefix="new")
            if not form.is_valid():
                raise _Invalid({"question_form": form})
            added = next(q for q in form.result.questions() if q.id not in {q.id for q in schema.questions()})
            return Change(form.result, f"question-{added.id}")
        if action == "edit_question":
            if question not in {q.id for q in schema.questions()}:
                raise Http404
            form = QuestionForm(post, schema=schema, question_id=question, prefix="edit")
            if not form.is_valid():
                raise _Invalid({"edit_form": form})
            return Change(form.result, f"question-{question}")
        if action == "remove_question":
            return Change(editing.remove_question(schema, question), "sections")
        if action == "move_question":
            return Change(editing.move_question(schema, question, post.get("direction", "")), f"question-{question}")
    except EditRefusedError as error:
        if error.code in ("unknown_section", "unknown_question"):
            raise Http404 from None
        raise _Invalid(refusal=refusal_message(error)) from None
    raise Http404


def _condition_text(schema: Schema, question: Question) -> str:
    condition = question.condition
    if condition is None:
        return ""
    try:
        target = schema.question(condition.question).label
    except KeyError:
        target = condition.question
    if condition.value is None:
        return _("Shown only if “%(question)s” is answered") % {"question": target}
    operator = OPERATOR_LABELS.get(condition.operator, condition.operator)
    return _("Shown only if “%(question)s” %(operator)s “%(value)s”") % {
        "question": target, "operator": operator, "value": condition.value,
    }  # fmt: skip


def _page(request: HttpRequest, campaign: Campaign, bound: dict, status: int = 200) -> HttpResponse:
    questionnaire = campaign.questionnaire
    version = questionnaire.current_version()
    schema = version.as_schema()
    sections = [
        (s, [(q, TYPE_LABELS.get(q.type, q.type), _condition_text(schema, q)) for q in s.questions])
        for s in schema.sections
    ]
    editing_question = request.GET.get("question", "")
    editing_section = request.GET.get("section", "")
    context = {
        "territory": request.territory,
        "campaign": campaign,
        "questionnaire": questionnaire,
        "version": version,
        "schema": schema,
        "sections": sections,
        "answers_on_version": version.responses.count(),
        "shared_with": questionnaire.campaigns.exclude(pk=campaign.pk),
        "header_form": HeaderForm(
            initial={"title": schema.title, "introduction": schema.introduction}, prefix="header"
        ),
        "section_form": SectionForm(prefix="new-section"),
        "question_form": QuestionForm(
            schema=schema,
            prefix="new",
            initial={
                "section": request.GET.get("dans") or schema.sections[-1].id,
                "type": "short_text",
                "scale_min": 1,
                "scale_max": 5,
            },
        ),
        "edit_form": None,
        "edit_section_form": None,
    }
    if editing_question in {q.id for q in schema.questions()}:
        context["edit_form"] = QuestionForm(schema=schema, question_id=editing_question, prefix="edit")
    for s in schema.sections:
        if s.id == editing_section:
            form = SectionForm(initial={"title": s.title, "help": s.help}, prefix="section")
            form.section_id = s.id
            context["edit_section_form"] = form
    context.update(bound)
    return render(request, "consultation/builder.html", context, status=status)


@permission_required(Action.EDIT)
def builder(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sections and questions, with their edit, move and delete buttons and the forms to add more."""
    campaign = _campaign(request, pk)
    if campaign.questionnaire.current_version() is None:
        raise Http404
    if request.method != "POST":
        return _page(request, campaign, {})
    try:
        with transaction.atomic():
            # One change at a time per questionnaire: two editors never overwrite each other's change.
            questionnaire = Questionnaire.objects.select_for_update().get(pk=campaign.questionnaire_id)
            before = questionnaire.current_version()
            schema = before.as_schema()
            change = _apply(request, schema)
            if change.schema.to_dict() == schema.to_dict():
                version = None
            else:
                version = save_schema(questionnaire, change.schema)
                if questionnaire.title != change.schema.title:
                    questionnaire.title = change.schema.title[:200]
                    questionnaire.save(update_fields=["title"])
    except _Invalid as invalid:
        if invalid.refusal:
            messages.error(request, invalid.refusal)
        return _page(request, campaign, invalid.forms, status=400)
    if version is None:
        messages.info(request, _("Nothing changed."))
    elif version.number == before.number:
        messages.success(request, _("Saved in version %(n)s, which nobody has answered yet.") % {"n": version.number})
    else:
        messages.success(
            request,
            _("Version %(old)s already has answers, so this change created version %(n)s: earlier answers stay on "
              "version %(old)s, new answers will use version %(n)s.") % {"old": before.number, "n": version.number},
        )  # fmt: skip
    url = reverse("consultation_team:builder", kwargs={"slug": slug, "pk": pk})
    return redirect(f"{url}#{change.anchor}")


@permission_required(Action.EDIT)
def preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The questionnaire exactly as respondents see it; sending only checks the answers, never stores them."""
    campaign = _campaign(request, pk)
    current = campaign.questionnaire.current_version()
    if current is None:
        raise Http404
    access = Access(campaign, _("Preview"), {}, "", "")
    access.extra = {"territory": request.territory, "preview": True}
    if request.method != "POST":
        return _preview(request, access, current, {}, {}, _("Preview: nothing is saved."))
    number = request.POST.get("version", "")
    version = (QuestionnaireVersion.objects.filter(questionnaire=campaign.questionnaire, number=number).first()
               if number.isdigit() else None) or current  # fmt: skip
    schema = version.as_schema()
    raw = read_form(schema, request.POST)
    partial = request.POST.get("action") == "draft"
    checked = check_answers(schema, raw, referential_codes(), translate=_, partial=partial)
    if checked.forged:
        message = _("This form contains fields that are not questions of this questionnaire; nothing was saved.")
        return _preview(request, access, version, raw, {}, message, status=400)
    if not checked.valid:
        message = _("Preview: some answers need your attention; nothing is saved.")
        return _preview(request, access, version, raw, checked.errors, message, status=400)
    return _preview(request, access, version, raw, {}, _("Preview: these answers are valid; nothing is saved."))


def _preview(request, access, version, values, errors, message, status=200):
    context = {"access": access, "campaign": access.campaign, "schema": version.as_schema(), "version": version,
               "values": values, "errors": errors, "submission_key": uuid.uuid4(), "message": message,
               **access.extra}  # fmt: skip
    return render(request, "consultation/preview.html", context, status=status)
