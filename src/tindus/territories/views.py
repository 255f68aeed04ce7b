"""Territory pages: the searchable list, a territory's public page with its map, its private
workspace, and the creation of custom territories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.models import Membership, Role
from tindus.accounts.permissions import Action, has_permission, may_open, permission_required, permissions_for, public
from tindus.core.collation import french_key, sorted_by_name
from tindus.core.history import TerritoryHistory, territory_history
from tindus.referentials.models import Commune
from tindus.warehouse.queries import WarehouseUnavailableError, key_figures
from tindus.warehouse.services import get_warehouse

from .comments import territory_comments
from .forms import CommentForm, CustomTerritoryForm, PresentationForm, StartFromOfficialForm
from .maps import perimeter_map
from .models import Groupement, Territory
from .perimeters import PerimeterChoice, save_custom_territory
from .warehouse import commune_codes

# What can be done on a territory: (title, URL name or None while not built yet). Who may open each is
# decided by the view behind it.
CAPABILITIES = [
    (gettext_lazy("Industrial diagnostic"), "diagnostic:territory"),
    (gettext_lazy("Consultation of leaders and employees"), "consultation_team:campaigns"),
    (gettext_lazy("Synergies between companies"), "synergies:home"),
    (gettext_lazy("Resources and needs of companies"), "synergies:declarations"),
    (gettext_lazy("Business meeting events"), "events:events"),
    (gettext_lazy("Employment and training"), "employment:home"),
    (gettext_lazy("Recruitment needs of companies"), "employment:needs"),
    (gettext_lazy("Land: economic zones, brownfields, plots and premises"), "land:home"),
    (gettext_lazy("Land and premises needs of companies"), "land:needs"),
    (gettext_lazy("Strategy and action plan"), "plan:home"),
    (gettext_lazy("Governance and committees"), "governance:overview"),
    (gettext_lazy("News"), "news:list"),
    (gettext_lazy("Public site"), "public:home"),
    (gettext_lazy("History of changes"), "territories:history"),
]


def capabilities_for(user, territory: Territory) -> list[tuple[str, str | None, bool]]:
    """Each capability the user may open, with its address (None, not ready, while it is not built yet).

    Whether the user may open it is asked of the view behind the address itself (``may_open``), so a
    capability is never shown to someone its page would refuse.
    """
    result = []
    for title, url_name in CAPABILITIES:
        if url_name is None:
            result.append((title, None, False))
            continue
        url = reverse(url_name, kwargs={"slug": territory.slug})
        if may_open(user, url):
            result.append((title, url, True))
    return result


@public
def territory_list(request: HttpRequest) -> HttpResponse:
    """All official Territoires d'industrie of both waves (and custom ones), searchable."""
    query = request.GET.get("q", "").strip()
    wave = request.GET.get("vague", "")
    territories = Territory.objects.all()
    if wave in ("1", "2"):
        territories = territories.filter(wave=int(wave))
    elif wave == "perso":
        territories = territories.filter(kind=Territory.Kind.CUSTOM)
    if query:
        territories = territories.filter(
            Q(name__icontains=query)
            | Q(official_id__iexact=query)
            | Q(groupements__name__icontains=query)
            | Q(communes__name__iexact=query)
            | Q(communes__code=query)
            | Q(groupements__siren=query)
        ).distinct()
    page = Paginator(territories.order_by("wave", "official_id", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territories/list.html",
        {"page": page, "query": query, "wave": wave, "total": page.paginator.count},
    )


@public
def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a territory: key figures, perimeter map, EPCI and communes."""
    territory = request.territory
    try:
        economy = key_figures(get_warehouse(), commune_codes(territory))
    except WarehouseUnavailableError:
        economy = None
    communes = sorted_by_name(territory.communes.select_related("epci", "departement"))
    groupements = sorted_by_name(territory.groupements.all())
    return render(
        request,
        "territories/detail.html",
        {
            "territory": territory,
            "groupements": groupements,
            "epci_count": sum(1 for g in groupements if g.nature == Groupement.Nature.EPCI),
            "communes": communes,
            "departements": territory.departements(),
            "regions": sorted_by_name(territory.regions()),
            "map": perimeter_map(territory),
            "economy": economy,
            "capabilities": capabilities_for(request.user, territory),
            "can": permissions_for(request.user, territory),
        },
    )


ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}  # the team first


def _member_order(membership: Membership) -> tuple:
    """Team first, then committee, partners, companies; people in the French order of their names."""
    user = membership.user
    last = french_key(user.last_name or user.username)
    return ROLE_ORDER.get(membership.role, len(ROLE_ORDER)), last, french_key(user.first_name), user.pk


def _workspace(
    request: HttpRequest, territory: Territory, comment_form: CommentForm, status: int = 200
) -> HttpResponse:
    can = permissions_for(request.user, territory)
    memberships = territory.memberships.select_related("user")
    if not can[Action.VIEW_PRIVATE]:
        memberships = memberships.filter(role=Role.TEAM)
    return render(
        request,
        "territories/workspace.html",
        {
            "territory": territory,
            "can": can,
            "memberships": sorted(memberships, key=_member_order),
            "own_memberships": Membership.objects.filter(territory=territory, user=request.user),
            "comments": territory_comments(territory) if can[Action.VIEW_PRIVATE] else [],
            "comment_form": comment_form,
            "capabilities": capabilities_for(request.user, territory),
        },
        status=status,
    )


@permission_required(Action.VIEW_WORKSPACE)
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    """The private home of a territory: who works on it, the team's discussion, the capabilities."""
    return _workspace(request, request.territory, CommentForm())


@permission_required(Action.COMMENT)
def comment_on(request: HttpRequest, slug: str, subject: str, pk: int) -> HttpResponse:
    """Comment on one object of the territory (a project, a meeting): ``subject`` is 'app.model'."""
    territory = request.territory
    app_label, _dot, model_name = subject.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    target = get_object_or_404(model, pk=pk) if model else None
    if not isinstance(target, TerritoryHistory) or target.history_territory_id() != territory.pk:
        raise Http404
    if request.method != "POST":
        return redirect(target.get_absolute_url())
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.territory, comment.author, comment.subject = territory, request.user, target
        comment.save()
        messages.success(request, _("Your comment has been added."))
        return redirect(target.get_absolute_url())
    return render(
        request, "territories/comment_form.html", {"territory": territory, "target": target, "form": form}, status=400
    )


@permission_required(Action.COMMENT)
def add_comment(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    if request.method != "POST":
        return redirect("territories:workspace", slug=slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.territory, comment.author = territory, request.user
        comment.save()
        messages.success(request, _("Your comment has been added."))
        return redirect("territories:workspace", slug=slug)
    return _workspace(request, territory, form, status=400)


@permission_required(Action.CREATE_TERRITORY)
def territory_create(request: HttpRequest) -> HttpResponse:
    """Create a custom territory, optionally starting from an official perimeter."""
    initial = {}
    start_form = StartFromOfficialForm(request.GET or None)
    if request.method == "GET" and start_form.is_bound and start_form.is_valid():
        official = start_form.cleaned_data["territory"]
        initial = {
            "name": _("%(name)s (custom perimeter)") % {"name": official.name},
            "epci_sirens": "\n".join(
                official.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", flat=True)
            ),
            "commune_codes": "\n".join(
                Commune.objects.filter(
                    territories=official,
                    siren__in=official.groupements.filter(nature=Groupement.Nature.COMMUNE).values("siren"),
                ).values_list("code", flat=True)
            ),
        }
    form = CustomTerritoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        territory = save_custom_territory(
            data["name"],
            PerimeterChoice(data["epci_sirens"], data["commune_codes"]),
            description=data["description"],
        )
        Membership.objects.create(user=request.user, territory=territory, role=Role.TEAM)
        messages.success(request, _("The territory “%(name)s” has been created.") % {"name": territory.name})
        return redirect(territory)
    return render(
        request,
        "territories/create.html",
        {"form": form, "start_form": start_form if request.GET else StartFromOfficialForm()},
    )


@permission_required(Action.EDIT)
def territory_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The team edits its presentation and, for a custom territory, its name and perimeter."""
    territory = request.territory
    custom = territory.kind == Territory.Kind.CUSTOM
    if custom:
        initial = {
            "name": territory.name,
            "description": territory.description,
            "epci_sirens": "\n".join(
                territory.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", flat=True)
            ),
            "commune_codes": "\n".join(
                territory.communes.filter(
                    siren__in=territory.groupements.filter(nature=Groupement.Nature.COMMUNE).values("siren")
                ).values_list("code", flat=True)
            ),
        }
        form = CustomTerritoryForm(request.POST or None, initial=initial)
    else:
        form = PresentationForm(request.POST or None, instance=territory)
    if request.method == "POST" and form.is_valid():
        if custom:
            data = form.cleaned_data
            save_custom_territory(
                data["name"],
                PerimeterChoice(data["epci_sirens"], data["commune_codes"]),
                territory=territory,
                description=data["description"],
            )
        else:
            form.save()
        messages.success(request, _("The territory has been updated."))
        return redirect(territory)
    return render(
        request,
        "territories/edit.html",
        {"territory": territory, "form": form, "custom": custom},
        status=400 if form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every change made to the territory's plan, governance and news: who, when, what."""
    editor = has_permission(request.user, Action.EDIT, request.territory)
    history = territory_history(request.territory.pk, editor=editor)
    entries = Paginator(history, 100).get_page(request.GET.get("page"))
    return render(request, "territories/history.html", {"territory": request.territory, "page": entries})
