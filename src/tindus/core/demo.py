"""Demo workspaces for the two territories of the seed pages, and one account per role.

Only outside production (``settings.DEMO_ENABLED``): demo accounts share a published password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tindus.accounts.models import Membership, Role
from tindus.territories.models import Territory

DEMO_PASSWORD = "demo-tindus"
DEMO_DOMAIN = "demo.tindus.localhost"
# A synthetic establishment (SIREN 900000001 passes the Luhn check and belongs to no real company).
DEMO_COMPANY_SIRET = "90000000100009"

DEMO_TERRITORIES = {
    (1, "ti-2704"): (
        "Le Territoire d'industrie Haut-Doubs Horloger regroupe cinq communautés de communes : Val de Morteau, "
        "Plateau du Russey, Pays de Maîche, Portes du Haut-Doubs et Loue-Lison. Fortement industrialisé, il fait "
        "face à une perte d'emplois industriels et à un déficit d'attractivité. L'étude stratégique menée par "
        "l'AUDAB s'appuie sur une large concertation des chefs d'entreprise et de leurs salariés."
    ),
    (1, "ti-2701"): (
        "Un territoire d'industrie rural, avec quatre secteurs dominants : la métallurgie avec la Métal'Valley, "
        "la sylviculture avec l'écopôle Bois, l'industrie agroalimentaire et les métiers du cuir. Il réunit les "
        "communautés de communes du Montbardois, du Pays d'Alésia et de la Seine, des Terres d'Auxois et de Saulieu."
    ),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, or "admin"
    organisation: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_DOMAIN}"


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Alice", "Administratrice", "admin", "Tindus"),
    DemoAccount("equipe", "Camille", "Chef de projet", Role.TEAM, "AUDAB"),
    DemoAccount("comite", "Dominique", "Élue", Role.COMMITTEE, "Communauté de communes"),
    DemoAccount("partenaire", "Paul", "Partenaire", Role.PARTNER, "Agence France Travail"),
    DemoAccount("entreprise", "Émilie", "Dirigeante", Role.COMPANY, "Entreprise de démonstration (synthétique)"),
]


class DemoUnavailableError(Exception):
    pass


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Mark the seed territories as demo workspaces and create one account per role (idempotent)."""
    if not settings.DEMO_ENABLED:
        raise DemoUnavailableError(_("Demo content is never created with production settings."))
    territories = []
    for (wave, official_id), description in DEMO_TERRITORIES.items():
        territory = Territory.objects.filter(kind=Territory.Kind.OFFICIAL, wave=wave, official_id=official_id).first()
        if territory is None:
            raise DemoUnavailableError(_("Reference data is not loaded: run 'tindus referentials load' first."))
        territory.is_demo = True
        territory.description = territory.description or description
        territory.save(update_fields=["is_demo", "description"])
        territories.append(territory)
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
    load_demo_site(territories)
    return DEMO_ACCOUNTS


def load_demo_site(territories: list[Territory]) -> None:
    """The plan, governance and news written from the seed pages (skipped where content exists)."""
    from tindus.consultation.demo import load_demo_consultation

    from .demo_site import load_auxois, load_haut_doubs

    team = User.objects.get(username=next(a.email for a in DEMO_ACCOUNTS if a.role == Role.TEAM))
    by_id = {t.official_id: t for t in territories}
    load_auxois(by_id["ti-2701"], team)
    load_haut_doubs(by_id["ti-2704"], team)
    load_demo_consultation(by_id["ti-2704"])


def load_demo_synergies(say=print) -> None:
    """Synthetic declarations and the synergies found in them, once the demo warehouse is there (its
    establishments are the companies that declare)."""
    from tindus.synergies.demo import load_demo_synergies as load

    for territory in Territory.objects.filter(kind="official", wave=1, official_id__in=["ti-2704", "ti-2701"]):
        followed = load(territory)
        first = territory.synergy_declarations.filter(synthetic=True).order_by("pk").first()
        if first is not None:  # the demo company account represents a company that has declared
            Membership.objects.filter(territory=territory, role=Role.COMPANY, company_siret=DEMO_COMPANY_SIRET).update(
                company_siret=first.siret
            )
        if followed:
            say(_("Demo synergies of %(name)s: %(n)s opportunities followed (synthetic).")
                % {"name": territory.name, "n": followed})  # fmt: skip


DEMO_DEPARTEMENTS = ["21", "25"]


def load_demo_warehouse(say=print) -> bool:
    """On first start, generate synthetic SIRENE and URSSAF files for 21 and 25 and import them.

    Does nothing when the warehouse already holds establishments (so a second start is fast).
    """
    from tindus.warehouse.importer import import_file
    from tindus.warehouse.services import prepared_warehouse, synth_inputs
    from tindus.warehouse.synth import generate

    if not settings.DEMO_ENABLED:
        raise DemoUnavailableError(_("Demo content is never created with production settings."))
    warehouse = prepared_warehouse()
    with warehouse.session() as con:
        if con.execute("SELECT count(*) FROM establishment").fetchone()[0]:
            return False
    folder = settings.VAR_DIR / "synthetique" / "21-25"
    say(_("Generating synthetic SIRENE and URSSAF files for départements 21 and 25 (first start only)…"))
    communes, nafs = synth_inputs(DEMO_DEPARTEMENTS)
    manifest = generate(folder, communes, nafs, seed=2026, parquet=False)
    order = ["StockUniteLegale_utf8.zip", "StockEtablissement_utf8.zip"]
    names = order + sorted(n for n in manifest["files"] if n not in order)
    for name in names:
        report = import_file(warehouse, folder / name)
        say(_("  %(file)s: %(rows)d rows imported (synthetic)") % {"file": name, "rows": report.rows_kept})
    return True
