"""factory_boy factories for test data."""

import factory
from django.contrib.auth.models import User

from tindus.accounts.models import Membership, Role
from tindus.territories.models import Comment, Territory

PASSWORD = "Un-mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class CustomTerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire test {n}")
    slug = factory.Sequence(lambda n: f"territoire-test-{n}")
    kind = Territory.Kind.CUSTOM
    cog_vintage = 2026


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(CustomTerritoryFactory)
    role = Role.TEAM
    company_siret = factory.LazyAttribute(lambda m: "90000000100009" if m.role == Role.COMPANY else "")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    territory = factory.SubFactory(CustomTerritoryFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Commentaire {n}")
