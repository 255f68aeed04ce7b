"""Demo accounts: one per role on the demo territories, and the programme's steering (a regional coordinator of
Bourgogne-Franche-Comté, the région of both demo territories, and a member of the national team), sharing a
published password.

Created only by the demo app (``tindus demo load``), never with production settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from tindus.referentials.models import Region
from tindus.territories.models import Territory

from .models import Membership, Role, SteeringMembership, SteeringRole

DEMO_PASSWORD = "demo-tindus"
DEMO_DOMAIN = "demo.tindus.localhost"
# A synthetic establishment (SIREN 900000001 passes the Luhn check and belongs to no real company).
DEMO_COMPANY_SIRET = "90000000100009"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, a SteeringRole value, or "admin"
    organisation: str = ""
    region: str = ""  # a regional steering role: the région's code

    @property
    def steers(self) -> bool:
        return self.role in SteeringRole.values

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_DOMAIN}"


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Alice", "Administratrice", "admin", "Tindus"),
    DemoAccount("equipe", "Camille", "Chef de projet", Role.TEAM, "AUDAB"),
    DemoAccount("comite", "Dominique", "Élue", Role.COMMITTEE, "Communauté de communes"),
    DemoAccount("partenaire", "Paul", "Partenaire", Role.PARTNER, "Agence France Travail"),
    DemoAccount("entreprise", "Émilie", "Dirigeante", Role.COMPANY, "Entreprise de démonstration (synthétique)"),
    DemoAccount("region", "Régis", "Coordinateur régional", SteeringRole.REGIONAL_COORDINATOR,
                "Conseil régional de Bourgogne-Franche-Comté", region="27"),
    DemoAccount("national", "Nadia", "Équipe nationale", SteeringRole.NATIONAL_TEAM, "ANCT"),
]  # fmt: skip


def create_demo_accounts(territories: list[Territory]) -> list[DemoAccount]:
    """One account per role, a member of every demo territory (the administrator and the steering of none: the
    steering holds its role on the région or on all of France); idempotent."""
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.email,
            defaults={
                "email": account.email,
                "first_name": account.first_name,
                "last_name": account.last_name,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = account.role == "admin"
        user.save()
        if account.role == "admin":
            continue
        if account.steers:
            region = Region.objects.get(code=account.region) if account.region else None
            SteeringMembership.objects.get_or_create(
                user=user, role=account.role, region=region, defaults={"organisation": account.organisation}
            )
            continue
        for territory in territories:
            Membership.objects.get_or_create(
                user=user,
                territory=territory,
                role=account.role,
                defaults={
                    "organisation": account.organisation,
                    "company_siret": DEMO_COMPANY_SIRET if account.role == Role.COMPANY else "",
                },
            )
    return DEMO_ACCOUNTS


def demo_team_user() -> User:
    """The demo team account, author of the demo content."""
    return User.objects.get(username=next(a.email for a in DEMO_ACCOUNTS if a.role == Role.TEAM))


def represent_company(territory: Territory, siret: str) -> None:
    """Let the demo company account represent ``siret`` on ``territory`` (a company that has declared)."""
    Membership.objects.filter(territory=territory, role=Role.COMPANY, company_siret=DEMO_COMPANY_SIRET).update(
        company_siret=siret
    )
