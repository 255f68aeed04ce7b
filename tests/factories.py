"""factory_boy factories for test data."""

import datetime
import decimal

import factory
from django.contrib.auth.models import User

from tindus.accounts.models import Membership, Role
from tindus.identifiers import luhn_check_digit
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


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plan.Plan"
        django_get_or_create = ("territory",)

    territory = factory.SubFactory(CustomTerritoryFactory)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plan.Axis"

    plan = factory.SubFactory(PlanFactory)
    parent = None
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Levier {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plan.Project"
        skip_postgeneration_save = True

    territory = factory.SubFactory(CustomTerritoryFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    porteur_name = factory.Sequence(lambda n: f"Porteur {n}")

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """Every project starts its dated status history, as the application does."""
        if create:
            from tindus.plan.models import StatusChange

            StatusChange.objects.create(project=self, status=self.status, date=extracted or datetime.date(2024, 1, 1))


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plan.Funding"

    project = factory.SubFactory(ProjectFactory)
    financeur = "region"
    year = 2024
    amount = decimal.Decimal("10000")
    requested_on = datetime.date(2024, 1, 15)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plan.BudgetLine"

    project = factory.SubFactory(ProjectFactory)
    nature = "investment"
    year = 2024
    label = factory.Sequence(lambda n: f"Dépense {n}")
    planned = decimal.Decimal("20000")


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Instance"

    territory = factory.SubFactory(CustomTerritoryFactory)
    kind = "project"
    name = factory.Sequence(lambda n: f"Comité {n}")


class InstanceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.InstanceMember"

    instance = factory.SubFactory(InstanceFactory)
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    role = "epci"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Meeting"

    instance = factory.SubFactory(InstanceFactory)
    date = datetime.date(2024, 3, 1)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "public.Article"

    territory = factory.SubFactory(CustomTerritoryFactory)
    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    body = "Un texte **important**."
    state = "draft"


def siret(prefix: str) -> str:
    """A valid SIRET from its first 13 digits (the Luhn check digit added)."""
    return prefix + luhn_check_digit(prefix)


def sirene_establishments(rows):
    """A test warehouse holding these establishments: (siret, commune, NAF, size band, name) each."""
    from tindus.warehouse.reference import sync_reference
    from tindus.warehouse.services import get_warehouse

    warehouse = get_warehouse()
    sync_reference(warehouse)
    with warehouse.session() as con:
        for number, commune, naf, band, name in rows:
            con.execute(
                "INSERT INTO establishment (siret, siren, nic, commune, naf, size_band, active, name, public) "
                "VALUES (?, ?, ?, ?, ?, ?, true, ?, true)",
                [number, number[:9], number[9:], commune, naf, band, name],
            )
    return warehouse


class EventFactory(factory.django.DjangoModelFactory):
    """A business meetings afternoon: 14:00–16:00, 20-minute meetings, 5-minute breaks, 4 tables."""

    class Meta:
        model = "events.Event"

    territory = factory.LazyFunction(lambda: Territory.objects.get(kind="official", wave=1, official_id="ti-2704"))
    title = factory.Sequence(lambda n: f"Rencontres d'affaires {n}")
    date = datetime.date(2030, 6, 13)
    place = "Salle des fêtes, Morteau"
    afternoon_start = datetime.time(14)
    afternoon_end = datetime.time(16)

    @factory.post_generation
    def day(self, create, extracted, **kwargs):
        """Slots and tables as the organiser's form makes them (``tables=N`` to change the count)."""
        from tindus.events.compute.day_plan import slots_for
        from tindus.events.models import Table, TimeSlot

        if not create:
            return
        planned = slots_for([("morning", self.morning_start, self.morning_end),
                             ("afternoon", self.afternoon_start, self.afternoon_end)],
                            self.slot_minutes, self.break_minutes)  # fmt: skip
        TimeSlot.objects.bulk_create([TimeSlot(event=self, start=p.start, end=p.end, half_day=p.half_day)
                                      for p in planned])  # fmt: skip
        count = kwargs.get("tables", 4)
        Table.objects.bulk_create([Table(event=self, number=n) for n in range(1, count + 1)])


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A registered company, available in every slot of its event."""

    class Meta:
        model = "events.Participant"

    event = factory.SubFactory(EventFactory)
    siret = factory.Sequence(lambda n: siret(f"{7000000000000 + n}"))
    company_name = factory.Sequence(lambda n: f"Entreprise {n}")
    person_name = factory.Sequence(lambda n: f"Personne {n}")

    @factory.post_generation
    def available(self, create, extracted, **kwargs):
        if create:
            self.available_slots.set(extracted if extracted is not None else self.event.slots.all())


class EventMeetingFactory(factory.django.DjangoModelFactory):
    """An accepted meeting between two participants of the same event."""

    class Meta:
        model = "events.Meeting"

    a = factory.SubFactory(ParticipantFactory)
    event = factory.LazyAttribute(lambda m: m.a.event)
    b = factory.LazyAttribute(lambda m: ParticipantFactory(event=m.a.event))
    weight = 2


# --- Programme steering: sharing and steering roles (helper E) ---


class SteeringMembershipFactory(factory.django.DjangoModelFactory):
    """A regional coordinator of Bourgogne-Franche-Comté (région "27"), unless told otherwise."""

    class Meta:
        model = "accounts.SteeringMembership"

    user = factory.SubFactory(UserFactory)
    role = "regional_coordinator"
    region = factory.LazyAttribute(lambda m: None if m.role == "national_team" else _bfc())
    organisation = "Préfecture de région"


def _bfc():
    from tindus.referentials.models import Region

    return Region.objects.get(code="27")
