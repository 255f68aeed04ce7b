"""Benchmark: the open API (/api/v1/) under the production server on PostgreSQL, many clients reading at once.

On a throwaway PostgreSQL 15 server (or a database created for the run on the server of ``DATABASE_URL`` /
``--database-url``, dropped at the end): ``tindus setup`` (tables, reference data, demo territories, with
``--no-warehouse`` without the synthetic warehouse), then personal API tokens issued with
``tindus.api.tokens.issue`` to the demo accounts (team, committee, partner, company) on the two demo
territories: one token per client, and one per audience for the discovery. ``tindus serve --no-worker``
(gunicorn, production settings, ``--web-workers`` processes × ``--web-threads`` threads, ``CONN_MAX_AGE`` as in
deploy/) on a free local port.

Discovery, not measured: every GET operation of ``/api/v1/openapi.json`` whose path parameters can be filled
(``{slug}`` with the demo territories; any other parameter with ids read from the list endpoint that its path
extends); operations with a required query parameter are left out. Each concrete address is tried once per
audience (anonymous, and each role on each demo territory); only those answering 200 are kept for that
audience, so a role only reads what it may read. The rate-limit counters of the discovery are then reset.

Load: ``--clients`` clients (aiohttp), most with a token of their own (rate limits are per token), the
anonymous ones few enough to stay under the per-address limit (all clients come from 127.0.0.1). Open loop:
each client sends requests at random (Poisson) times whatever the answers, ``--rate`` requests/s in all, for
``--duration`` seconds; a client sends ``If-None-Match`` with an ``ETag`` it has seen one time in four.
Latencies are measured by the clients, from sending to the whole body (a time-out at the time it took).
Errors: any status other than 2xx or 304 (429 included), and any exception (time-out, refused connection).
Last line:
``api_p95_ms=… api_rps=… errors=…``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from _cluster import Cluster, Postgres, free_port, scratch_database
from _common import setup_django
from _workload import AUXOIS, HAUT_DOUBS

API = "/api/v1"
TERRITORIES = (AUXOIS, HAUT_DOUBS)
ROLES = ("team", "committee", "partner", "company")
ROLE_WEIGHTS = (4, 2, 3, 1)  # the clients' tokens, by role
PARAM = re.compile(r"\{([^}]+)\}")
IDS_PER_PARAM = 3


@dataclass(frozen=True)
class Audience:
    """Who reads: anonymous (role ``""``), or a token of ``role`` on ``territory``."""

    role: str = ""
    territory: str = ""

    def __str__(self) -> str:
        return f"{self.role} {self.territory}" if self.role else "anonymous"


@dataclass
class Target:
    path: str  # concrete address, from the server's root
    template: str  # the OpenAPI path it fills


@dataclass
class Run:
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # by template
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)
    lag_ms: float = 0.0  # how late the event loop sent a request, at worst

    def error(self, what: str, status: object, body: str = "") -> None:
        self.errors[f"{what} {status}"] += 1
        if len(self.first_errors) < 8:
            self.first_errors.append(f"{what} {status}: {' '.join(body.split())[:300]}")


# --- Set-up (ORM) -----------------------------------------------------------------------------------


def issue_tokens(audiences: list[Audience]) -> list[str]:
    """One token per audience, issued to the demo account of that role (a member of both demo territories)."""
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.utils import timezone

    from tindus.accounts.demo import DEMO_ACCOUNTS
    from tindus.api.tokens import issue
    from tindus.territories.models import Territory

    users = {a.role: User.objects.get(username=a.email) for a in DEMO_ACCOUNTS if a.role in ROLES}
    territories = {t.slug: t for t in Territory.objects.filter(slug__in=TERRITORIES)}
    expires = timezone.now() + timedelta(days=7)
    secrets = []
    for n, audience in enumerate(audiences):
        _token, secret = issue(users[audience.role], territories[audience.territory], audience.role,
                               f"banc API {n}", expires)  # fmt: skip
        secrets.append(secret)
    return secrets


def reset_rate_counters() -> int:
    from tindus.api.models import RateWindow

    deleted, _ = RateWindow.objects.all().delete()
    return deleted


# --- Discovery --------------------------------------------------------------------------------------


def read_operations(spec: dict) -> list[tuple[str, list[dict]]]:
    """The GET operations (path template, path parameters) without a required query parameter."""
    found = []
    for template, item in spec.get("paths", {}).items():
        operation = item.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", []) + item.get("parameters", [])
        if any(p.get("in") == "query" and p.get("required") for p in parameters):
            continue
        found.append((template, [p for p in parameters if p.get("in") == "path"]))
    return sorted(found, key=lambda t: (t[0].count("{"), t[0]))


def ids_in(body: object) -> list[object]:
    """The ids of a list answer: a page (``results``), a FeatureCollection (``features``) or a plain list."""
    items = body.get("results", body.get("features", body.get("items", []))) if isinstance(body, dict) else body
    if not isinstance(items, list):
        return []
    return [item["id"] for item in items if isinstance(item, dict) and item.get("id") not in (None, "")]


class Discovery:
    """The concrete addresses each audience may read, found from the served description."""

    def __init__(self, base: str, session: aiohttp.ClientSession, secrets: dict[Audience, str]) -> None:
        self.base, self.session, self.secrets = base, session, secrets
        self.answers: dict[tuple[Audience, str], tuple[int, object]] = {}
        self.skipped: Counter = Counter()

    def headers(self, audience: Audience) -> dict[str, str]:
        secret = self.secrets.get(audience)
        return {"Authorization": f"Bearer {secret}"} if secret else {}

    async def get(self, audience: Audience, path: str) -> tuple[int, object]:
        key = (audience, path)
        if key not in self.answers:
            async with self.session.get(self.base + path, headers=self.headers(audience)) as response:
                raw = await response.read()
                body = None
                if response.status == 200 and "json" in response.headers.get("Content-Type", ""):
                    body = json.loads(raw)
                self.answers[key] = (response.status, body)
        return self.answers[key]

    async def fill(self, audience: Audience, template: str) -> list[str]:
        """Concrete addresses for ``template``: ``{slug}`` from the demo territories (the token's own one),
        every other parameter from the ids listed by the endpoint whose path it extends."""
        match = PARAM.search(template)
        if match is None:
            return [template]
        name, start = match[1], match.start()
        if name == "slug":
            slugs = [audience.territory] if audience.role else list(TERRITORIES)
            filled = [template[:start] + slug + template[match.end() :] for slug in slugs]
            return [path for one in filled for path in await self.fill(audience, one)]
        lister = template[:start].rstrip("/")
        status, body = await self.get(audience, lister)
        ids = ids_in(body) if status == 200 else []
        if not ids:
            self.skipped[f"{template} (no id from {lister}: {status})"] += 1
            return []
        rest = template[match.end() :]
        return [p for i in ids[:IDS_PER_PARAM] for p in await self.fill(audience, f"{template[:start]}{i}{rest}")]

    async def targets(self, spec: dict, audience: Audience) -> list[Target]:
        kept = []
        for template, _parameters in read_operations(spec):
            if not template.startswith("/"):
                continue
            for path in await self.fill(audience, template):
                if PARAM.search(path):
                    continue
                status, _body = await self.get(audience, path)
                if status == 200:
                    kept.append(Target(path, template))
                else:
                    self.skipped[f"{template} for {audience.role or 'anonymous'}: {status}"] += 1
        return kept


async def discover(base: str, secrets: dict[Audience, str]) -> tuple[dict[Audience, list[Target]], Counter, int]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        probe = next(a for a in secrets if a.role)
        discovery = Discovery(base, session, secrets)
        status, spec = await discovery.get(probe, f"{API}/openapi.json")
        if status != 200 or not isinstance(spec, dict):
            raise SystemExit(f"/api/v1/openapi.json answered {status}")
        found = {audience: await discovery.targets(spec, audience) for audience in secrets}
        return found, discovery.skipped, len(read_operations(spec))


# --- Load -------------------------------------------------------------------------------------------


@dataclass
class Client:
    audience: Audience
    secret: str
    targets: list[Target]
    rate: float  # requests per second
    etags: dict[str, str] = field(default_factory=dict)


class Load:
    def __init__(self, base: str, run: Run, seed: int = 2026) -> None:
        self.base, self.run = base, run
        self.rng = random.Random(seed)
        self.session: aiohttp.ClientSession | None = None

    async def send(self, client: Client, target: Target, planned: float) -> None:
        headers = {"Authorization": f"Bearer {client.secret}"} if client.secret else {}
        etag = client.etags.get(target.path)
        if etag and self.rng.random() < 0.25:
            headers["If-None-Match"] = etag
        self.run.lag_ms = max(self.run.lag_ms, (time.monotonic() - planned) * 1000)
        started = time.perf_counter()
        try:
            async with self.session.get(self.base + target.path, headers=headers) as response:
                body = await response.read()
                status = response.status
                if "ETag" in response.headers:
                    client.etags[target.path] = response.headers["ETag"]
        except (TimeoutError, aiohttp.ClientError) as error:  # counted, at the time it took to fail
            self.run.ms[target.template].append((time.perf_counter() - started) * 1000)
            self.run.statuses[type(error).__name__] += 1
            self.run.error(f"GET {target.template}", type(error).__name__, str(error))
            return
        self.run.ms[target.template].append((time.perf_counter() - started) * 1000)
        self.run.statuses[status] += 1
        if not (200 <= status < 300 or status == 304):
            self.run.error(f"GET {target.template} ({client.audience})", status, body.decode(errors="replace"))

    async def client(self, client: Client, started: float, deadline: float, tasks: set[asyncio.Task]) -> None:
        rng = random.Random(self.rng.random())
        planned = started + rng.expovariate(client.rate)
        while planned < deadline:
            await asyncio.sleep(max(0.0, planned - time.monotonic()))
            task = asyncio.create_task(self.send(client, rng.choice(client.targets), planned))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            planned += rng.expovariate(client.rate)

    async def go(self, clients: list[Client], duration: float) -> float:
        # A new connection for each request: a kept-alive one that gunicorn closes while idle would fail.
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
            self.session = session
            tasks: set[asyncio.Task] = set()
            started = time.monotonic()
            await asyncio.gather(*(self.client(c, started, started + duration, tasks) for c in clients))
            while tasks:
                await asyncio.gather(*list(tasks))
            return time.monotonic() - started


def plan_clients(found: dict[Audience, list[Target]], args: argparse.Namespace) -> list[Audience]:
    """Who each client is: a few anonymous ones (under the per-address limit), the others a token's audience."""
    per_client = args.rate / args.clients
    address_rps = args.address_limit / 60 * 0.7  # keep a margin below the limit of 127.0.0.1
    anonymous = min(round(args.clients * args.anonymous_share), int(address_rps / per_client))
    if not found.get(Audience()):
        anonymous = 0
    with_token = [a for a in found if a.role and found[a]]
    rng = random.Random(7)
    planned = [Audience()] * anonymous
    for n in range(args.clients - anonymous):
        audience = Audience(rng.choices(ROLES, weights=ROLE_WEIGHTS)[0], TERRITORIES[n % len(TERRITORIES)])
        planned.append(audience if audience in with_token else with_token[n % len(with_token)])
    return planned


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_busy() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


# --- Main -------------------------------------------------------------------------------------------


def bench(args: argparse.Namespace, database_url: str, folder: Path) -> None:
    cluster = Cluster(database_url, folder, conn_max_age=args.conn_max_age)
    run = Run()
    try:
        prepared = cluster.prepare(warehouse=not args.no_warehouse)
        os.environ.update(cluster.env("bench", production=False))
        setup_django()
        audiences = [Audience()] + [Audience(r, t) for r in ROLES for t in TERRITORIES]
        probes = {Audience(): "", **dict(zip(audiences[1:], issue_tokens(audiences[1:]), strict=True))}
        from django.db import connections

        connections.close_all()
        print(f"database ready in {prepared:.0f} s (tindus setup{' without warehouse' * args.no_warehouse})",
              flush=True)  # fmt: skip

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        app = cluster.start_app("app", port, workers=args.web_workers, threads=args.web_threads)
        cluster.wait_until_serving(port, app)
        found, skipped, operations = asyncio.run(discover(base, probes))
        for _ in range(2 * args.web_workers):  # warm every process up (not measured)
            reset_rate_counters()  # anonymous discovery counts against 127.0.0.1's limit
            asyncio.run(discover(base, probes))
        if not any(found.values()):
            raise SystemExit("no API read endpoint answered 200")
        templates = sorted({t.template for targets in found.values() for t in targets})
        print(f"{operations} GET operations in the description; {len(templates)} read in the load:")
        for template in templates:
            print(f"  {template}")
        for reason, count in sorted(skipped.items()):
            print(f"  left out: {reason} (x{count})")
        for audience, targets in found.items():
            print(f"  {audience}: {len(targets)} addresses")

        planned = plan_clients(found, args)
        with_token = [a for a in planned if a.role]
        secrets = iter(issue_tokens(with_token))  # one token of its own for each client with a token
        clients = [Client(a, next(secrets) if a.role else "", found[a], args.rate / args.clients) for a in planned]
        reset = reset_rate_counters()
        connections.close_all()
        anonymous = sum(1 for c in clients if not c.secret)
        print(f"rate-limit counters of the discovery reset ({reset}); gunicorn {args.web_workers} processes x "
              f"{args.web_threads} threads, CONN_MAX_AGE={args.conn_max_age}; {os.cpu_count()} CPUs "
              f"({platform.processor() or platform.machine()}), load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        print(f"{len(clients)} clients ({len(clients) - anonymous} with a token each, {anonymous} anonymous), "
              f"open loop at {args.rate:g} requests/s for {args.duration:g} s", flush=True)  # fmt: skip

        busy, total = cpu_busy()
        elapsed = asyncio.run(Load(base, run).go(clients, args.duration))
        busy2, total2 = cpu_busy()
        if app.poll() is not None:
            run.error("server", "stopped", cluster.log_tail(app))
    finally:
        cluster.stop_all()

    everything = [ms for values in run.ms.values() for ms in values]
    answered = sum(run.statuses.values())
    errors = sum(run.errors.values())
    print(f"{answered} requests in {elapsed:.1f} s; statuses {dict(sorted(run.statuses.items(), key=str))}; "
          f"CPU busy {100 * (busy2 - busy) / max(1, total2 - total):.0f} % of {os.cpu_count()} cores; "
          f"client send lag at worst {run.lag_ms:.0f} ms")  # fmt: skip
    print("per endpoint (slowest p95 first):")
    for template, values in sorted(run.ms.items(), key=lambda kv: -percentile(kv[1], 0.95)):
        print(f"  {template:<60} n={len(values):<5} p50={percentile(values, 0.5):.0f} ms "
              f"p95={percentile(values, 0.95):.0f} ms max={max(values):.0f} ms")  # fmt: skip
    if errors:
        print("errors:" + "".join(f"\n  {n} x {what}" for what, n in run.errors.most_common(12)))
        print("first ones:" + "".join(f"\n  {e}" for e in run.first_errors))
    print(f"api_p50_ms={percentile(everything, 0.5):.1f} api_p99_ms={percentile(everything, 0.99):.1f}")
    print(f"api_p95_ms={percentile(everything, 0.95):.1f} api_rps={answered / elapsed:.1f} errors={errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100, help="requests per second in all (open loop)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--clients", type=int, default=200, help="clients at once")
    parser.add_argument("--anonymous-share", type=float, default=0.1,
                        help="share of anonymous clients, capped under the per-address rate limit")  # fmt: skip
    parser.add_argument("--address-limit", type=int, default=int(os.environ.get("TINDUS_API_RATE_ADDRESS", "300")),
                        help="the server's TINDUS_API_RATE_ADDRESS (requests per minute)")  # fmt: skip
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (TINDUS_WEB_WORKERS)")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per process (TINDUS_WEB_THREADS)")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the app, as in deploy/")
    parser.add_argument("--no-warehouse", action="store_true", help="skip the synthetic warehouse (faster set-up)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server (a database is created on it for the run); "
                             "default: DATABASE_URL, or a throwaway server started here")  # fmt: skip
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-api-"))
    server = None
    try:
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            server = Postgres(fsync=True)
            args.database_url = server.url
        database_url, drop = scratch_database(args.database_url, prefix="tindus_api")
        try:
            bench(args, database_url, folder)
        finally:
            drop()
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
