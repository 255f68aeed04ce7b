"""``tindus programme grant|revoke|roles``: steering roles given and taken back from the command line; each bad
input stops the command with a non-zero exit and the reason."""

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.utils.translation import gettext

from tests.factories import SteeringMembershipFactory, UserFactory
from tests.programme.cli import tindus
from tindus.accounts.models import SteeringMembership
from tindus.accounts.permissions import steering_regions
from tindus.referentials.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(username="claire@region.test", first_name="Claire", last_name="Martin")


def test_grant_a_regional_role_then_list_and_revoke_it(capsys, person):
    code, out, _err = tindus(capsys, "programme", "grant", "--email", "Claire@Region.test", "--role",
                             "regional_coordinator", "--region", "27",
                             "--organisation", "Conseil régional")  # fmt: skip
    assert code == 0 and "claire@region.test" in out and "Bourgogne-Franche-Comté" in out
    (membership,) = SteeringMembership.objects.filter(user=person)
    assert membership.role == "regional_coordinator" and membership.region.code == "27"
    assert membership.organisation == "Conseil régional"
    assert steering_regions(User.objects.get(pk=person.pk)) == {Region.objects.get(code="27").pk}

    code, out, _err = tindus(capsys, "programme", "grant", "--email", "claire@region.test", "--role",
                             "regional_coordinator", "--region", "27")  # fmt: skip
    assert code == 0 and SteeringMembership.objects.filter(user=person).count() == 1  # again: nothing changes

    code, out, _err = tindus(capsys, "programme", "roles", "--json")
    assert code == 0
    assert json.loads(out) == [{
        "email": "claire@region.test", "name": "Claire Martin", "role": "regional_coordinator",
        "role_label": str(membership.get_role_display()), "region": "27", "region_name": "Bourgogne-Franche-Comté",
        "organisation": "Conseil régional", "since": membership.created_at.isoformat(timespec="seconds"),
    }]  # fmt: skip
    code, out, _err = tindus(capsys, "programme", "roles")
    assert code == 0 and "27 Bourgogne-Franche-Comté" in out and "claire@region.test" in out

    code, out, _err = tindus(capsys, "programme", "revoke", "--email", "claire@region.test", "--role",
                             "regional_coordinator", "--region", "27", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["revoked"] is True
    assert not SteeringMembership.objects.filter(user=person).exists()


def test_grant_the_national_role(capsys, person):
    code, out, _err = tindus(capsys, "programme", "grant", "--email", person.email, "--role", "national_team",
                             "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["granted"] is True and data["region"] is None and data["role"] == "national_team"
    assert steering_regions(User.objects.get(pk=person.pk)) is None  # every région


def test_roles_filters_by_region_and_role(capsys):
    SteeringMembershipFactory(user=UserFactory(username="a@bfc.test"))
    SteeringMembershipFactory(user=UserFactory(username="b@occ.test"), region=Region.objects.get(code="76"))
    SteeringMembershipFactory(user=UserFactory(username="c@anct.test"), role="national_team")
    _code, out, _err = tindus(capsys, "programme", "roles", "--region", "27", "--json")
    assert [row["email"] for row in json.loads(out)] == ["a@bfc.test"]
    _code, out, _err = tindus(capsys, "programme", "roles", "--role", "national_team", "--json")
    assert [row["email"] for row in json.loads(out)] == ["c@anct.test"]


def test_grant_may_create_the_account_with_a_password_link(capsys):
    code, out, _err = tindus(capsys, "programme", "grant", "--email", "nouvelle@anct.test", "--role",
                             "national_team", "--create", "--first-name", "Nina", "--site",
                             "https://tindus.example/", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    user = User.objects.get(email="nouvelle@anct.test")
    assert data["new_account"] is True and not user.has_usable_password() and user.first_name == "Nina"
    assert data["password_link"].startswith("https://tindus.example/")
    token = data["password_link"].rstrip("/").rsplit("/", 1)[1]
    assert default_token_generator.check_token(user, token)


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["grant", "--role", "regional_coordinator", "--region", "99"], "99"),  # unknown région code
        (["grant", "--role", "national_team", "--region", "27"], "--region 27"),  # national with a région
        (["grant", "--role", "regional_committee"], "--region"),  # regional without a région
        (["grant", "--role", "prefet", "--region", "27"], "prefet"),  # unknown role
        (["revoke", "--role", "regional_coordinator", "--region", "27"], "claire@region.test"),  # not held
        (["revoke", "--role", "regional_coordinator", "--region", "99"], "99"),
        (["revoke", "--role", "national_team", "--region", "27"], "--region 27"),
    ],
    ids=["unknown région", "national with a région", "regional without a région", "unknown role", "role not held",
         "revoke: unknown région", "revoke: national with a région"],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_the_reason(capsys, person, argv, reason):
    code, out, err = tindus(capsys, "programme", argv[0], "--email", person.email, *argv[1:])
    assert code != 0
    assert reason in err and "Traceback" not in err
    assert not SteeringMembership.objects.exists()


def test_an_unknown_region_lists_the_codes(capsys, person):
    _code, _out, err = tindus(capsys, "programme", "grant", "--email", person.email, "--role",
                              "regional_coordinator", "--region", "99")  # fmt: skip
    assert "27 Bourgogne-Franche-Comté" in err


def test_an_unknown_role_names_the_roles(capsys, person):
    _code, _out, err = tindus(capsys, "programme", "grant", "--email", person.email, "--role", "prefet")
    assert all(role in err for role in ("regional_coordinator", "regional_committee", "national_team"))


@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_an_unknown_account_exits_non_zero(capsys, action):
    code, _out, err = tindus(capsys, "programme", action, "--email", "personne@nulle.part", "--role",
                             "national_team")  # fmt: skip
    assert code != 0 and "personne@nulle.part" in err
    assert not User.objects.filter(email="personne@nulle.part").exists()


def test_a_deactivated_account_is_refused(capsys, person):
    person.is_active = False
    person.save()
    code, _out, err = tindus(capsys, "programme", "grant", "--email", person.email, "--role", "national_team")
    assert code != 0 and person.email in err and not SteeringMembership.objects.exists()


def test_create_refuses_what_is_not_an_email_address(capsys):
    code, _out, err = tindus(capsys, "programme", "grant", "--email", "pas-une-adresse", "--role", "national_team",
                             "--create")  # fmt: skip
    assert code != 0 and "pas-une-adresse" in err and not User.objects.filter(username="pas-une-adresse").exists()


@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_a_missing_email_or_role_exits_non_zero_with_the_reason(capsys, person, action):
    code, _out, err = tindus(capsys, "programme", action, "--role", "national_team")
    assert code != 0 and gettext("Give the person's e-mail address with --email.") in err
    code, _out, err = tindus(capsys, "programme", action, "--email", person.email)
    assert code != 0 and "--role" in err and "national_team" in err
    assert not SteeringMembership.objects.exists()


@pytest.mark.parametrize("action", ["grant", "revoke", "roles"])
def test_each_subcommand_answers_help(capsys, action):
    code, out, _err = tindus(capsys, "programme", action, "--help")
    assert code == 0 and f"tindus programme {action}" in out and "--json" in out
