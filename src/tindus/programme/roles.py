"""Granting and revoking the programme's steering roles (``tindus programme grant|revoke|roles``).

A regional role is held on one région, named by its code (« 27 » for Bourgogne-Franche-Comté); the national
programme team's role covers all of France and takes no région. Every refusal says why, in the reader's
language, so that a platform administrator can correct the command at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from tindus.accounts.invitations import invitation_link
from tindus.accounts.models import SteeringMembership, SteeringRole
from tindus.referentials.models import Region

NATIONAL = SteeringRole.NATIONAL_TEAM


class RoleError(Exception):
    """A command that cannot be carried out; the message says why."""


def role_of(code: str) -> SteeringRole:
    if code in SteeringRole.values:
        return SteeringRole(code)
    raise RoleError(
        _("Unknown role « %(role)s ». The roles are: %(roles)s.")
        % {"role": code, "roles": "; ".join(f"{value} ({label})" for value, label in SteeringRole.choices)}
    )


def region_of(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise RoleError(
            _("No région has the code « %(code)s ». The codes are: %(codes)s.")
            % {"code": code, "codes": ", ".join(f"{r.code} {r.name}" for r in Region.objects.order_by("code"))}
        )
    return region


def place_of(role: SteeringRole, region_code: str | None) -> Region | None:
    """The région a role is held on: required for a regional role, refused for the national team's."""
    if role == NATIONAL:
        if region_code:
            raise RoleError(
                _("The role %(role)s covers all of France: give no région (remove --region %(code)s).")
                % {"role": role.value, "code": region_code}
            )
        return None
    if not region_code:
        raise RoleError(
            _("The role %(role)s is held on one région: give its code with --region (27 for Bourgogne-Franche-Comté).")
            % {"role": role.value}
        )
    return region_of(region_code)


def account_of(email: str) -> AbstractBaseUser:
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise RoleError(
            _("No account has the e-mail address %(email)s (add --create to create it).") % {"email": email}
        )
    if not user.is_active:
        raise RoleError(_("The account %(email)s is deactivated.") % {"email": user.email})
    return user


@dataclass(frozen=True)
class Granted:
    membership: SteeringMembership
    created: bool  # False: the person held the role already
    new_account: bool
    link: str  # the password-setting link of a new account, else ""


@transaction.atomic
def grant(
    email: str,
    role_code: str,
    region_code: str | None,
    organisation: str = "",
    *,
    create: bool = False,
    first_name: str = "",
    last_name: str = "",
    site: str = "",
) -> Granted:
    """Give ``email`` the steering role (idempotent; a given ``organisation`` replaces the one recorded)."""
    role = role_of(role_code)
    region = place_of(role, region_code)
    new_account = False
    try:
        user = account_of(email)
    except RoleError:
        if not create or get_user_model().objects.filter(email__iexact=email.strip()).exists():
            raise
        user = _new_account(email, first_name, last_name)
        new_account = True
    membership, created = SteeringMembership.objects.get_or_create(
        user=user, role=role, region=region, defaults={"organisation": organisation}
    )
    if not created and organisation and membership.organisation != organisation:
        membership.organisation = organisation
        membership.save(update_fields=["organisation"])
    link = invitation_link(user, site) if new_account else ""
    return Granted(membership, created, new_account, link)


def _new_account(email: str, first_name: str, last_name: str) -> AbstractBaseUser:
    """An account without a password: its holder chooses one through the link the command prints."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise RoleError(_("« %(email)s » is not an e-mail address.") % {"email": email}) from None
    user = get_user_model().objects.create_user(
        username=address, email=address, first_name=first_name, last_name=last_name
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def revoke(email: str, role_code: str, region_code: str | None) -> SteeringMembership:
    """Take the role back; refused, with the roles the person holds, when they do not hold this one."""
    role = role_of(role_code)
    region = place_of(role, region_code)
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise RoleError(_("No account has the e-mail address %(email)s.") % {"email": email})
    membership = SteeringMembership.objects.filter(user=user, role=role, region=region).first()
    if membership is None:
        held = [describe(m) for m in SteeringMembership.objects.filter(user=user).select_related("region")]
        raise RoleError(
            _("%(email)s does not hold this role: nothing was revoked. Roles held: %(held)s.")
            % {"email": user.email, "held": "; ".join(held) or _("no steering role")}
        )
    membership.delete()
    return membership


def memberships(region_code: str | None = None, role_code: str | None = None) -> list[SteeringMembership]:
    """Every steering role, by région then role then person; only one région's or one role's if asked."""
    found = SteeringMembership.objects.select_related("user", "region")
    if region_code:
        found = found.filter(region=region_of(region_code))
    if role_code:
        found = found.filter(role=role_of(role_code))
    return list(found.order_by("region__code", "role", "user__last_name", "user__email"))


def describe(membership: SteeringMembership) -> str:
    where = membership.region.name if membership.region else _("all of France")
    return f"{membership.get_role_display()} · {where}"


def as_dict(membership: SteeringMembership) -> dict:
    user, region = membership.user, membership.region
    return {
        "email": user.email,
        "name": user.get_full_name(),
        "role": membership.role,
        "role_label": str(membership.get_role_display()),
        "region": region.code if region else None,
        "region_name": region.name if region else None,
        "organisation": membership.organisation,
        "since": membership.created_at.isoformat(timespec="seconds") if membership.created_at else None,
    }
