"""Benchmark: the programme's national steering page and yearly report over 183 territories (not a test).

On a fresh database (SQLite in a temporary folder, or ``BENCH_DATABASE_URL``): tables and reference data, then
for each of the 183 official wave-2 territories, written with ``bulk_create``: a plan of ``--projects`` projects
(statuses of every kind, a third public) with 3 fundings each (financeurs written several ways, requested,
granted, paid or still to come) and 2 milestones (some late); a governance calendar (protocol, contract for
two territories in three, a project committee meeting every quarter for two years, a working group); a
consultation (2 campaigns, 40 answers); 8 synergies (5 implemented, with their flows); a past and a coming
event (12 participants, 10 business meetings); and sharing settings (one territory in six shares nothing of a
kind, one in six everything in detail).

Measured:

- ``national_page_ms``: ``/programme/national/`` rendered through Django's test client for a national-team
  user, median of ``--runs`` requests after one warm-up request;
- ``report_s``: the national yearly report of the current year, PDF then XLSX
  (``tindus.programme.report.write_report``); ``nan`` when that module is missing;
- ``vs_loop``: how many times faster :func:`tindus.programme.summary.region_rows` (a fixed number of grouped
  queries) computes the figures than a straightforward loop reading them territory by territory (the
  :func:`loop_figures` below, a dozen queries per territory). Both give the same figures: the benchmark checks
  it before timing.

Last line: ``national_page_ms=… report_s=… vs_loop=…``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
import warnings
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from _common import setup_django

FINANCEURS = [  # (kind, detail): the Région written three ways, among others
    ("region", "Région BFC"), ("region", "Conseil régional de Bourgogne-Franche-Comté"), ("region", ""),
    ("state", "DETR"), ("state", "Fonds vert"), ("europe", "FEDER"), ("bdt", ""), ("bpifrance", ""),
    ("epci", ""), ("self", ""),
]  # fmt: skip


def build(territories: list, projects_each: int, today: dt.date) -> None:
    from tindus.consultation.models import Campaign, Questionnaire, QuestionnaireVersion, Response
    from tindus.events.models import Event, Participant
    from tindus.events.models import Meeting as EventMeeting
    from tindus.governance.models import Instance, Meeting, TerritoryMilestone
    from tindus.plan.models import Funding, Milestone, Plan, Project, Status
    from tindus.programme.models import Level, SharingSettings
    from tindus.synergies.compute.impact import default_factors, factors_of_kind
    from tindus.synergies.models import Opportunity

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    factors = default_factors()
    disposal = [f.key for f in factors_of_kind(factors, "disposal")]
    virgin = [f.key for f in factors_of_kind(factors, "virgin", "kg CO2e/t")]
    statuses = Status.values
    Plan.objects.bulk_create([Plan(territory=t) for t in territories])
    projects = Project.objects.bulk_create([
        Project(territory=t, title=f"Projet {i}-{k}", porteur_name=f"Porteur {k % 7}",
                status=statuses[(i + k) % len(statuses)], is_public=k % 3 == 0)
        for i, t in enumerate(territories) for k in range(projects_each)
    ])  # fmt: skip
    Funding.objects.bulk_create([
        Funding(project=p, financeur=FINANCEURS[(n + k) % len(FINANCEURS)][0],
                financeur_detail=FINANCEURS[(n + k) % len(FINANCEURS)][1], year=today.year,
                amount=Decimal(1000 * (k + 1) + n % 97), requested_on=ago(400 - 120 * k - n % 50),
                granted_on=ago(200 - n % 60) if (n + k) % 3 else None, paid_on=ago(30) if (n + k) % 5 == 0 else None)
        for n, p in enumerate(projects) for k in range(3)
    ])  # fmt: skip
    Milestone.objects.bulk_create([
        Milestone(project=p, title=f"Jalon {k}", planned_on=ago(90 - 180 * k + n % 30),
                  done_on=ago(10) if (n + k) % 4 == 0 else None)
        for n, p in enumerate(projects) for k in range(2)
    ])  # fmt: skip
    TerritoryMilestone.objects.bulk_create([
        m for i, t in enumerate(territories) for m in (
            TerritoryMilestone(territory=t, kind="protocol", date=ago(700 + i), title="Protocole"),
            *([TerritoryMilestone(territory=t, kind="contract", date=ago(300 + i), title="Contrat")] if i % 3 else []),
        )
    ])  # fmt: skip
    instances = Instance.objects.bulk_create([
        Instance(territory=t, kind=kind, name=name, is_public=kind == "project")
        for t in territories for kind, name in (("project", "Comité de projet"), ("group", "Groupe de travail"))
    ])  # fmt: skip
    Meeting.objects.bulk_create([
        Meeting(instance=inst, date=ago(91 * q + n % 20)) for n, inst in enumerate(instances)
        for q in range(8 if inst.kind == "project" else 4)
    ])  # fmt: skip
    questionnaires = Questionnaire.objects.bulk_create(
        [Questionnaire(territory=t, title="Consultation", audience="leaders") for t in territories]
    )
    versions = QuestionnaireVersion.objects.bulk_create(
        [QuestionnaireVersion(questionnaire=q, number=1, schema={"questions": []}) for q in questionnaires]
    )
    campaigns = Campaign.objects.bulk_create([
        Campaign(territory=q.territory, questionnaire=q, title=f"Campagne {k}", opens_on=ago(300 - 200 * k),
                 closes_on=ago(240 - 200 * k))
        for q in questionnaires for k in range(2)
    ])  # fmt: skip
    version_of = {v.questionnaire_id: v for v in versions}
    Response.objects.bulk_create([
        Response(campaign=c, version=version_of[c.questionnaire_id], submission_key=uuid.uuid4(),
                 submitted_on=c.opens_on + dt.timedelta(days=k % 30))
        for c in campaigns for k in range(20)
    ])  # fmt: skip
    Opportunity.objects.bulk_create([
        Opportunity(territory=t, kind="match", title=f"Synergie {k}", category="matieres", signature=f"s{k}",
                    status="implemented" if k < 5 else "proposed", tonnes_per_year=10.0 * (k + 1),
                    disposal_route=disposal[k % len(disposal)], virgin_material=virgin[k % len(virgin)],
                    distance_km=5.0 + k)
        for t in territories for k in range(8)
    ])  # fmt: skip
    events = Event.objects.bulk_create([
        Event(territory=t, title=title, date=day, place="Salle des fêtes")
        for t in territories for title, day in (("Rencontres", ago(60)), ("Rencontres d'automne", ago(-60)))
    ])  # fmt: skip
    held = [e for e in events if e.date <= today]
    participants = Participant.objects.bulk_create([
        Participant(event=e, siret=f"{40000000000000 + n * 100 + k}", company_name=f"Entreprise {k}",
                    person_name=f"Personne {k}", absent=k == 11)
        for n, e in enumerate(held) for k in range(12)
    ])  # fmt: skip
    by_event = defaultdict(list)
    for p in participants:
        by_event[p.event_id].append(p)
    EventMeeting.objects.bulk_create([
        EventMeeting(event_id=event_id, a=people[k], b=people[k + 1], held=k < 8)
        for event_id, people in by_event.items() for k in range(10)
    ])  # fmt: skip
    settings = []
    for i, t in enumerate(territories):
        if i % 6 == 1:
            kind = SharingSettings.KINDS[(i // 6) % len(SharingSettings.KINDS)]
            settings.append(SharingSettings(territory=t, **{kind: Level.NOTHING}))
        elif i % 6 == 2:
            settings.append(SharingSettings(territory=t, **dict.fromkeys(SharingSettings.KINDS, Level.DETAILED)))
    SharingSettings.objects.bulk_create(settings)


def loop_figures(followed: list, today: dt.date) -> dict[int, dict]:
    """The figures the national page adds up, read territory by territory with the ORM, the sharing applied."""
    from tindus.consultation.models import Campaign, Response
    from tindus.events.models import Event, Participant
    from tindus.events.models import Meeting as EventMeeting
    from tindus.governance.models import Meeting, TerritoryMilestone
    from tindus.plan.models import Funding, Milestone, Project, Status
    from tindus.programme.compute.figures import committee_window_start
    from tindus.programme.models import Level, SharingSettings
    from tindus.programme.summary import financeur_of
    from tindus.synergies.compute.impact import compute, default_factors
    from tindus.synergies.models import Opportunity
    from tindus.synergies.territory_impacts import _factors, flow_of

    figures = {}
    for f in followed:
        t = f.territory
        settings = SharingSettings.objects.filter(territory=t).first()
        levels = {k: getattr(settings, k) if settings else Level.AGGREGATED for k in SharingSettings.KINDS}
        shares = {k: levels[k] != Level.NOTHING for k in levels}
        out: dict = {}
        projects = [p for p in Project.objects.filter(territory=t) if p.is_public or shares["plan"]]
        out["projects"] = len(projects)
        out["started"] = sum(p.status in (Status.IN_PROGRESS, Status.DONE) for p in projects)
        if shares["plan"]:
            out["late"] = (Milestone.objects.filter(project__territory=t, planned_on__lt=today, done_on__isnull=True)
                           .exclude(project__status=Status.ABANDONED).count())  # fmt: skip
        if shares["funding"]:
            amounts: dict = defaultdict(Decimal)
            for funding in Funding.objects.filter(project__territory=t):
                state = funding.state_on(today)
                if state:
                    key, _name = financeur_of(funding.financeur, funding.financeur_detail)
                    amounts[(key, state)] += funding.amount
            out["funding"] = dict(amounts)
        milestones = TerritoryMilestone.objects.filter(territory=t, date__lte=today, kind="contract")
        meetings = Meeting.objects.filter(instance__territory=t, instance__kind="project", date__lte=today)
        if not shares["governance"]:
            milestones, meetings = milestones.filter(is_public=True), meetings.filter(instance__is_public=True)
        out["contract"] = milestones.exists()
        out["committees"] = meetings.filter(date__gt=committee_window_start(today)).count()
        if shares["consultation"]:
            out["answers"] = Response.objects.filter(campaign__territory=t).count()
            out["campaigns"] = Campaign.objects.filter(territory=t, opens_on__lte=today).count()
        if shares["synergies"]:
            own = list(t.emission_factors.all())  # the territory's copy of the factors, once it has made it
            factors = _factors(own) if own else default_factors()
            implemented = list(Opportunity.objects.filter(territory=t, status="implemented"))
            impacts = [compute(flow, factors) for o in implemented if (flow := flow_of(o)) is not None]
            out["synergies"] = len(implemented)
            out["co2e"] = round(sum(i.co2e_avoided_t for i in impacts), 6)
        if shares["events"]:
            out["events"] = Event.objects.filter(territory=t, date__lte=today).count()
            out["meetings"] = EventMeeting.objects.filter(event__territory=t, event__date__lte=today, held=True).count()
            out["participants"] = Participant.objects.filter(event__territory=t, event__date__lte=today,
                                                             absent=False).count()  # fmt: skip
        figures[t.pk] = out
    return figures


def summary_figures(rows: list) -> dict[int, dict]:
    """The same figures from :func:`tindus.programme.summary.territory_rows`' rows."""
    figures = {}
    for r in rows:
        out: dict = {}
        out["projects"] = r.plan.total if r.plan else 0
        out["started"] = r.plan.started if r.plan else 0
        if r.plan and not r.plan.public_only:
            out["late"] = r.plan.late_milestones
        if r.funding:
            out["funding"] = {(key, state): amount for key, f in r.funding.by_financeur.items()
                              for state, amount in f.amounts.items()}  # fmt: skip
        out["contract"] = bool(r.contract and r.contract.contract_on)
        out["committees"] = r.contract.committees_12m if r.contract else 0
        if r.consultation:
            out["answers"], out["campaigns"] = r.consultation.answers, r.consultation.campaigns
        if r.synergies:
            out["synergies"], out["co2e"] = r.synergies.implemented, round(r.synergies.co2e_avoided_t, 6)
        if r.events:
            out["events"], out["meetings"] = r.events.events_held, r.events.meetings_held
            out["participants"] = r.events.participants
        figures[r.territory.pk] = out
    return figures


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=30, help="projects per territory")
    parser.add_argument("--runs", type=int, default=7, help="requests of the national page measured")
    parser.add_argument("--no-report", action="store_true", help="leave the yearly report out (report_s=nan)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-programme-"))
    os.environ["TINDUS_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tindus.accounts.models import SteeringMembership, SteeringRole
    from tindus.programme.scope import followed_territories
    from tindus.programme.summary import region_rows, territory_rows
    from tindus.referentials.loading import load_all
    from tindus.territories.models import Territory

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    warnings.filterwarnings("ignore", "Limit for query logging exceeded")  # the loop's queries are counted apart
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    load_all()
    today = timezone.localdate()
    territories = list(Territory.objects.filter(kind="official", wave=2).order_by("official_id"))
    build(territories, args.projects, today)
    followed = followed_territories()
    print(f"database {connection.vendor}: {len(followed)} territories followed, {args.projects} projects each, "
          f"built in {time.monotonic() - started:.0f} s")  # fmt: skip

    # The same figures both ways, first.
    rows = territory_rows(followed, today)
    loop = loop_figures(followed, today)
    summary = summary_figures(rows)
    differing = [pk for pk in loop if loop[pk] != summary[pk]]
    if differing:
        pk = differing[0]
        raise SystemExit(f"the loop and the summary disagree on {len(differing)} territories, e.g. {pk}: "
                         f"{loop[pk]} != {summary[pk]}")  # fmt: skip
    print(f"checked: the loop and the summary give the same figures for {len(loop)} territories")

    with CaptureQueriesContext(connection) as summary_queries:
        region_rows(today)
    with CaptureQueriesContext(connection) as loop_queries:
        loop_figures(followed, today)
    summary_runs, loop_runs = [], []
    for _ in range(5):  # interleaved, so that a busy moment of the machine weighs on both alike
        summary_runs.append(timed(lambda: region_rows(today), 1)[0])
        loop_runs.append(timed(lambda: loop_figures(followed_territories(), today), 1)[0])
    summary_s, loop_s = statistics.median(summary_runs), statistics.median(loop_runs)
    print(f"figures: summary {summary_s * 1000:.0f} ms ({len(summary_queries)} queries), "
          f"loop {loop_s * 1000:.0f} ms ({len(loop_queries)} queries)")  # fmt: skip

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("national@example.test", "national@example.test")
    SteeringMembership.objects.create(user=user, role=SteeringRole.NATIONAL_TEAM)
    client = Client()
    client.force_login(user)
    response = client.get("/programme/national/")
    assert response.status_code == 200, response.status_code
    page_s, response = timed(lambda: client.get("/programme/national/"), args.runs)
    print(f"national page: {len(response.content) / 1000:.0f} kB, median of {args.runs}: {page_s * 1000:.0f} ms")

    report_s = float("nan")
    try:
        from tindus.programme.report import write_report
    except ImportError:
        print("report: tindus.programme.report is missing, report_s=nan")
        write_report = None
    if write_report and not args.no_report:
        started = time.perf_counter()
        for fmt in ("pdf", "xlsx"):
            path = write_report(today.year, None, fmt, folder / f"report.{fmt}")
            print(f"report {fmt}: {path.stat().st_size / 1e6:.1f} MB")
        report_s = time.perf_counter() - started
    print(f"national_page_ms={page_s * 1000:.0f} report_s={report_s:.1f} vs_loop={loop_s / summary_s:.1f}")


if __name__ == "__main__":
    main()
