"""Demo workspaces exist outside production only, with one account per role."""

import pytest
from django.contrib.auth.models import User

from tindus.accounts.demo import DEMO_ACCOUNTS
from tindus.accounts.models import Membership
from tindus.demo.loading import DemoUnavailableError, load_demo
from tindus.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_demo_creates_one_account_per_role_on_both_seed_territories():
    load_demo()
    load_demo()  # idempotent
    demo = Territory.objects.filter(is_demo=True)
    assert {(t.wave, t.official_id) for t in demo} == {(1, "ti-2704"), (1, "ti-2701")}
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.email)
        assert user.check_password("demo-tindus")
        roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        assert roles == (set() if account.role == "admin" or account.steers else {account.role})
        assert user.is_superuser == (account.role == "admin")
    assert Membership.objects.filter(user__username__endswith="demo.tindus.localhost").count() == 8


def test_demo_is_refused_in_production(settings):
    settings.DEMO_ENABLED = False
    with pytest.raises(DemoUnavailableError):
        load_demo()
    assert not User.objects.filter(username__endswith="demo.tindus.localhost").exists()


def test_production_settings_disable_demo(monkeypatch):
    import importlib

    import tindus.config.settings as module

    monkeypatch.setenv("TINDUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    try:
        reloaded = importlib.reload(module)
        assert reloaded.DEMO_ENABLED is False and reloaded.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_demo_site_content_comes_from_the_seed_pages(auxois, haut_doubs):
    import datetime as dt

    load_demo()
    load_demo()  # idempotent: nothing duplicated
    plan = auxois.plan
    levers = plan.axes.filter(parent=None).order_by("position")
    assert levers.count() == 4
    assert [a.title for a in plan.axes.filter(parent=levers[0]).order_by("position")] == ["Former", "Recruter"]
    assert plan.axes.exclude(parent=None).count() == 8
    projects = {p.title: p for p in auxois.projects.all()}
    assert len(projects) == 9 and all(p.is_public for p in projects.values())
    assert projects["GEIQ industrie 21 - antenne Auxois Morvan"].porteur_name == "UIMM 21"
    assert projects["Filière sarrasin bio"].porteur_name == "Association Sarrasin bio Bourgogne"
    assert [a.code for a in projects["Tiers lieux de Montbard"].axes.all()] == ["2.1"]
    dates = sorted(m.date for m in auxois.milestones.all())
    assert dt.date(2019, 1, 25) in dates and dt.date(2019, 3, 21) in dates
    committee_days = {m.date for m in auxois.milestones.filter(kind="committee")}
    assert committee_days == {dt.date(2019, 7, 11), dt.date(2019, 9, 24), dt.date(2019, 12, 19)}
    group = auxois.instances.get(kind="group")
    assert {"Pôle emploi", "Greta 21", "UIMM", "CCI", "Mission locale"} <= set(
        group.members.values_list("organisation", flat=True)
    )
    seed_meetings = auxois.instances.get(kind="project").meetings.exclude(agenda__contains="(synthétique)")
    assert sorted(m.date for m in seed_meetings) == sorted(committee_days)
    (article,) = haut_doubs.articles.all()
    assert article.is_published and article.published_on == dt.date(2021, 7, 6)
    assert "Val de Morteau" in article.body and "concertation des chefs d'entreprises" in article.body


def test_demo_consultation_has_synthetic_answers_with_live_results(client, haut_doubs):
    from django.urls import reverse

    load_demo()
    load_demo()  # idempotent: one consultation
    (campaign,) = haut_doubs.campaigns.all()
    assert "synthétiques" in campaign.title and campaign.links.count() == 4
    assert 50 <= campaign.responses.count() <= 60
    assert {r.answers["mode"] for r in campaign.responses.all()} <= set(
        campaign.questionnaire.current_version().as_schema().question("mode").choices
    )
    client.force_login(User.objects.get(username__startswith="equipe"))
    page = client.get(reverse("consultation_team:results", kwargs={"slug": haut_doubs.slug, "pk": campaign.pk}))
    html = page.content.decode()
    assert f"{campaign.responses.count()} répondants" in html and "synthétiques" in html
