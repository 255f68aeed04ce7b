"""The demo's business meetings afternoon for Haut-Doubs Horloger: companies of the synthetic warehouse,
their requests, a schedule the independent validator accepts, the day and its feedback, all synthetic."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from tindus.accounts.demo import create_demo_accounts
from tindus.accounts.models import Membership, Role
from tindus.events.compute.validate import problems
from tindus.events.demo import COMPANIES, HELD_DAYS_AGO, TITLE, UPCOMING_TITLE, load_demo_events
from tindus.events.instance_build import build_instance
from tindus.events.models import Feedback, Meeting, MeetingRequest, SchedulingRun
from tindus.synergies.models import Kind, Opportunity
from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.services import get_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def synth_doubs(tmp_path_factory, django_db_setup, django_db_blocker):
    """Synthetic SIRENE files for the Doubs at a tenth of its size (a few hundred Haut-Doubs employers)."""
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    folder = tmp_path_factory.mktemp("doubs-events")
    with django_db_blocker.unblock():
        communes, nafs = synth_inputs(["25"])
    generate(folder, communes, nafs, scale=0.1, seed=2026, parquet=False,
             outputs=frozenset({"stock-zip", "unites-legales"}))  # fmt: skip
    return folder


@pytest.fixture
def warehouse(synth_doubs, db):
    warehouse = get_warehouse()
    sync_reference(warehouse)
    for name in ("StockUniteLegale_utf8.zip", "StockEtablissement_utf8.zip"):
        import_file(warehouse, synth_doubs / name)
    return warehouse


def test_the_demo_afternoon(warehouse, haut_doubs):
    create_demo_accounts([haut_doubs])
    assert load_demo_events(haut_doubs) == COMPANIES >= 30
    event = haut_doubs.events.get(title=TITLE)
    today = timezone.localdate()
    assert event.synthetic and event.schedule_published and event.date == today - dt.timedelta(days=HELD_DAYS_AGO)
    assert (event.slots.count(), event.tables.count(), event.tables.filter(reserved=True).count()) == (9, 12, 1)
    people = list(event.participants.all())
    assert len(people) >= 30 and all(p.synthetic for p in people)
    assert len({p.company_name for p in people}) == len(people)  # every company named, each name once
    assert any(p.available_slots.count() < 9 for p in people)  # some only half of the afternoon
    assert all(p.offers and p.seeks for p in people)

    statuses = list(MeetingRequest.objects.filter(event=event).values_list("status", flat=True))
    assert {"accepted", "declined", "pending"} <= set(statuses)
    assert statuses.count("accepted") > len(statuses) / 2

    meetings = Meeting.objects.filter(event=event)
    assert meetings.exists() and all(m.synthetic for m in meetings)
    built = build_instance(event)
    current = built.current()
    assert len(current.assignments) >= 40
    assert problems(built.instance, current) == []
    assert SchedulingRun.objects.filter(event=event).count() == 1
    assert not meetings.filter(slot__isnull=False, table__reserved=True).exists()

    assert event.participants.filter(absent=True).count() == 1
    assert event.participants.filter(checked_in_at__isnull=False).count() >= 3
    created = Opportunity.objects.filter(territory=haut_doubs, kind=Kind.MEETING)
    assert created.count() == 2 and all(o.synthetic for o in created)
    assert set(created.values_list("status", flat=True)) == {"contact", "study"}
    assert Feedback.objects.filter(meeting__event=event).count() >= 8

    # the demo company account is one of the companies, with its agenda
    siret = Membership.objects.get(territory=haut_doubs, role=Role.COMPANY).company_siret
    own = event.participants.get(siret=siret)
    assert own.user is not None
    assert meetings.filter(Q(a=own) | Q(b=own), slot__isnull=False).count() >= 3

    # a morning still open, where the demo company account is not registered yet
    coming = haut_doubs.events.get(title=UPCOMING_TITLE)
    assert coming.synthetic and coming.date > today and coming.registration_open() and coming.booking_open()
    assert not coming.participants.filter(siret=siret).exists() and coming.participants.count() >= 10
    assert coming.requests.filter(status="pending").exists() and not coming.meetings.filter(slot__isnull=False)

    assert load_demo_events(haut_doubs) == 0  # a second start adds nothing
    assert haut_doubs.events.count() == 2 and Opportunity.objects.filter(kind=Kind.MEETING).count() == 2


def test_without_the_warehouse_nothing_is_made(haut_doubs):
    assert load_demo_events(haut_doubs) == 0
    assert not haut_doubs.events.exists()
