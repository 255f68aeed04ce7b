"""The public site of a territory: presentation and perimeter, priorities, working groups, the
panorama of public projects and the published news. Nothing unpublished is ever shown here."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tindus.accounts.permissions import Action, has_permission, public
from tindus.governance.models import Instance
from tindus.governance.timeline import territory_timeline
from tindus.plan.services import plan_of, plan_tree
from tindus.territories.maps import perimeter_map

from .models import Article, ArticleImage


def _site(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A public page; when the territory has news, its head lets feed readers find the feeds."""
    territory = request.territory
    has_news = published_articles(territory).exists()
    return render(request, template, {"territory": territory, "site": True, "has_news": has_news, **context})


def public_projects(territory):
    return territory.projects.filter(is_public=True).prefetch_related("axes", "communes").order_by("title")


def published_articles(territory):
    return territory.articles.filter(state=Article.State.PUBLISHED).order_by("-published_on", "-pk")


@public
def site_home(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    return _site(
        request,
        "public/home.html",
        {
            "map": perimeter_map(territory),
            "groupements": territory.groupements.all(),
            "plan": plan_of(territory),
            "levers": plan_of(territory).axes.filter(parent=None).order_by("position"),
            "articles": published_articles(territory)[:3],
            "timeline": territory_timeline(territory, public_only=True),
            "project_count": public_projects(territory).count(),
        },
    )


@public
def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_of(request.territory)
    roots, _orphans = plan_tree(plan, list(public_projects(request.territory)))
    return _site(request, "public/priorities.html", {"plan": plan, "roots": roots})


@public
def working_groups(request: HttpRequest, slug: str) -> HttpResponse:
    instances = request.territory.instances.filter(is_public=True).prefetch_related("members")
    return _site(
        request,
        "public/groups.html",
        {
            "committees": [i for i in instances if i.kind != Instance.Kind.WORKING_GROUP],
            "groups": [i for i in instances if i.kind == Instance.Kind.WORKING_GROUP],
        },
    )


@public
def panorama(request: HttpRequest, slug: str) -> HttpResponse:
    return _site(request, "public/panorama.html", {"projects": public_projects(request.territory)})


@public
def project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(public_projects(request.territory), pk=pk)
    return _site(request, "public/project.html", {"project": item})


@public
def news(request: HttpRequest, slug: str) -> HttpResponse:
    return _site(request, "public/news.html", {"articles": published_articles(request.territory)})


@public
def article(request: HttpRequest, slug: str, article: str) -> HttpResponse:
    item = get_object_or_404(published_articles(request.territory), slug=article)
    return _site(request, "public/article.html", {"article": item, "images": item.images.all()})


@public
def image(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An article's image: public once the article is published, else only for the territory's readers."""
    item = get_object_or_404(
        ArticleImage.objects.select_related("article"), pk=pk, article__territory=request.territory
    )
    if not item.article.is_published and not has_permission(request.user, Action.VIEW_PRIVATE, request.territory):
        raise Http404
    response = FileResponse(item.image.open("rb"))
    response["Cache-Control"] = "public, max-age=3600" if item.article.is_published else "private, no-store"
    return response
