"""The pages of personal API tokens: a person's own (create, list, revoke) and a territory team's (list,
revoke any token on the territory). The secret is shown once, on the answer to the form; only its hash is kept."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from . import tokens
from .forms_tokens import TokenForm
from .models import ApiToken
from .token_history import record_issue, record_revoke


def with_states(queryset: QuerySet[ApiToken]) -> list[tuple[ApiToken, str, str]]:
    """Each token with its state: (token, code, label); the code is also a CSS class."""
    now = timezone.now()
    rows = []
    for token in queryset:
        if token.revoked_at is not None:
            rows.append((token, "revoked", _("revoked token")))
        elif token.expires_at <= now:
            rows.append((token, "expired", _("expired token")))
        else:
            rows.append((token, "active", _("active")))
    return rows


@permission_required(Action.VIEW_ACCOUNT)
def my_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, user=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            token, secret = tokens.issue(request.user, data["territory"], data["role"], data["name"], form.expires_at())
            record_issue(token, request.user)
        created = {"token": token, "secret": secret}
        form = TokenForm(user=request.user)
    mine = ApiToken.objects.filter(user=request.user).select_related("territory")
    response = render(
        request, "api/my_tokens.html", {"form": form, "created": created, "rows": with_states(mine)},
        status=400 if form.errors else 200,
    )  # fmt: skip
    add_never_cache_headers(response)  # the page may hold a secret
    return response


@permission_required(Action.VIEW_ACCOUNT)
def revoke_mine(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("territory"), pk=pk, user=request.user)
    return _revoke(request, token, reverse("api_tokens:mine"))


@permission_required(Action.MANAGE_MEMBERS)
def territory_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    held = ApiToken.objects.filter(territory=territory).select_related("user", "territory")
    return render(request, "api/territory_tokens.html", {"territory": territory, "rows": with_states(held)})


@permission_required(Action.MANAGE_MEMBERS)
def revoke_on_territory(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("territory", "user"), pk=pk, territory=request.territory)
    return _revoke(request, token, reverse("api_tokens:territory", kwargs={"slug": slug}))


def _revoke(request: HttpRequest, token: ApiToken, back: str) -> HttpResponse:
    """GET asks for confirmation; POST revokes (once) and goes back to the list."""
    if request.method != "POST":
        return render(request, "api/token_revoke.html", {"token": token, "back": back})
    if token.revoked_at is not None:
        messages.info(request, _("This token was already revoked."))
        return redirect(back)
    with transaction.atomic():
        tokens.revoke(token, request.user)
        record_revoke(token, request.user)
    messages.success(
        request, _("The token « %(name)s » is revoked: it no longer opens the API.") % {"name": token.name}
    )
    return redirect(back)
