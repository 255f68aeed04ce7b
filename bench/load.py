"""Benchmark: a mixed workload from many people at once on the production server, PostgreSQL and the task queue.

Starts a throwaway PostgreSQL 15 server (durable: fsync on), prepares it as ``tindus setup`` does on a first
start (reference data, demo territories, synthetic warehouse of 21 + 25 and its statistical secrecy), then
serves it with ``tindus serve`` (gunicorn, production settings, its task worker beside it) and lets
``--clients`` people use it for ``--duration`` seconds, each waiting ``--think`` seconds on average between
two actions (reading the page):

- visitors (all but one in 20): public pages (home, territory pages, public sites, news), diagnostic pages
  (two territories, their EPCI), and consultation answers (the employee questionnaire's real form with its
  CSRF token, from a new device each time; 5 % of them sent twice, as a retry after the acknowledgement);
- team members (one in 20, signed in as the demo team): a project's page then a milestone added to it (a plan
  edit), or the history export through the queue, following its job page until the file is there.

Reported per kind of request: count, p50, p95, p99, max; errors (any unexpected status, time-out or refused
connection); then the count check: every acknowledged answer, milestone and export in the database (else
``lost``), none twice (else ``duplicates``). Last line:
``mixed_p95_ms=… errors=… lost=… duplicates=…`` (the p95 of all requests together).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import shutil
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from _cluster import Cluster, Postgres, free_port
from _common import setup_django
from _workload import (
    AUXOIS,
    CSRF,
    DEMO_PASSWORD,
    HAUT_DOUBS,
    JOB_PATH,
    PUBLIC_PAGES,
    TEAM_EMAIL,
    Writes,
    answer_fields,
    answer_pool,
    count_writes,
    new_campaign,
    project_ids,
    wait_for_jobs,
)

MARKER = "Jalon du banc de charge"
PAGE_KINDS = ("public page", "diagnostic page", "answer page", "answer submission", "plan page", "plan edit")


@dataclass
class Run:
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    export_s: list[float] = field(default_factory=list)  # from the request to the file being there
    errors: Counter = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)
    writes: Writes = field(default_factory=Writes)
    retries: Counter = field(default_factory=Counter)

    def error(self, kind: str, status: object, body: str = "") -> None:
        self.errors[f"{kind} {status}"] += 1
        if len(self.first_errors) < 5:
            self.first_errors.append(f"{kind} {status}: {' '.join(body.split())[:400]}")


@dataclass
class Reply:
    status: int
    location: str
    body: str


class Person:
    """One person's browser: a cookie jar, no redirections followed, each request timed under its kind."""

    def __init__(self, base: str, connector: aiohttp.BaseConnector, run: Run) -> None:
        self.base, self.run = base, run
        self.session = aiohttp.ClientSession(
            connector=connector, connector_owner=False, cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=60),
        )  # fmt: skip

    async def request(self, kind: str | None, path: str, data: str | None = None) -> Reply:
        started = time.perf_counter()
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else None
        method = self.session.post if data is not None else self.session.get
        async with method(self.base + path, data=data, headers=headers, allow_redirects=False) as response:
            body = await response.text()
            reply = Reply(response.status, response.headers.get("Location", ""), body)
        if kind:
            self.run.ms[kind].append((time.perf_counter() - started) * 1000)
        return reply

    async def close(self) -> None:
        await self.session.close()


class Workload:
    def __init__(self, base: str, token: str, pool: list[str], projects: list[int], diagnostics: list[str],
                 run: Run, args: argparse.Namespace) -> None:  # fmt: skip
        self.base, self.token, self.pool, self.projects, self.diagnostics = base, token, pool, projects, diagnostics
        self.run, self.args = run, args
        self.connector: aiohttp.TCPConnector | None = None

    async def person(self, n: int, deadline: float) -> None:
        rng = random.Random(n)
        team = n % 20 == 0
        person = Person(self.base, self.connector, self.run)
        try:
            if team:
                await self.sign_in(person)
            await asyncio.sleep(rng.uniform(0, self.args.think))  # people arrive over time
            edits = 0
            while time.monotonic() < deadline:
                try:
                    if team:
                        kind = rng.choices(["plan", "export"], weights=[85, 15])[0]
                        if kind == "plan":
                            await self.plan_edit(person, rng, f"{n}-{edits}")
                            edits += 1
                        else:
                            await self.export(person, deadline + 120)
                    else:
                        kind = rng.choices(["page", "diagnostic", "answer"], weights=[55, 20, 25])[0]
                        await getattr(self, kind)(person, rng)
                except (TimeoutError, aiohttp.ClientError) as error:
                    self.run.error(kind, type(error).__name__, str(error))
                await asyncio.sleep(rng.expovariate(1 / self.args.think))
        finally:
            await person.close()

    async def sign_in(self, person: Person) -> None:
        page = await person.request(None, "/connexion/")
        fields = {"csrfmiddlewaretoken": CSRF.search(page.body)[1], "username": TEAM_EMAIL, "password": DEMO_PASSWORD}
        reply = await person.request(None, "/connexion/", urllib.parse.urlencode(fields))
        if reply.status != 302:
            raise SystemExit(f"the demo team could not sign in: {reply.status}")

    async def page(self, person: Person, rng: random.Random) -> None:
        path = rng.choice(PUBLIC_PAGES)
        reply = await person.request("public page", path)
        if reply.status != 200:
            self.run.error(f"GET {path}", reply.status, reply.body)

    async def diagnostic(self, person: Person, rng: random.Random) -> None:
        path = rng.choice(self.diagnostics)
        reply = await person.request("diagnostic page", path)
        if reply.status != 200:
            self.run.error(f"GET {path}", reply.status, reply.body)

    async def answer(self, _person: Person, rng: random.Random) -> None:
        respondent = Person(self.base, self.connector, self.run)  # a device of its own
        try:
            path = f"/consultation/repondre/{self.token}/"
            page = await respondent.request("answer page", path)
            fields = answer_fields(page.body) if page.status == 200 else None
            if fields is None:
                self.run.error("answer page", page.status, page.body)
                return
            await asyncio.sleep(rng.uniform(0, 2 * self.args.think))  # filling the form in
            body = f"{rng.choice(self.pool)}&{urllib.parse.urlencode(fields)}"
            self.run.writes.answers_sent.add(fields["submission_key"])
            reply = await respondent.request("answer submission", path, body)
            if not (reply.status == 302 and reply.location.endswith("/merci/")):
                self.run.error("answer submission", reply.status, reply.body)
                return
            self.run.writes.answers.add(fields["submission_key"])
            if rng.random() < self.args.retry_share:  # the acknowledgement got lost: the browser sends it again
                again = await respondent.request(None, path, body)
                thanked = again.status == 302 or (again.status == 200 and 'name="submission_key"' not in again.body)
                self.run.retries[f"retry -> {'thanks' if thanked else again.status}"] += 1
                if not thanked:
                    self.run.error("answer sent again", again.status, again.body)
        finally:
            await respondent.close()

    async def plan_edit(self, person: Person, rng: random.Random, tag: str) -> None:
        path = f"/territoires/{AUXOIS}/plan/projets/{rng.choice(self.projects)}/"
        page = await person.request("plan page", path)
        csrf = CSRF.search(page.body) if page.status == 200 else None
        if csrf is None:
            self.run.error("plan page", page.status, page.body)
            return
        await asyncio.sleep(rng.uniform(0, self.args.think))  # typing the milestone
        title = f"{MARKER} {tag}"
        fields = {"csrfmiddlewaretoken": csrf[1], "title": title, "planned_on": "2027-06-30"}
        self.run.writes.milestones_sent.add(title)
        reply = await person.request("plan edit", f"{path}jalon/ajouter/", urllib.parse.urlencode(fields))
        if reply.status != 302:
            self.run.error("plan edit", reply.status, reply.body)
            return
        self.run.writes.milestones.add(title)

    async def export(self, person: Person, give_up: float) -> None:
        path = f"/territoires/{AUXOIS}/taches/historique-csv/"
        page = await person.request(None, path)
        csrf = CSRF.search(page.body) if page.status == 200 else None
        if csrf is None:
            self.run.error("export form", page.status, page.body)
            return
        started = time.monotonic()
        reply = await person.request("export request", path, urllib.parse.urlencode({"csrfmiddlewaretoken": csrf[1]}))
        job = JOB_PATH.search(reply.location) if reply.status == 302 else None
        if job is None:
            self.run.error("export request", reply.status, reply.body)
            return
        self.run.writes.jobs.add(job[1])
        while time.monotonic() < give_up:  # the job page, as its script refreshes it
            status = await person.request("job page", reply.location)
            if status.status != 200:
                self.run.error("job page", status.status, status.body)
                return
            if "job-status job-succeeded" in status.body:
                self.run.export_s.append(time.monotonic() - started)
                return
            if "job-status job-failed" in status.body:
                self.run.error("export job", "failed", status.body)
                return
            await asyncio.sleep(3)

    async def go(self, clients: int, duration: float) -> float:
        started = time.monotonic()
        deadline = started + duration
        # A new connection for every request: people are on different devices, and a kept-alive connection
        # that the server closes while idle would fail a POST that a browser would send again.
        self.connector = aiohttp.TCPConnector(limit=0, force_close=True)
        await asyncio.gather(*(self.person(n, deadline) for n in range(clients)))
        await self.connector.close()
        return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_busy() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def diagnostic_pages() -> list[str]:
    from tindus.referentials.models import Commune

    pages = [f"/territoires/{HAUT_DOUBS}/diagnostic/", f"/territoires/{AUXOIS}/diagnostic/"]
    for slug in (HAUT_DOUBS, AUXOIS):
        sirens = (Commune.objects.filter(territories__slug=slug, epci__isnull=False)
                  .values_list("epci__siren", flat=True).distinct().order_by("epci__siren"))  # fmt: skip
        pages += [f"/diagnostic/epci/{siren}/" for siren in list(sirens)[:2]]
    return pages


async def warm_up(base: str, paths: list[str], rounds: int) -> None:
    """Each page several times, so that every gunicorn process has loaded what it caches (not measured)."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for _ in range(rounds):

            async def get(path: str, session: aiohttp.ClientSession = session) -> None:
                async with session.get(base + path) as response:
                    await response.read()
                    if response.status != 200:
                        raise SystemExit(f"warm-up: {path} answered {response.status}")

            await asyncio.gather(*(get(path) for path in paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=300, help="seconds of load")
    parser.add_argument("--clients", type=int, default=200, help="people at once")
    parser.add_argument("--think", type=float, default=15.0, help="mean seconds between two actions of a person")
    parser.add_argument("--retry-share", type=float, default=0.05, help="answers sent again after acknowledgement")
    parser.add_argument("--quick", action="store_true", help="a short try: 30 s, 40 people")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (TINDUS_WEB_WORKERS)")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per process (TINDUS_WEB_THREADS)")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the app (seconds)")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL port (default: a free one)")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.clients = 30, 40

    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-load-"))
    server = Postgres(args.pg_port)
    cluster = Cluster(server.url, folder, conn_max_age=args.conn_max_age)
    try:
        prepared = cluster.prepare(warehouse=True)
        os.environ.update(cluster.env("bench", production=False))
        setup_django()
        token = new_campaign("Consultation des salariés (banc de charge)")
        pool, projects, diagnostics = answer_pool(500), project_ids(AUXOIS), diagnostic_pages()
        from django.db import connections

        connections.close_all()
        print(f"database ready in {prepared:.0f} s (tindus setup on PostgreSQL 15, fsync on)", flush=True)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        app = cluster.start_app("app", port, workers=args.web_workers, threads=args.web_threads, worker=True)
        cluster.wait_until_serving(port, app)
        warm = sorted(set(PUBLIC_PAGES + diagnostics + [f"/consultation/repondre/{token}/"]))
        asyncio.run(warm_up(base, warm, rounds=3 * args.web_workers))
        print(f"tindus serve: gunicorn {args.web_workers} processes x {args.web_threads} threads and one task "
              f"worker, CONN_MAX_AGE={args.conn_max_age}; {os.cpu_count()} CPUs "
              f"({platform.processor() or platform.machine()}), load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        print(f"{args.clients} people for {args.duration:g} s, {args.think:g} s on average between two actions; "
              f"{args.clients // 20 + (args.clients % 20 > 0)} of them signed in as the team", flush=True)  # fmt: skip

        run = Run()
        busy, total = cpu_busy()
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        workload = Workload(base, token, pool, projects, diagnostics, run, args)
        elapsed = asyncio.run(workload.go(args.clients, args.duration))
        busy2, total2 = cpu_busy()
        client = resource.getrusage(resource.RUSAGE_SELF)
        statuses = wait_for_jobs(run.writes.jobs, timeout=180)
        check = count_writes(run.writes, [token], MARKER)
        if app.poll() is not None:
            run.error("server", "stopped", cluster.log_tail(app))
    finally:
        cluster.stop_all()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    everything = [ms for values in run.ms.values() for ms in values]
    requests = len(everything)
    for kind in [*PAGE_KINDS, "export request", "job page"]:
        values = run.ms.get(kind, [])
        print(f"{kind:<18} n={len(values):<6} p50={percentile(values, 0.5):.0f} ms p95={percentile(values, 0.95):.0f} "
              f"ms p99={percentile(values, 0.99):.0f} ms max={max(values, default=float('nan')):.0f} ms")  # fmt: skip
    print(f"{'export done':<18} n={len(run.export_s):<6} p50={percentile(run.export_s, 0.5):.1f} s "
          f"p95={percentile(run.export_s, 0.95):.1f} s (request to file, the job page polled every 3 s)")  # fmt: skip
    client_s = client.ru_utime + client.ru_stime - client_before.ru_utime - client_before.ru_stime
    print(f"{requests} requests in {elapsed:.0f} s: {requests / elapsed:.1f} requests/s; CPU busy "
          f"{100 * (busy2 - busy) / max(1, total2 - total):.0f} % of {os.cpu_count()} cores, load generator "
          f"{client_s:.0f} CPU s")  # fmt: skip
    print(f"answers sent again: {dict(run.retries)}; export jobs: {statuses}")
    for line in check.details:
        print(line)
    errors = sum(run.errors.values())
    print(f"errors: {errors} {dict(run.errors)}" + "".join(f"\n  {e}" for e in run.first_errors))
    pages = [ms for kind in PAGE_KINDS for ms in run.ms.get(kind, [])]
    print(f"pages_and_submissions_p95_ms={percentile(pages, 0.95):.0f}")
    print(f"mixed_p95_ms={percentile(everything, 0.95):.0f} errors={errors} lost={check.lost} "
          f"duplicates={check.duplicates}")  # fmt: skip


if __name__ == "__main__":
    main()
