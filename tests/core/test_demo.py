"""Demo workspaces exist outside production only, with one account per role."""

import pytest
from django.contrib.auth.models import User

from tindus.accounts.models import Membership
from tindus.core.demo import DEMO_ACCOUNTS, DemoUnavailableError, load_demo
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
        assert roles == (set() if account.role == "admin" else {account.role})
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
