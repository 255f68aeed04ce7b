"""Who is calling the API, and what the one permission layer lets them do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, company_scope, has_permission, token_permits
from tindus.territories.models import Territory

from .models import ApiToken
from .problems import ApiError


@dataclass(frozen=True)
class Caller:
    """Anonymous (``token`` is None) or a token's holder acting within the token's role and territory."""

    user: Any
    token: ApiToken | None

    @property
    def anonymous(self) -> bool:
        return self.token is None

    def may(self, action: Action, territory: Territory | None) -> bool:
        if self.token is None:
            return has_permission(AnonymousUser(), action, territory)
        return token_permits(self.token, action, territory)

    def company_scope(self, territory: Territory) -> frozenset[str] | None:
        if self.token is None:
            return frozenset()
        return company_scope(self.user, territory, token=self.token)


ANONYMOUS = Caller(AnonymousUser(), None)


def caller_of(request: HttpRequest) -> Caller:
    return getattr(request, "api_caller", ANONYMOUS)


def require(request: HttpRequest, action: Action, territory: Territory | None) -> Caller:
    """The caller, if they may perform ``action`` on ``territory``; otherwise a 401 or 403 problem."""
    caller = caller_of(request)
    if caller.may(action, territory):
        return caller
    if caller.anonymous:
        raise ApiError(401, _("This content needs an API token: send it as « Authorization: Bearer <token> »."))
    if territory is not None and caller.token.territory_id != territory.pk:
        raise ApiError(403, _("This token is for another territory."))
    raise ApiError(403, _("The role of this token does not allow this action."))


def territory_or_404(slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise ApiError(404, _("No territory « %(slug)s ».") % {"slug": slug})
    return territory
