"""The one permission layer: every view declares the action it performs, and this module decides.

Views use :func:`permission_required` (or :func:`public` for pages anyone may see). A meta-test
walks the URL configuration and fails if a view is not wrapped by one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django_otp.plugins.otp_totp.models import TOTPDevice

from tindus.referentials.models import Region
from tindus.territories.models import Territory

from .models import Membership, Role, SteeringMembership, SteeringRole


class Action(StrEnum):
    VIEW_PUBLIC = "view_public"
    VIEW_ACCOUNT = "view_account"
    VIEW_WORKSPACE = "view_workspace"
    VIEW_PRIVATE = "view_private"
    COMMENT = "comment"
    EDIT = "edit"
    MANAGE_MEMBERS = "manage_members"
    CREATE_TERRITORY = "create_territory"
    DECLARE = "declare"  # resources and needs of a company, for synergies
    USE_SECOND_FACTOR = "use_second_factor"  # a code after the password, for team members and administrators
    # Access requests and erasures (docs/backups-and-privacy.md): a person's data and the log of every
    # request are the platform administrators'; what a territory holds about a company is its team's.
    HANDLE_PERSONAL_DATA = "handle_personal_data"
    HANDLE_COMPANY_DATA = "handle_company_data"
    # Programme steering (docs/programme.md): reading what the territories of a région, or of France, share
    # upward. Held through a steering role, never through a territory's membership.
    STEER_REGION = "steer_region"
    STEER_NATION = "steer_nation"


# What each role may do on its own territory. Platform administrators may do everything.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.TEAM: frozenset(
        {
            Action.VIEW_WORKSPACE,
            Action.VIEW_PRIVATE,
            Action.COMMENT,
            Action.EDIT,
            Action.MANAGE_MEMBERS,
            Action.DECLARE,
            Action.HANDLE_COMPANY_DATA,
        }
    ),
    Role.COMMITTEE: frozenset({Action.VIEW_WORKSPACE, Action.VIEW_PRIVATE, Action.COMMENT}),
    Role.PARTNER: frozenset({Action.VIEW_WORKSPACE}),
    Role.COMPANY: frozenset({Action.VIEW_WORKSPACE, Action.DECLARE}),
}
TERRITORY_ACTIONS = frozenset().union(*ROLE_ACTIONS.values())


def roles_of(user: Any, territory: Territory) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_tindus_roles", None)
    if cache is None:
        cache = {}
        for territory_id, role in Membership.objects.filter(user=user).values_list("territory_id", "role"):
            cache.setdefault(territory_id, set()).add(role)
        user._tindus_roles = cache
    return cache.get(territory.pk, set())


def steering_regions(user: Any) -> set[int] | None:
    """The régions (ids) ``user`` steers; None means every région (the national team, platform administrators)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cache = getattr(user, "_tindus_steering", None)
    if cache is None:
        rows = list(SteeringMembership.objects.filter(user=user).values_list("role", "region_id"))
        national = any(role == SteeringRole.NATIONAL_TEAM for role, _region in rows)
        cache = None if national else {region for _role, region in rows}
        user._tindus_steering = cache
    return cache


def steers(user: Any, region: Region | None) -> bool:
    """Does ``user`` steer ``region`` (or, with None, the whole programme)?"""
    regions = steering_regions(user)
    if regions is None:
        return True
    return region is not None and region.pk in regions


def has_permission(user: Any, action: Action, territory: Territory | None = None, region: Region | None = None) -> bool:
    """May ``user`` perform ``action`` (on ``territory`` for territory actions, on ``region`` for steering)?"""
    if action is Action.VIEW_PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if action is Action.VIEW_ACCOUNT:
        return True
    if action is Action.CREATE_TERRITORY:
        return Membership.objects.filter(user=user, role=Role.TEAM).exists()
    if action is Action.USE_SECOND_FACTOR:
        # Whoever has one keeps access to it, to remove it after leaving a team.
        return (
            Membership.objects.filter(user=user, role=Role.TEAM).exists()
            or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        )
    if action is Action.STEER_NATION:
        return steers(user, None)
    if action is Action.STEER_REGION:
        regions = steering_regions(user)
        if region is None:  # the programme's entry page: any steering role opens it, and lists its régions
            return regions is None or bool(regions)
        return steers(user, region)
    if territory is None:
        return False
    return any(action in ROLE_ACTIONS[role] for role in roles_of(user, territory))


def token_permits(token: Any, action: Action, territory: Territory | None) -> bool:
    """What a request carrying an API ``token`` may do: its holder's rights on the token's territory, capped by
    the token's role. The same rules as the web pages; the token can only narrow them."""
    if action is Action.VIEW_PUBLIC:
        return True
    if territory is None or token.territory_id != territory.pk or action not in ROLE_ACTIONS[token.role]:
        return False
    return has_permission(token.user, action, territory)


def permission_required(action: Action) -> Callable:
    """Wrap a view: resolve the territory from the ``slug`` URL argument, then check ``action``.

    Anonymous visitors are sent to the login page; signed-in users without the right get a 403.
    The territory is available to the view as ``request.territory``.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            territory = region = None
            if "slug" in kwargs and action in TERRITORY_ACTIONS | {Action.VIEW_PUBLIC}:
                territory = get_object_or_404(Territory, slug=kwargs["slug"])
            if "region" in kwargs and action is Action.STEER_REGION:
                region = get_object_or_404(Region, code=kwargs["region"])
            if not has_permission(request.user, action, territory, region):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            request.territory = territory
            request.region = region
            return view(request, *args, **kwargs)

        wrapped.tindus_permission = action
        return wrapped

    return decorator


public = permission_required(Action.VIEW_PUBLIC)


def company_scope(user: Any, territory: Territory, token: Any = None) -> frozenset[str] | None:
    """The SIRETs ``user`` may declare for on ``territory``: None means any company (the team acts on
    the companies' behalf); a company representative declares for their own establishment only. Through an
    API ``token``, the token's role decides which of the two applies."""
    may_edit = has_permission(user, Action.EDIT, territory)
    if token is not None:
        may_edit = may_edit and token_permits(token, Action.EDIT, territory)
    if may_edit:
        return None
    if Role.COMPANY not in roles_of(user, territory):
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, territory=territory, role=Role.COMPANY)
        .exclude(company_siret="")
        .values_list("company_siret", flat=True)
    )


def may_open(user: Any, url: str) -> bool:
    """Would the view behind ``url`` let ``user`` in? Read from the action the view declares.

    Views that refine the check on the object itself (a company's own declaration) are reached
    through their own action here; the crawl test finds any link this promise does not keep.
    """
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    action = getattr(match.func, "tindus_permission", None)
    if action is None:
        return True
    territory = region = None
    if "slug" in match.kwargs and action in TERRITORY_ACTIONS | {Action.VIEW_PUBLIC}:
        territory = Territory.objects.filter(slug=match.kwargs["slug"]).first()
        if territory is None:
            return False
    if "region" in match.kwargs and action is Action.STEER_REGION:
        region = Region.objects.filter(code=match.kwargs["region"]).first()
        if region is None:
            return False
    return has_permission(user, action, territory, region)


def permissions_for(user: Any, territory: Territory) -> dict[str, bool]:
    """The actions ``user`` may perform on ``territory``, for templates (``perms_here.edit``)."""
    return {action.value: has_permission(user, action, territory) for action in Action}
