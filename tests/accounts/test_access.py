"""Every URL, every role: nobody sees what their role or territory does not allow.

The expected matrix below is written out by hand (it is the specification), independently of
the permission table in ``tindus.accounts.permissions``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD, CommentFactory, MembershipFactory, UserFactory
from tindus.accounts.models import Role

pytestmark = pytest.mark.django_db

# URL names that need a territory, and which roles of *that* territory may open them.
TERRITORY_URLS = {
    "territories:detail": {"anonymous", "outsider", "team", "committee", "partner", "company", "admin"},
    "diagnostic:territory": {"anonymous", "outsider", "team", "committee", "partner", "company", "admin"},
    "territories:edit": {"team", "admin"},
    "territories:workspace": {"team", "committee", "partner", "company", "admin"},
    "territories:add_comment": {"team", "committee", "admin"},
    "accounts:members": {"team", "admin"},
    "accounts:remove_member": {"team", "admin"},
}
# URL names without a territory: who may open them.
PLATFORM_URLS = {
    "core:home": "everyone",
    "core:health": "everyone",
    "territories:list": "everyone",
    "warehouse:provenance": "everyone",
    "diagnostic:epci": "everyone",
    "territories:create": {"team", "admin"},
    "accounts:profile": "signed-in",
    "accounts:login": "everyone",
    "accounts:logout": "everyone",
    "accounts:password_reset": "everyone",
    "accounts:password_reset_done": "everyone",
    "accounts:password_reset_confirm": "everyone",
    "accounts:password_reset_complete": "everyone",
    "set_language": "everyone",
}
ROLES = ["anonymous", "outsider", "team", "committee", "partner", "company", "admin"]


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from all_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_matrix():
    assert set(all_url_names()) == set(TERRITORY_URLS) | set(PLATFORM_URLS)


@pytest.fixture
def world(haut_doubs, auxois):
    """Users of every role on Haut-Doubs; a team on Auxois with a private comment."""
    users = {
        "anonymous": None,
        "outsider": UserFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    for role in (Role.TEAM, Role.COMMITTEE, Role.PARTNER, Role.COMPANY):
        users[str(role)] = MembershipFactory(territory=haut_doubs, role=role).user
    other_team = MembershipFactory(territory=auxois, role=Role.TEAM)
    own_secret = CommentFactory(territory=haut_doubs, body="SECRET-HDH-7f3a").body
    other_secret = CommentFactory(territory=auxois, body="SECRET-AUXOIS-91bc").body
    return {
        "users": users,
        "own": haut_doubs,
        "other": auxois,
        "other_membership": other_team,
        "own_secret": own_secret,
        "other_secret": other_secret,
    }


def url_for(name, territory, membership=None):
    if name == "accounts:remove_member":
        return reverse(name, kwargs={"slug": territory.slug, "pk": membership.pk})
    return reverse(name, kwargs={"slug": territory.slug})


def get_as(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_territory_urls_by_role(client, world, role):
    user = world["users"][role]
    own_membership = MembershipFactory(territory=world["own"], role=Role.PARTNER)
    for name, allowed in TERRITORY_URLS.items():
        # Their own territory: allowed or refused according to the matrix.
        response = get_as(client, user, url_for(name, world["own"], own_membership))
        if role in allowed:
            # 503: the diagnostic is public but the test warehouse is empty.
            assert response.status_code in (200, 302, 503), (name, role, response.status_code)
            if response.status_code == 302:
                assert "/connexion/" not in response["Location"], (name, role)
        elif role == "anonymous":
            assert response.status_code == 302 and "/connexion/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
        # The other territory: only public pages, unless platform administrator.
        response = get_as(client, user, url_for(name, world["other"], world["other_membership"]))
        if role == "admin" or name in ("territories:detail", "diagnostic:territory"):
            assert response.status_code in (200, 302, 503)
        else:
            assert response.status_code in (302, 403), (name, role, response.status_code)
            assert world["other_secret"].encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_private_comments_are_seen_only_by_team_committee_and_admin(client, world, role):
    user = world["users"][role]
    pages = [reverse(n) for n in ("core:home", "territories:list")]
    pages += [url_for(n, world["own"]) for n in ("territories:detail", "territories:workspace")]
    pages += [url_for(n, world["other"]) for n in ("territories:detail", "territories:workspace")]
    seen = b"".join(get_as(client, user, url).content for url in pages)
    assert (world["own_secret"].encode() in seen) == (role in {"team", "committee", "admin"})
    assert (world["other_secret"].encode() in seen) == (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_platform_urls_by_role(client, world, role):
    user = world["users"][role]
    for name, allowed in PLATFORM_URLS.items():
        if name == "accounts:password_reset_confirm":
            url = reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
        elif name == "diagnostic:epci":
            url = reverse(name, kwargs={"siren": "242504116"})
        else:
            url = reverse(name)
        response = get_as(client, user, url)
        may = (
            allowed == "everyone"
            or (allowed == "signed-in" and user is not None)
            or (isinstance(allowed, set) and role in allowed)
        )
        if may:
            assert response.status_code in (200, 302, 405, 503), (name, role, response.status_code)
        elif user is None:
            assert response.status_code == 302 and "/connexion/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role)


def test_committee_member_comments_but_partner_cannot(client, world):
    url = url_for("territories:add_comment", world["own"])
    client.force_login(world["users"]["committee"])
    assert client.post(url, {"body": "Avis du comité"}).status_code == 302
    assert world["own"].comments.filter(body="Avis du comité").exists()
    client.force_login(world["users"]["partner"])
    assert client.post(url, {"body": "Intrus"}).status_code == 403
    assert not world["own"].comments.filter(body="Intrus").exists()


def test_login_with_password(client, world):
    user = world["users"]["team"]
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200 and response.context["form"].errors
