"""Personal data pages.

- Platform administrators (``/administration/donnees-personnelles/``): a person's data (export,
  anonymisation), a company's data on every territory, and the log of every export and erasure.
- A territory's team (``/territoires/<slug>/donnees-entreprises/``): what the territory holds about a
  company (export, erasure), and the log of those.

An export or an erasure is a POST; an erasure shows what it will change and asks to type its subject
again before it runs.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.territories.models import Territory

from . import services
from .erase import company_preview, person_preview
from .forms import CompanyForm, PersonConfirmForm, PersonForm
from .forms import ConfirmForm as CompanyConfirmForm
from .labels import COMPANY_EFFECTS, PERSON_EFFECTS, counted
from .models import Record


def _format(request: HttpRequest) -> str:
    return "zip" if request.POST.get("format") == "zip" else "json"


def _download(name: str, data: bytes, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=services.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _forms(request: HttpRequest, person: PersonForm | None = None, company: CompanyForm | None = None) -> dict:
    return {
        "person_form": person or PersonForm(prefix="person"),
        "company_form": company or CompanyForm(prefix="company"),
    }


# --- platform administrators ------------------------------------------------------------------------


def _home(request: HttpRequest, person: PersonForm | None = None, company: CompanyForm | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    sections = [("person-heading", _("A person")), ("company-heading", _("A company")),
                ("log-heading", _("Latest requests handled"))]  # fmt: skip
    context = {**_forms(request, person, company), "sections": sections,
               "records": Record.objects.select_related("actor", "territory")[:10]}  # fmt: skip
    return render(request, "privacy/home.html", context, status=status)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def home(request: HttpRequest) -> HttpResponse:
    return _home(request)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def person_export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("privacy:home")
    form = PersonForm(request.POST, prefix="person")
    if not form.is_valid():
        return _home(request, person=form, status=400)
    fmt = _format(request)
    name, data = services.export_person(form.person, fmt, actor=request.user,
                                        request_reference=form.cleaned_data["request_reference"])  # fmt: skip
    return _download(name, data, fmt)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def person_erase(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("privacy:home")
    form = PersonForm(request.POST, prefix="person")
    if not form.is_valid():
        return _home(request, person=form, status=400)
    user, email = form.person, form.cleaned_data["email"]
    if user.pk == request.user.pk:
        form.add_error("email", _("You cannot erase your own account: ask another administrator."))
        return _home(request, person=form, status=400)
    confirming = "confirm-confirm" in request.POST
    confirm = PersonConfirmForm(request.POST if confirming else None, prefix="confirm", expected=email)
    if confirming and confirm.is_valid():
        services.erase_person(
            user,
            delete_comments=confirm.cleaned_data["delete_comments"],
            actor=request.user,
            request_reference=form.cleaned_data["request_reference"],
        )
        messages.success(request, _("The account of %(email)s was anonymised.") % {"email": email})
        return redirect("privacy:log")
    effects = counted(person_preview(user), PERSON_EFFECTS)
    context = {"form": form, "confirm_form": confirm, "subject": email, "action_url": request.path,
               "effects": effects, "territory": None, "kind": "person"}  # fmt: skip
    return render(request, "privacy/confirm.html", context, status=400 if confirming else 200)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def company_export(request: HttpRequest) -> HttpResponse:
    return _company_export(request, None)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def company_erase(request: HttpRequest) -> HttpResponse:
    return _company_erase(request, None)


@permission_required(Action.HANDLE_PERSONAL_DATA)
def log(request: HttpRequest) -> HttpResponse:
    records = Record.objects.select_related("actor", "territory")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/log.html", {"page": page})


# --- a territory's team -----------------------------------------------------------------------------


@permission_required(Action.HANDLE_COMPANY_DATA)
def territory_company(request: HttpRequest, slug: str) -> HttpResponse:
    """The company form (a POST exports) and this territory's log."""
    if request.method == "POST":
        return _company_export(request, request.territory)
    return _territory_page(request, request.territory)


def _territory_page(request: HttpRequest, territory: Territory, form: CompanyForm | None = None,
                    status: int = 200) -> HttpResponse:  # fmt: skip
    records = Record.objects.filter(territory=territory).select_related("actor")[:50]
    context = {"territory": territory, "company_form": form or CompanyForm(prefix="company"), "records": records}
    return render(request, "privacy/company.html", context, status=status)


@permission_required(Action.HANDLE_COMPANY_DATA)
def territory_company_erase(request: HttpRequest, slug: str) -> HttpResponse:
    return _company_erase(request, request.territory)


# --- a company, on one territory or on all ----------------------------------------------------------


def _company_form_page(request: HttpRequest, territory: Territory | None, form: CompanyForm) -> HttpResponse:
    if territory is None:
        return _home(request, company=form, status=400)
    return _territory_page(request, territory, form=form, status=400)


def _company_home(territory: Territory | None) -> HttpResponse:
    return redirect("privacy:home") if territory is None else redirect("privacy_territory:company", territory.slug)


def _company_export(request: HttpRequest, territory: Territory | None) -> HttpResponse:
    if request.method != "POST":
        return _company_home(territory)
    form = CompanyForm(request.POST, prefix="company")
    if not form.is_valid():
        return _company_form_page(request, territory, form)
    fmt = _format(request)
    name, data = services.export_company(form.cleaned_data["siret"], territory, fmt, actor=request.user,
                                         request_reference=form.cleaned_data["request_reference"])  # fmt: skip
    return _download(name, data, fmt)


def _company_erase(request: HttpRequest, territory: Territory | None) -> HttpResponse:
    if request.method != "POST":
        return _company_home(territory)
    form = CompanyForm(request.POST, prefix="company")
    if not form.is_valid():
        return _company_form_page(request, territory, form)
    siret = form.cleaned_data["siret"]
    confirming = "confirm-confirm" in request.POST
    confirm = CompanyConfirmForm(request.POST if confirming else None, prefix="confirm", expected=siret)
    if confirming and confirm.is_valid():
        services.erase_company(siret, territory, actor=request.user,
                               request_reference=form.cleaned_data["request_reference"])  # fmt: skip
        messages.success(request, _("The data of the company %(siret)s were erased.") % {"siret": siret})
        return _company_home(territory) if territory is not None else redirect("privacy:log")
    context = {"form": form, "confirm_form": confirm, "subject": siret, "action_url": request.path,
               "effects": counted(company_preview(siret, territory), COMPANY_EFFECTS), "territory": territory,
               "kind": "company"}  # fmt: skip
    return render(request, "privacy/confirm.html", context, status=400 if confirming else 200)
