"""Benchmark: employees answering a consultation all at once, on a production server (not a test).

Starts a throwaway PostgreSQL 15 server (durable settings: fsync on), migrates it, loads the shipped
reference data and creates an employee consultation from the ready-made questionnaire, as the
territory team does. Serves the app with gunicorn (production settings, DEBUG off) on a loopback
port, then lets ``--concurrency`` respondents answer in parallel until ``--respondents`` answers are
in. Each respondent is a new HTTP client with an empty cookie jar: it opens the answer link (timed:
``page``), waits ``--think`` seconds on average (filling the form), posts valid answers drawn from
the questionnaire's schema (timed: ``submit``) and expects the redirection to the thank-you page.
About ``--retry-share`` of them send their answers twice, half as a double click (two POSTs at
once), half as a retry after the acknowledgement; the second POST must lead to the thank-you page too.

After the run, the answers in the database are compared with what the server acknowledged: ``lost``
counts acknowledged submissions missing from the database, ``duplicates`` the rows beyond one per
submission. A first campaign takes a warm-up round (every worker loads its caches), not measured.
Last line: ``page_p95_ms=… submit_p95_ms=… errors=… lost=… duplicates=…``.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import datetime as dt
import glob
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from _common import ROOT, setup_django

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
_cleanups: list = []


def _cleanup() -> None:
    while _cleanups:
        _cleanups.pop()()


atexit.register(_cleanup)


# --- PostgreSQL -------------------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = shutil.which("initdb")
    candidates = ([str(Path(found).resolve().parent)] if found else []) + sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise SystemExit("PostgreSQL server programs (initdb, pg_ctl) not found")


def _as_postgres(command: str) -> None:
    """The server refuses to run as root: run its programs as the ``postgres`` user then."""
    args = ["su", "postgres", "-s", "/bin/bash", "-c", command] if os.geteuid() == 0 else ["bash", "-c", command]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(port: int) -> str:
    """A fresh PostgreSQL server in a temporary folder (default durability); stopped and removed at exit."""
    pg_bin = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"

    def stop() -> None:
        if data.exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                _as_postgres(f"'{pg_bin}/pg_ctl' -D '{data}' -m fast stop")
        shutil.rmtree(folder, ignore_errors=True)

    _cleanups.append(stop)
    _as_postgres(f"'{pg_bin}/initdb' -D '{data}' -A trust -U tindus -E UTF8 --locale=C.UTF-8")
    options = f"-p {port} -k {folder} -h 127.0.0.1 -c max_connections=300 -c shared_buffers=256MB"
    _as_postgres(f"'{pg_bin}/pg_ctl' -D '{data}' -o \"{options}\" -l '{folder}/log' -w start")
    return f"postgres://tindus@127.0.0.1:{port}/postgres"


# --- The app: database set-up and gunicorn ----------------------------------------------------------


def prepare(campaigns: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """Migrate, load the reference data, create one employee campaign per title; their answer-link tokens."""
    from django.core.management import call_command
    from django.db import transaction

    from tindus.consultation.compute import ready_made
    from tindus.consultation.models import Audience, Campaign, CampaignLink, Questionnaire
    from tindus.consultation.services import new_token, save_schema
    from tindus.referentials.loading import load_all
    from tindus.territories.models import Territory

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    load_all()
    print(f"database ready (migrate + reference data) in {time.monotonic() - started:.1f} s")
    territory = Territory.objects.get(kind="official", wave=1, official_id="ti-2701")
    today = dt.date.today()
    tokens = []
    for title in campaigns:  # as views_team.campaigns does for an employee consultation
        schema = ready_made.employees()
        with transaction.atomic():
            questionnaire = Questionnaire.objects.create(territory=territory, title=schema.title,
                                                         audience=Audience.EMPLOYEES)  # fmt: skip
            save_schema(questionnaire, schema)
            campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title=title,
                                               opens_on=today - dt.timedelta(days=1),
                                               closes_on=today + dt.timedelta(days=30))  # fmt: skip
            tokens.append(CampaignLink.objects.create(campaign=campaign, token=new_token(), label=territory.name).token)
    return tokens, answer_pool(schema, 2000)


def answer_pool(schema, size: int) -> list[dict[str, str]]:
    """``size`` valid answer sets, as encoded form fields, each checked by the app's own validation."""
    from django.http import QueryDict

    from tindus.consultation.compute.answers import check_answers
    from tindus.consultation.compute.synthetic import form_answers
    from tindus.consultation.respond import read_form, referential_codes

    codes = {kind: sorted(values) for kind, values in referential_codes().items()}
    rng = random.Random(2024)
    pool = []
    for _ in range(size):
        pairs = form_answers(schema, codes, rng)
        data = QueryDict(mutable=True)
        for name, value in pairs:
            data.appendlist(name, value)
        checked = check_answers(schema, read_form(schema, data), referential_codes())
        if not checked.valid:
            raise SystemExit(f"generated answers refused: {checked.errors} {checked.forged}")
        pool.append(urllib.parse.urlencode(pairs))
    return pool


def start_gunicorn(port: int, workers: int, threads: int, worker_class: str, log: Path, probe: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "tindus.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
               "--backlog", "2048", "--keep-alive", "5", "--error-logfile", str(log)]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, start_new_session=True)

    def stop() -> None:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    _cleanups.append(stop)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(probe, timeout=5)
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.2)
        else:
            return server


# --- The respondents --------------------------------------------------------------------------------


@dataclass
class Run:
    page_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)  # submission keys answered by the redirection
    sent: set[str] = field(default_factory=set)
    retries: Counter = field(default_factory=Counter)
    first_error: str = ""

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] += 1
        self.first_error = self.first_error or f"{kind}: {detail[:2000]}"


def _thanks(status: int, location: str, body: str) -> str:
    if status == 302 and location.endswith("/merci/"):
        return "redirect"
    if status == 200 and 'name="submission_key"' not in body:
        return "already"  # the thank-you page for a device that has already answered
    return ""


async def _post(session: aiohttp.ClientSession, url: str, body: str) -> tuple[float, int, str, str]:
    started = time.perf_counter()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with session.post(url, data=body, headers=headers, allow_redirects=False) as response:
        text = await response.text()
        return (time.perf_counter() - started) * 1000, response.status, response.headers.get("Location", ""), text


async def respondent(connector, url: str, pool: list[str], run: Run, rng: random.Random, think: float,
                     retry_share: float) -> None:  # fmt: skip
    jar = aiohttp.CookieJar(unsafe=True)  # a new device; unsafe: accept cookies of an IP address host
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, connector_owner=False, cookie_jar=jar,
                                     timeout=timeout) as session:  # fmt: skip
        try:
            started = time.perf_counter()
            async with session.get(url) as response:
                page = await response.text()
                status = response.status
            page_ms = (time.perf_counter() - started) * 1000
            csrf, version, key = CSRF.search(page), VERSION.search(page), KEY.search(page)
            if status != 200 or not (csrf and version and key):
                run.error(f"page {status}", page)
                return
            run.page_ms.append(page_ms)
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
            fields = {"csrfmiddlewaretoken": csrf[1], "version": version[1], "submission_key": key[1],
                      "action": "submit"}  # fmt: skip
            body = f"{rng.choice(pool)}&{urllib.parse.urlencode(fields)}"
            run.sent.add(key[1])
            twice = rng.random() < retry_share
            if twice and rng.random() < 0.5:  # a double click: the same POST twice at once
                results = await asyncio.gather(_post(session, url, body), _post(session, url, body))
                outcomes = [_thanks(*r[1:]) for r in results]
                run.retries["double click"] += 1
                ok = "redirect" in outcomes and all(outcomes)
                elapsed, status, _location, text = results[0]
            else:
                elapsed, status, location, text = await _post(session, url, body)
                ok = _thanks(status, location, text) == "redirect"
                if ok and twice:  # the response got lost: the browser sends the same POST again
                    _e, status, location, text = await _post(session, url, body)
                    outcome = _thanks(status, location, text)
                    run.retries[f"retry -> {outcome or status}"] += 1
                    ok = bool(outcome)
            if not ok:
                run.error(f"submit {status}", text)
                return
            run.submit_ms.append(elapsed)
            run.acknowledged.add(key[1])
        except (TimeoutError, aiohttp.ClientError) as error:
            run.error(type(error).__name__, str(error))


async def load(url: str, pool: list[str], respondents: int, concurrency: int, think: float, retry_share: float,
               seed: int) -> tuple[Run, float]:  # fmt: skip
    run = Run()
    remaining = iter(range(respondents))
    # Every request on a new connection: respondents are different devices, and a reused keep-alive
    # connection that the server closes while idle would fail a POST that a browser would resend.
    connector = aiohttp.TCPConnector(limit=concurrency * 2, force_close=True)

    async def worker(n: int) -> None:
        rng = random.Random(seed * 100_000 + n)
        await asyncio.sleep(rng.uniform(0, 2 * think))  # respondents arrive over time, not all at the same instant
        for _ in remaining:
            await respondent(connector, url, pool, run, rng, think, retry_share)

    started = time.monotonic()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.monotonic() - started
    await connector.close()
    return run, elapsed


# --- Figures ----------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_busy() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def check_database(token: str, run: Run) -> tuple[int, int, int, int]:
    from tindus.consultation.models import CampaignLink, Response, UsedToken

    campaign = CampaignLink.objects.get(token=token).campaign
    keys = [str(k) for k in Response.objects.filter(campaign=campaign).values_list("submission_key", flat=True)]
    stored = set(keys)
    lost = len(run.acknowledged - stored)
    duplicates = len(keys) - len(stored & run.sent)  # a second row for one submission, or a row nobody sent
    used = UsedToken.objects.filter(campaign=campaign).count()
    return len(keys), lost, duplicates, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between the page and the submission")
    parser.add_argument("--retry-share", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class (gthread or sync)")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the app (seconds)")
    parser.add_argument("--warmup", type=int, default=400, help="answers sent first to a campaign not measured")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL port (default: a free one)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-consultation-"))
    _cleanups.append(lambda: shutil.rmtree(folder, ignore_errors=True))
    (folder / "static").mkdir()  # STATIC_ROOT, served by WhiteNoise (the form's script is found by its finders)
    try:
        database = start_postgres(args.pg_port or _free_port())
        os.environ.update({
            "DATABASE_URL": database, "TINDUS_ENV": "production", "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1", "TINDUS_HTTPS": "0", "TINDUS_VAR_DIR": str(folder),
            "CONN_MAX_AGE": str(args.conn_max_age),
        })  # fmt: skip
        setup_django()
        (warmup_token, token), pool = prepare(["Rodage", "Consultation des salariés (banc de charge)"])
        from django.db import connections

        connections.close_all()
        port = _free_port()
        base = f"http://127.0.0.1:{port}/consultation/repondre"
        start_gunicorn(port, args.workers, args.threads, args.worker_class, folder / "gunicorn.log",
                       f"{base}/{warmup_token}/")  # fmt: skip
        print(f"gunicorn: {args.workers} workers x {args.threads} threads ({args.worker_class}), "
              f"CONN_MAX_AGE={args.conn_max_age}"
              f"; {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), load average "
              f"{os.getloadavg()[0]:.2f} before the run")  # fmt: skip

        print(f"{args.respondents} respondents, {args.concurrency} at a time, {args.think:g} s on average between "
              f"the page and the submission, {100 * args.retry_share:g} % sending their answers twice")  # fmt: skip
        warm, _ = asyncio.run(load(f"{base}/{warmup_token}/", pool, 3, 1, 0, 0, seed=1))
        if warm.errors:
            raise SystemExit(f"the first submissions failed: {warm.first_error}")
        warm, _ = asyncio.run(load(f"{base}/{warmup_token}/", pool, args.warmup, args.concurrency, 0, 0, seed=2))
        print(f"warm-up: {args.warmup} answers, errors={sum(warm.errors.values())}")

        busy, total = cpu_busy()
        client_cpu = resource.getrusage(resource.RUSAGE_SELF)
        run, elapsed = asyncio.run(load(f"{base}/{token}/", pool, args.respondents, args.concurrency, args.think,
                                        args.retry_share, seed=3))  # fmt: skip
        busy2, total2 = cpu_busy()
        client = resource.getrusage(resource.RUSAGE_SELF)
        client_s = client.ru_utime + client.ru_stime - client_cpu.ru_utime - client_cpu.ru_stime
        rows, lost, duplicates, used = check_database(token, run)
    finally:
        _cleanup()

    errors = sum(run.errors.values())
    for name, values in (("page GET", run.page_ms), ("submit POST", run.submit_ms)):
        print(f"{name:<12} n={len(values)} p50={percentile(values, 0.5):.0f} ms p95={percentile(values, 0.95):.0f} ms "
              f"p99={percentile(values, 0.99):.0f} ms max={max(values, default=float('nan')):.0f} ms")  # fmt: skip
    print(f"{len(run.acknowledged)} answers acknowledged in {elapsed:.1f} s: {len(run.acknowledged) / elapsed:.1f} "
          f"answers/s, {(len(run.page_ms) + len(run.submit_ms)) / elapsed:.1f} requests/s; CPU busy "
          f"{100 * (busy2 - busy) / max(1, total2 - total):.0f} % of {os.cpu_count()} cores, load generator "
          f"{client_s:.1f} CPU s")  # fmt: skip
    print(f"same POST sent twice: {dict(run.retries)}")
    print(f"errors: {errors} {dict(run.errors)}" + (f"\nfirst error: {run.first_error}" if errors else ""))
    print(f"database: {rows} answers, {used} used tokens, {len(run.acknowledged)} acknowledged, "
          f"{len(run.sent)} sent")  # fmt: skip
    print(f"page_p95_ms={percentile(run.page_ms, 0.95):.0f} submit_p95_ms={percentile(run.submit_ms, 0.95):.0f} "
          f"errors={errors} lost={lost} duplicates={duplicates}")  # fmt: skip


if __name__ == "__main__":
    main()
