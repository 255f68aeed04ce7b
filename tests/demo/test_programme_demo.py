"""The demo's programme steering: a regional coordinator of Bourgogne-Franche-Comté who follows both demo
territories, a national account, what each territory shares, and synthetic figures, labelled, loaded once."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tindus.accounts.demo import DEMO_ACCOUNTS
from tindus.accounts.models import Membership, SteeringMembership
from tindus.accounts.permissions import steering_regions
from tindus.demo.loading import load_demo
from tindus.governance.models import Meeting, TerritoryMilestone
from tindus.plan.models import Funding, Milestone
from tindus.programme.financeurs import merged
from tindus.programme.models import AxisTheme, SharingSettings
from tindus.programme.scope import followed_territories
from tindus.referentials.models import Region

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "projects": sum(t.projects.count() for t in demo()),
        "fundings": Funding.objects.filter(project__territory__is_demo=True).count(),
        "milestones": Milestone.objects.filter(project__territory__is_demo=True).count(),
        "meetings": Meeting.objects.filter(instance__territory__is_demo=True).count(),
        "territory milestones": TerritoryMilestone.objects.filter(territory__is_demo=True).count(),
        "themes": AxisTheme.objects.filter(axis__plan__territory__is_demo=True).count(),
        "sharing": SharingSettings.objects.count(),
        "steering": SteeringMembership.objects.count(),
    }


def demo():
    from tindus.territories.models import Territory

    return Territory.objects.filter(is_demo=True)


def test_the_demo_has_a_regional_coordinator_of_bfc_and_a_national_account(haut_doubs, auxois):
    load_demo()
    steering = [a for a in DEMO_ACCOUNTS if a.steers]
    assert {a.role for a in steering} == {"regional_coordinator", "national_team"}
    bfc = Region.objects.get(code="27")
    for account in steering:
        user = User.objects.get(username=account.email)
        assert user.check_password("demo-tindus") and not user.is_superuser
        assert not Membership.objects.filter(user=user).exists()  # no territory role: reads only
        expected = None if account.role == "national_team" else {bfc.pk}
        assert steering_regions(user) == expected
    followed = {f.territory for f in followed_territories(bfc)}
    assert {haut_doubs, auxois} <= followed


def test_the_coordinator_reads_the_region_not_the_workspaces(haut_doubs):
    load_demo()
    coordinator = User.objects.get(username=next(a.email for a in DEMO_ACCOUNTS if a.role == "regional_coordinator"))
    browser = signed_in(coordinator)
    assert browser.get(reverse("territories:workspace", kwargs={"slug": haut_doubs.slug})).status_code == 403
    assert browser.get(reverse("programme_territory:sharing", kwargs={"slug": haut_doubs.slug})).status_code == 403


def test_the_demo_territories_share_differently(haut_doubs, auxois):
    load_demo()
    assert haut_doubs.sharing.plan == "detailed" and haut_doubs.sharing.funding == "detailed"
    assert auxois.sharing.plan == "aggregated" and auxois.sharing.funding == "aggregated"
    assert auxois.sharing.consultation == "nothing"


def test_the_demo_keeps_a_teams_own_sharing(auxois):
    SharingSettings.objects.create(territory=auxois, plan="nothing", funding="nothing")
    load_demo()
    auxois.sharing.refresh_from_db()
    assert auxois.sharing.plan == "nothing" and auxois.sharing.funding == "nothing"


def test_every_lever_of_the_demo_plans_has_a_confirmed_theme(haut_doubs, auxois):
    load_demo()
    for territory in (haut_doubs, auxois):
        levers = territory.plan.axes.filter(parent=None)
        assert levers.exists()
        themed = set(AxisTheme.objects.filter(axis__in=levers).values_list("axis_id", flat=True))
        assert themed == set(levers.values_list("pk", flat=True))


def test_the_synthetic_figures_give_the_regional_view_something_to_show(haut_doubs, auxois):
    load_demo()
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    for territory in (haut_doubs, auxois):
        fundings = Funding.objects.filter(project__territory=territory)
        assert fundings.exists()
        late = Milestone.objects.filter(project__territory=territory, planned_on__lt=today, done_on__isnull=True)
        assert late.exists() and all("(synthétique)" in m.title for m in late)
        recent = Meeting.objects.filter(instance__territory=territory, date__gte=year_ago, date__lte=today)
        assert recent.exists() and all("(synthétique)" in m.agenda for m in recent)
        kinds = set(territory.milestones.values_list("kind", flat=True))
        assert {"protocol", "contract"} <= kinds
    assert all("(synthétique)" in p.title for p in haut_doubs.projects.all())
    assert {p.status for p in haut_doubs.projects.all()} >= {"in_progress", "done", "idea"}


def test_the_region_is_written_three_ways_and_merged_into_one_funder(haut_doubs, auxois):
    load_demo()
    pairs = Funding.objects.filter(project__territory__in=[haut_doubs, auxois], financeur="region").values_list(
        "financeur", "financeur_detail"
    )
    spellings = {detail for _kind, detail in pairs}
    assert len(spellings) >= 3
    (funder,) = merged(pairs)
    assert funder.key == "region-bfc"


def test_loading_the_demo_twice_adds_nothing(haut_doubs, auxois):
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first


def test_the_coordinator_opens_the_region_page_with_both_demo_territories(haut_doubs, auxois):
    load_demo()
    coordinator = User.objects.get(username=next(a.email for a in DEMO_ACCOUNTS if a.role == "regional_coordinator"))
    page = signed_in(coordinator).get(reverse("programme:region", kwargs={"region": "27"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Haut-Doubs Horloger" in html and "Auxois Morvan" in html
    assert signed_in(coordinator).get(reverse("programme:region", kwargs={"region": "76"})).status_code == 403
