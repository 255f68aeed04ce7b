"""API: a territory's news. Published articles are public (what the public site shows); the team also reads
its drafts and writes them, with the form of the news management pages. Publication stays a step of the
web page: an article written through the API is always a draft."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import Caller, caller_of, require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, WRITE_ERRORS, ApiError, Problem
from tindus.api.schemas import Source
from tindus.territories.models import Territory

from .forms import ArticleForm
from .models import Article
from .views import published_articles

router = Router(tags=["Actualités"])


class ArticleOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    body: str
    author_name: str
    state: str
    published_on: dt.date | None
    updated_at: dt.datetime
    url: str | None
    source: Source


class ArticleFilters(Schema):
    published_from: dt.date | None = None
    published_until: dt.date | None = None
    q: str | None = None
    state: Article.State | None = None


class ArticleIn(Schema):
    """A draft as the news management form takes it (``slug`` left empty is made from the title)."""

    model_config = ConfigDict(extra="forbid")

    title: str
    slug: str = ""
    summary: str = ""
    body: str
    author_name: str = ""
    published_on: dt.date | None = None


class ArticlePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    slug: str | None = None
    summary: str | None = None
    body: str | None = None
    author_name: str | None = None
    published_on: dt.date | None = None


def article_out(article: Article) -> dict:
    return {
        "id": article.pk, "slug": article.slug, "title": article.title, "summary": article.summary,
        "body": article.body, "author_name": article.author_name, "state": article.state,
        "published_on": article.published_on, "updated_at": article.updated_at,
        "url": article.get_absolute_url() if article.is_published else None,
        "source": {"source": _("News of the territory team, on Tindus"),
                   "vintage": (article.published_on or article.updated_at.date()).isoformat(), "synthetic": False},
    }  # fmt: skip


def readable(caller: Caller, territory: Territory):
    """Published news for everyone; every article for whoever may read the news management list."""
    if caller.may(Action.VIEW_PRIVATE, territory):
        return territory.articles.order_by("state", "-published_on", "-created_at", "-pk")
    return published_articles(territory)


@router.get(
    "/territories/{slug}/news",
    response={200: Page[ArticleOut], **READ_ERRORS},
    summary="Actualités",
    description="Les actualités publiées (public) ; avec un jeton de l'équipe ou du comité, aussi les brouillons "
    "(filtre `state`).",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def news(request: HttpRequest, slug: str, filters: Query[ArticleFilters], pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    if filters.state == Article.State.DRAFT:
        require(request, Action.VIEW_PRIVATE, territory)
    found = readable(caller, territory)
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.published_from:
        found = found.filter(published_on__gte=filters.published_from)
    if filters.published_until:
        found = found.filter(published_on__lte=filters.published_until)
    if filters.q:
        found = found.filter(title__icontains=filters.q)
    return paginate(request, found, pages, article_out)


def _article(caller: Caller, territory: Territory, pk: int) -> Article:
    article = readable(caller, territory).filter(pk=pk).first()
    if article is None:
        raise ApiError(404, _("No article %(id)s in this territory.") % {"id": pk})
    return article


@router.get(
    "/territories/{slug}/news/{article_id}",
    response={200: ArticleOut, **READ_ERRORS},
    summary="Une actualité",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def article(request: HttpRequest, slug: str, article_id: int) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    return article_out(_article(caller, territory, article_id))


def _form_errors(form: ArticleForm) -> list[dict[str, str]]:
    return [{"field": name if name != "__all__" else "body", "message": message}
            for name, messages in form.errors.items() for message in messages]  # fmt: skip


def _save(request: HttpRequest, territory: Territory, article: Article | None, data: dict) -> Article:
    """The web's form, filled from the JSON body, saved as the news management page saves it."""
    form = ArticleForm(data, instance=article, territory=territory)
    if not form.is_valid():
        raise ApiError(422, _("The article was not saved; see the messages by field."), _form_errors(form))
    saved = form.save(commit=False)
    saved.author = saved.author or caller_of(request).user
    saved.save()
    return saved


def _form_data(article: Article) -> dict:
    return {
        "title": article.title, "slug": article.slug, "summary": article.summary, "body": article.body,
        "author_name": article.author_name, "published_on": article.published_on,
    }  # fmt: skip


@router.post(
    "/territories/{slug}/news",
    response={201: ArticleOut, **WRITE_ERRORS},
    summary="Écrire un brouillon d'actualité",
    description="Le brouillon est publié depuis la page de gestion des actualités, jamais par l'API.",
    openapi_extra={"x-tindus-action": Action.EDIT.value},
)
def news_create(request: HttpRequest, slug: str, payload: ArticleIn) -> Status:
    territory = territory_or_404(slug)
    caller = require(request, Action.EDIT, territory)
    data = payload.model_dump()
    data["author_name"] = data["author_name"] or caller.user.get_full_name()
    return Status(201, article_out(_save(request, territory, None, data)))


@router.patch(
    "/territories/{slug}/news/{article_id}",
    response={200: ArticleOut, 409: Problem, **WRITE_ERRORS},
    summary="Modifier un brouillon d'actualité",
    description="Seuls les brouillons se modifient par l'API ; un article publié se modifie sur le site.",
    openapi_extra={"x-tindus-action": Action.EDIT.value},
)
def news_update(request: HttpRequest, slug: str, article_id: int, payload: ArticlePatch) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.EDIT, territory)
    found = _article(caller, territory, article_id)
    if found.is_published:
        raise ApiError(409, _("This article is published: only drafts are changed through the API."))
    data = _form_data(found) | payload.model_dump(exclude_unset=True)
    return article_out(_save(request, territory, found, data))
