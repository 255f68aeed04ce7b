"""The territory team writes news: drafts, images, preview, publication."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from .forms import ArticleForm
from .models import Article, ArticleImage


@permission_required(Action.VIEW_PRIVATE)
def article_list(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    return render(
        request,
        "public/manage_list.html",
        {
            "territory": territory,
            "articles": territory.articles.select_related("author").order_by("state", "-published_on", "-created_at"),
        },
    )


@permission_required(Action.EDIT)
def article_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    territory = request.territory
    article = get_object_or_404(Article, pk=pk, territory=territory) if pk else None
    initial = {} if article else {"author_name": request.user.get_full_name()}
    form = ArticleForm(
        request.POST or None, request.FILES or None, instance=article, territory=territory, initial=initial
    )
    if request.method == "POST":
        if request.POST.get("delete") and article:
            article.delete()
            messages.success(request, _("The article has been deleted."))
            return redirect("news:list", slug=slug)
        if form.is_valid():
            with transaction.atomic():
                article = form.save(commit=False)
                article.author = article.author or request.user
                article.save()
                form.save_m2m()
                if form.cleaned_data.get("image"):
                    ArticleImage.objects.create(
                        article=article, image=form.cleaned_data["image"], alt=form.cleaned_data["image_alt"].strip()
                    )
            messages.success(request, _("The article has been saved."))
            return redirect("news:edit", slug=slug, pk=article.pk)
    return render(
        request,
        "public/manage_form.html",
        {
            "territory": territory,
            "form": form,
            "article": article,
            "images": article.images.all() if article else [],
        },
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def article_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk, territory=request.territory)
    if request.method == "POST":
        if article.is_published:
            article.state = Article.State.DRAFT
            messages.success(request, _("The article is back to draft: it has left the public site."))
        else:
            article.state = Article.State.PUBLISHED
            article.published_on = article.published_on or timezone.localdate()
            messages.success(request, _("The article is published."))
        article.save()
    return redirect("news:edit", slug=slug, pk=pk)


@permission_required(Action.VIEW_PRIVATE)
def article_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk, territory=request.territory)
    return render(
        request,
        "public/article.html",
        {
            "territory": request.territory,
            "site": True,
            "article": article,
            "images": article.images.all(),
            "preview": True,
        },
    )


@permission_required(Action.EDIT)
def image_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    image = get_object_or_404(ArticleImage, pk=pk, article__territory=request.territory)
    if request.method == "POST":
        image.delete()
        messages.success(request, _("The image has been removed."))
    return redirect("news:edit", slug=slug, pk=image.article_id)
