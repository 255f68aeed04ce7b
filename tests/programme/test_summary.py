"""The steering's figures: computed right from hand-built cases, each territory's sharing applied."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import (
    CustomTerritoryFactory,
    EventFactory,
    EventMeetingFactory,
    FundingFactory,
    InstanceFactory,
    MeetingFactory,
    ProjectFactory,
)
from tindus.governance.models import TerritoryMilestone
from tindus.plan.models import Milestone
from tindus.programme.models import Level, SharingSettings
from tindus.programme.scope import Followed
from tindus.programme.summary import territory_rows, totals_of

TODAY = dt.date(2025, 6, 30)


def row_of(territory, today=TODAY):
    return territory_rows([Followed(territory, None, territory.name)], today)[0]


@pytest.fixture
def place(db):
    return CustomTerritoryFactory()


def test_plan_progress_counts_statuses_shares_and_late_milestones(place):
    ProjectFactory.create_batch(2, territory=place, status="in_progress")
    done = ProjectFactory(territory=place, status="done")
    ProjectFactory(territory=place, status="idea")
    abandoned = ProjectFactory(territory=place, status="abandoned")
    Milestone.objects.create(project=done, title="late", planned_on=dt.date(2025, 1, 1))
    Milestone.objects.create(project=done, title="done", planned_on=dt.date(2025, 1, 1), done_on=dt.date(2025, 2, 1))
    Milestone.objects.create(project=done, title="future", planned_on=dt.date(2025, 9, 1))
    Milestone.objects.create(project=abandoned, title="dropped", planned_on=dt.date(2025, 1, 1))

    plan = row_of(place).plan

    assert plan.total == 5
    assert plan.by_status == {"in_progress": 2, "done": 1, "idea": 1, "abandoned": 1}
    assert plan.share_started == pytest.approx(3 / 5)
    assert plan.share_completed == pytest.approx(1 / 5)
    assert plan.late_milestones == 1
    assert not plan.public_only


def test_funding_states_follow_the_dates_and_group_by_financeur(place):
    project = ProjectFactory(territory=place)
    FundingFactory(project=project, financeur="region", amount=Decimal(100), requested_on=dt.date(2025, 1, 1))
    FundingFactory(project=project, financeur="region", amount=Decimal(200), requested_on=dt.date(2025, 1, 1),
                   granted_on=dt.date(2025, 3, 1))  # fmt: skip
    FundingFactory(project=project, financeur="state", amount=Decimal(400), requested_on=dt.date(2025, 1, 1),
                   granted_on=dt.date(2025, 2, 1), paid_on=dt.date(2025, 5, 1))  # fmt: skip
    # Granted after today: still requested today. Requested after today: not counted.
    FundingFactory(project=project, financeur="state", amount=Decimal(800), requested_on=dt.date(2025, 1, 1),
                   granted_on=dt.date(2025, 8, 1))  # fmt: skip
    FundingFactory(project=project, financeur="state", amount=Decimal(1600), requested_on=dt.date(2025, 8, 1))

    funding = row_of(place).funding

    assert funding.amounts == {"requested": Decimal(900), "granted": Decimal(200), "paid": Decimal(400)}
    assert funding.committed == Decimal(600)
    assert funding.count == 4
    assert funding.by_financeur["region"].amounts == {"requested": Decimal(100), "granted": Decimal(200)}
    assert funding.by_financeur["state"].amounts == {"requested": Decimal(800), "paid": Decimal(400)}
    assert funding.as_of == dt.date(2025, 5, 1)


def test_contract_status_and_committees_of_the_last_twelve_months(place):
    TerritoryMilestone.objects.create(territory=place, kind="protocol", date=dt.date(2023, 5, 1), title="Protocole")
    TerritoryMilestone.objects.create(territory=place, kind="contract", date=dt.date(2026, 1, 1), title="Prévu")
    committee = InstanceFactory(territory=place, kind="project")
    group = InstanceFactory(territory=place, kind="group")
    MeetingFactory(instance=committee, date=dt.date(2024, 6, 1))  # more than 12 months ago
    MeetingFactory(instance=committee, date=dt.date(2024, 9, 1))
    MeetingFactory(instance=committee, date=dt.date(2025, 6, 1))
    MeetingFactory(instance=committee, date=dt.date(2025, 9, 1))  # not held yet
    MeetingFactory(instance=group, date=dt.date(2025, 6, 2))  # a working group is no committee

    contract = row_of(place).contract

    assert contract.protocol_on == dt.date(2023, 5, 1)
    assert contract.contract_on is None
    assert contract.status == "protocol"
    assert contract.committees_12m == 2
    assert contract.last_committee == dt.date(2025, 6, 1)


def test_nothing_shared_keeps_public_projects_only_and_hides_the_rest(place):
    SharingSettings.objects.create(territory=place, **dict.fromkeys(SharingSettings.KINDS, Level.NOTHING))
    ProjectFactory(territory=place, status="done", is_public=True)
    private = ProjectFactory(territory=place, status="idea")
    FundingFactory(project=private)
    Milestone.objects.create(project=private, title="late", planned_on=dt.date(2025, 1, 1))
    private_committee = InstanceFactory(territory=place, kind="project", is_public=False)
    MeetingFactory(instance=private_committee, date=dt.date(2025, 6, 1))

    row = row_of(place)

    assert row.plan.public_only
    assert row.plan.total == 1
    assert row.plan.by_status == {"done": 1}
    assert row.plan.late_milestones is None
    assert row.contract is None  # no public governance content
    assert row.funding is None
    assert row.consultation is None
    assert row.synergies is None
    assert row.events is None


def test_defaults_without_settings_are_aggregated(place):
    row = row_of(place)
    assert set(row.sharing.values()) == {Level.AGGREGATED}
    assert row.funding.count == 0
    assert row.plan.total == 0


def test_events_count_what_was_held(place):
    held = EventFactory(territory=place, date=dt.date(2025, 3, 1))
    EventFactory(territory=place, date=dt.date(2025, 9, 1))
    meeting = EventMeetingFactory(a__event=held)
    meeting.held = True
    meeting.save()
    EventMeetingFactory(a__event=held)

    events = row_of(place).events

    assert events.events_held == 1
    assert events.meetings_held == 1
    assert events.participants == 4
    assert events.as_of == dt.date(2025, 3, 1)


def test_totals_add_the_territories_up(db):
    a, b = CustomTerritoryFactory(), CustomTerritoryFactory()
    ProjectFactory(territory=a, status="done")
    ProjectFactory(territory=b, status="idea")
    rows = territory_rows([Followed(a, None, a.name), Followed(b, None, b.name)], TODAY)

    totals = totals_of(rows)

    assert totals.territories == 2
    assert totals.projects == 2
    assert totals.share_completed == pytest.approx(0.5)


def test_a_financeur_written_two_ways_is_one(place):
    project = ProjectFactory(territory=place)
    FundingFactory(project=project, financeur="region", financeur_detail="Région BFC", amount=Decimal(100))
    FundingFactory(project=project, financeur="region", financeur_detail="Conseil régional de Bourgogne-Franche-Comté",
                   amount=Decimal(50))  # fmt: skip

    funding = row_of(place).funding

    assert list(funding.by_financeur) == ["region-bfc"]
    assert funding.by_financeur["region-bfc"].amounts == {"requested": Decimal(150)}
    assert funding.by_financeur["region-bfc"].count == 2


def test_the_number_of_queries_does_not_grow_with_the_territories(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    places = CustomTerritoryFactory.create_batch(6)
    for place in places:
        FundingFactory(project=ProjectFactory(territory=place))
        MeetingFactory(instance=InstanceFactory(territory=place), date=dt.date(2025, 1, 1))
    followed = [Followed(p, None, p.name) for p in places]
    with CaptureQueriesContext(connection) as one:
        territory_rows(followed[:1], TODAY)
    with CaptureQueriesContext(connection) as six:
        rows = territory_rows(followed, TODAY)
    assert len(six) == len(one) < 20
    assert [r.funding.count for r in rows] == [1] * 6


def _campaign(place, published_to, answers):
    import uuid

    from tindus.consultation.models import Campaign, Questionnaire, QuestionnaireVersion, Response

    questionnaire = Questionnaire.objects.create(territory=place, title="Q", audience="leaders")
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1, schema={})
    campaign = Campaign.objects.create(territory=place, questionnaire=questionnaire, title="C",
                                       published_to=published_to, opens_on=dt.date(2025, 1, 1),
                                       closes_on=dt.date(2025, 2, 1))  # fmt: skip
    Response.objects.bulk_create([Response(campaign=campaign, version=version, submission_key=uuid.uuid4(),
                                           submitted_on=dt.date(2025, 1, 10)) for _ in range(answers)])  # fmt: skip


def test_consultation_nothing_shared_keeps_the_campaigns_published_for_everyone(place):
    _campaign(place, "public", 3)
    _campaign(place, "team", 5)
    assert (row_of(place).consultation.campaigns, row_of(place).consultation.answers) == (2, 8)
    SharingSettings.objects.create(territory=place, consultation=Level.NOTHING)

    consultation = row_of(place).consultation

    assert consultation.public_only
    assert (consultation.campaigns, consultation.answers) == (1, 3)


def test_synergies_count_the_implemented_ones_with_the_impact_of_the_synergies_page(place):
    from tindus.synergies.compute.impact import default_factors, factors_of_kind
    from tindus.synergies.models import Opportunity
    from tindus.synergies.territory_impacts import implemented_impacts

    factors = default_factors()
    disposal = factors_of_kind(factors, "disposal")[0].key
    virgin = factors_of_kind(factors, "virgin", "kg CO2e/t")[0].key
    common = {"territory": place, "kind": "match", "category": "matieres"}
    Opportunity.objects.create(**common, title="A", signature="a", status="implemented", tonnes_per_year=40.0,
                               disposal_route=disposal, virgin_material=virgin, distance_km=12.0)  # fmt: skip
    Opportunity.objects.create(**common, title="B", signature="b", status="implemented")  # no flow entered yet
    Opportunity.objects.create(**common, title="C", signature="c", status="study", tonnes_per_year=500.0,
                               disposal_route=disposal)  # fmt: skip

    synergies = row_of(place).synergies
    _found, total = implemented_impacts(place)

    assert synergies.implemented == 2
    assert synergies.tonnes_diverted == pytest.approx(total.tonnes_diverted) == pytest.approx(40.0)
    assert synergies.co2e_avoided_t == pytest.approx(total.co2e_avoided_t)
    assert synergies.co2e_avoided_t > 0


def test_a_past_day_reads_the_statuses_of_the_dated_history(place):
    """A yearly report of a past year: each project as it stood on the year's last day, not as it is now."""
    from tindus.plan.services import change_status

    started_later = ProjectFactory(territory=place, status="idea", history=dt.date(2024, 1, 15))
    change_status(started_later, "in_progress", dt.date(2025, 3, 1))
    ProjectFactory(territory=place, status="done", history=dt.date(2025, 2, 1))  # not yet there in 2024
    Milestone.objects.create(project=started_later, title="met late", planned_on=dt.date(2024, 6, 1),
                             done_on=dt.date(2025, 1, 10))  # fmt: skip
    year_end = dt.date(2024, 12, 31)

    then = territory_rows([Followed(place, None, place.name)], year_end, dated=True)[0].plan
    now = territory_rows([Followed(place, None, place.name)], year_end)[0].plan

    assert then.by_status == {"idea": 1} and then.total == 1 and then.late_milestones == 1
    assert now.by_status == {"in_progress": 1, "done": 1}
