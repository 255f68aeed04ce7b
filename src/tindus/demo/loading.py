"""Demo workspaces for the two territories of the seed pages, one account per role, and what each
domain app writes into them, in order.

Only outside production (``settings.DEMO_ENABLED``): demo accounts share a published password.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tindus.accounts.demo import DemoAccount, create_demo_accounts, demo_team_user, represent_company
from tindus.consultation.demo import load_demo_consultation
from tindus.employment.demo import load_demo_employment as load_territory_employment
from tindus.events.demo import load_demo_events
from tindus.governance.demo import load_auxois_governance, load_haut_doubs_governance
from tindus.land.demo import load_demo_land as load_territory_land
from tindus.plan.demo import load_auxois_plan
from tindus.programme.demo import load_demo_programme
from tindus.public.demo import load_haut_doubs_news
from tindus.synergies.demo import load_demo_synergies as load_territory_synergies
from tindus.territories.demo import demo_territories, mark_demo_territories
from tindus.territories.models import Territory
from tindus.warehouse.demo import load_demo_warehouse as load_synthetic_warehouse


class DemoUnavailableError(Exception):
    pass


def _check_enabled() -> None:
    if not settings.DEMO_ENABLED:
        raise DemoUnavailableError(_("Demo content is never created with production settings."))


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Mark the seed territories as demo workspaces, create one account per role and the content the
    seed pages describe, then what they share with the programme's steering and its synthetic figures
    (idempotent)."""
    _check_enabled()
    try:
        territories = mark_demo_territories()
    except LookupError:
        raise DemoUnavailableError(_("Reference data is not loaded: run 'tindus referentials load' first.")) from None
    accounts = create_demo_accounts(territories)
    load_demo_site(territories)
    load_demo_programme(territories, demo_team_user())
    return accounts


def load_demo_site(territories: list[Territory]) -> None:
    """The plan, governance, news and consultation written from the seed pages (skipped where content
    exists)."""
    team = demo_team_user()
    by_id = {t.official_id: t for t in territories}
    load_auxois(by_id["ti-2701"], team)
    load_haut_doubs(by_id["ti-2704"], team)
    load_demo_consultation(by_id["ti-2704"])


@transaction.atomic
def load_auxois(territory: Territory, author) -> None:
    """Auxois Morvan's plan and governance, unless the team has started either."""
    if territory.projects.exists() or territory.instances.exists():
        return
    load_auxois_plan(territory, author)
    load_auxois_governance(territory)


@transaction.atomic
def load_haut_doubs(territory: Territory, author) -> None:
    """Haut-Doubs Horloger's news and the milestone of its study, unless it has news already."""
    if territory.articles.exists():
        return
    load_haut_doubs_news(territory, author)
    load_haut_doubs_governance(territory)


def load_demo_warehouse(say=print) -> bool:
    """On first start, generate synthetic SIRENE and URSSAF files for 21 and 25 and import them."""
    _check_enabled()
    return load_synthetic_warehouse(say)


def load_demo_synergies(say=print) -> None:
    """Synthetic declarations and the synergies found in them, once the demo warehouse is there (its
    establishments are the companies that declare); then Haut-Doubs Horloger's business meetings afternoon,
    whose companies come from the warehouse too and whose feedback feeds the synergies pipeline."""
    for territory in demo_territories():
        followed = load_territory_synergies(territory)
        first = territory.synergy_declarations.filter(synthetic=True).order_by("pk").first()
        if first is not None:  # the demo company account represents a company that has declared
            represent_company(territory, first.siret)
        if followed:
            say(_("Demo synergies of %(name)s: %(n)s opportunities followed (synthetic).")
                % {"name": territory.name, "n": followed})  # fmt: skip
        if territory.official_id == "ti-2704":
            registered = load_demo_events(territory)
            if registered:
                say(_("Demo business meetings of %(name)s: %(n)s companies registered, meetings scheduled (synthetic).")
                    % {"name": territory.name, "n": registered})  # fmt: skip


def load_demo_employment(say=print) -> None:
    """The employment module's synthetic training sessions, companies' needs and proposals, once the national
    BMO files are loaded and the synergies' companies are there (they declare the needs)."""
    for territory in demo_territories():
        made = load_territory_employment(territory)
        if made:
            say(_("Demo employment and training of %(name)s: sessions, needs and %(n)s proposals (synthetic).")
                % {"name": territory.name, "n": made})  # fmt: skip


def load_demo_land(say=print) -> None:
    """The land module's synthetic inventories (zones on real communes, occupants from the synthetic warehouse),
    the real Cartofriches brownfields of their départements, a consultation of owners in progress and a
    company's need matched to a plot, once the warehouse and the synergies' companies are there."""
    for territory in demo_territories():
        made = load_territory_land(territory)
        if made:
            say(_("Demo land inventory of %(name)s: %(n)s zones (synthetic), brownfields from Cartofriches.")
                % {"name": territory.name, "n": made})  # fmt: skip
