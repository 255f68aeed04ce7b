"""Benchmark of faults: the server killed while it writes, again and again; the database restarted under load.

On a throwaway PostgreSQL 15 server (durable: fsync on) with the demo content:

1. ``--rounds`` times in a row (default 20): the app (gunicorn with production settings, as ``tindus serve``
   runs it) serves people who answer the consultation and add milestones to projects, while a plan workbook
   import runs (``tindus plan import``: 60 projects, all or nothing); after a random moment (``--kill-after``)
   the whole server and the import are killed with SIGKILL at once, then the database is checked: every
   acknowledged answer and milestone is there once, no answer is empty, and the plan is wholly the workbook
   of some round (the last one imported), never a mix of two. The server is started again for the next round.
2. The database restarted under load: the app (``CONN_MAX_AGE`` > 0, so connections are kept) and two task
   workers serve people (pages, answers, milestones, exports through the queue); ``pg_ctl restart -m fast``
   cuts every connection. Errors are allowed only during the outage; the same server and worker processes
   must answer and work again afterwards, without being restarted.

Last line: ``kill_rounds=… lost=… half_written=… duplicates=… restart_errors_outside_outage=… recovered_s=…
processes_restarted=…``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _cluster import TINDUS, Cluster, Postgres, free_port
from _common import setup_django
from _workload import (
    AUXOIS,
    HAUT_DOUBS,
    JOB_PATH,
    PUBLIC_PAGES,
    Browser,
    Writes,
    answer_fields,
    answer_pool,
    count_writes,
    milestone_fields,
    new_campaign,
    project_ids,
    thanked,
    wait_for_jobs,
)

MARKER = "Jalon des pannes"
PROJECTS = 60


def workbook(version: int) -> bytes:
    """A plan of ``PROJECTS`` projects whose titles and budget labels all say ``version``."""
    from tindus.plan.compute.workbook import write_workbook

    rows: dict[str, list[dict]] = {"Axes": [{"code": "1", "title": "Levier 1"}, {"code": "1.1", "title": "Axe 1.1"}],
                                   "Projets": [], "Budget": []}  # fmt: skip
    for n in range(PROJECTS):
        ref = f"P{n:03d}"
        rows["Projets"].append({"ref": ref, "title": f"Projet {n} v{version}", "porteur_name": f"Porteur {n}",
                                "axes": "1.1", "status": "en cours", "status_date": dt.date(2024, 1, 1)})  # fmt: skip
        for year in (2024, 2025, 2026):
            rows["Budget"].append({"project": ref, "nature": "investissement", "year": year,
                                   "label": f"Travaux v{version}", "planned": 1000 * version + n})  # fmt: skip
    return write_workbook(rows, [f"faults v{version}"])


def plan_versions() -> Counter:
    """The versions the Haut-Doubs plan's project titles say (one, unless an import was half-written)."""
    from tindus.plan.models import Project

    titles = Project.objects.filter(territory__slug=HAUT_DOUBS).values_list("title", flat=True)
    return Counter(title.rsplit(" v", 1)[1] for title in titles)


class Writers:
    """People answering and adding milestones, as fast as the server lets them, until told to stop."""

    def __init__(self, bases: list[str], token: str, pool: list[str], projects: list[int], tag: str) -> None:
        self.bases, self.token, self.pool, self.projects, self.tag = bases, token, pool, projects, tag
        self.writes = Writes()
        self.outcomes: list[tuple[float, float, bool, str]] = []  # start, end, ok, what
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.team: Browser | None = None

    def start(self, people: int, exports: bool = False) -> None:
        self.team = Browser(*self.bases, timeout=15)
        self.team.sign_in()
        for n in range(people):
            target = self.exporter if exports and n == 0 else self.person
            self.threads.append(threading.Thread(target=target, args=(n,), daemon=True))
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def record(self, started: float, ok: bool, what: str) -> None:
        with self.lock:
            self.outcomes.append((started, time.time(), ok, what))

    def person(self, n: int) -> None:
        rng = random.Random(f"{self.tag}-{n}")
        count = 0
        while not self.stopping.is_set():
            count += 1
            kind = rng.choice(["answer", "milestone", "page"])
            started = time.time()
            try:
                ok, what = getattr(self, kind)(rng, f"{self.tag}-{n}-{count}")
            except OSError as error:  # refused, reset, timed out: the server or the database is down
                ok, what = False, f"{kind}: {type(error).__name__}"
            self.record(started, ok, what)
            if not ok:
                time.sleep(0.2)

    def page(self, rng: random.Random, _tag: str) -> tuple[bool, str]:
        reply = Browser(*self.bases, timeout=15).get(rng.choice(PUBLIC_PAGES))
        return reply.status == 200, f"page {reply.status}"

    def answer(self, rng: random.Random, _tag: str) -> tuple[bool, str]:
        browser = Browser(*self.bases, timeout=15)
        path = f"/consultation/repondre/{self.token}/"
        page = browser.get(path)
        fields = answer_fields(page.body) if page.status == 200 else None
        if fields is None:
            return False, f"answer page {page.status}"
        with self.lock:
            self.writes.answers_sent.add(fields["submission_key"])
        reply = browser.post(path, fields, rng.choice(self.pool))
        if not thanked(reply):
            return False, f"answer {reply.status}"
        with self.lock:
            self.writes.answers.add(fields["submission_key"])
        return True, "answer"

    def milestone(self, rng: random.Random, tag: str) -> tuple[bool, str]:
        path = f"/territoires/{AUXOIS}/plan/projets/{rng.choice(self.projects)}/"
        page = self.team.get(path)
        title = f"{MARKER} {tag}"
        fields = milestone_fields(page.body, title) if page.status == 200 else None
        if fields is None:
            return False, f"plan page {page.status}"
        with self.lock:
            self.writes.milestones_sent.add(title)
        reply = self.team.post(f"{path}jalon/ajouter/", fields)
        if reply.status != 302:
            return False, f"milestone {reply.status}"
        with self.lock:
            self.writes.milestones.add(title)
        return True, "milestone"

    def exporter(self, _n: int) -> None:
        """One history export every two seconds, through the queue."""
        browser = Browser(*self.bases, timeout=15)
        browser.sign_in()
        path = f"/territoires/{AUXOIS}/taches/historique-csv/"
        while not self.stopping.wait(2):
            started = time.time()
            try:
                form = browser.get(path)
                token = form.body.split('name="csrfmiddlewaretoken" value="', 1)[-1].split('"', 1)[0]
                reply = browser.post(path, {"csrfmiddlewaretoken": token})
                job = JOB_PATH.search(reply.location) if reply.status == 302 else None
                if job:
                    with self.lock:
                        self.writes.jobs.add(job[1])
                self.record(started, bool(job), f"export {reply.status}")
            except OSError as error:
                self.record(started, False, f"export: {type(error).__name__}")


def start_gunicorn(cluster: Cluster, port: int, name: str) -> subprocess.Popen:
    """gunicorn with the command line of ``tindus serve`` (collected static files, production settings),
    in a process group of its own, so that SIGKILL takes the master and its workers at once."""
    from tindus.core.management.commands.serve import gunicorn_argv

    env = cluster.env("app")
    if not (cluster.folder / "app" / "static" / "staticfiles.json").exists():  # as `tindus serve` does
        subprocess.run([TINDUS, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    log = open(cluster.folder / f"{name}.log", "a")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(gunicorn_argv(f"127.0.0.1:{port}", 2, 4, 120), env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    cluster.processes.append((name, process))
    cluster.wait_until_serving(port, process)
    return process


def kill_rounds(cluster: Cluster, args: argparse.Namespace, token: str, pool: list[str], projects: list[int]) -> dict:
    from django.db import close_old_connections

    workbooks = cluster.folder / "workbooks"
    workbooks.mkdir()
    imported = 0  # the version the plan holds
    subprocess.run([TINDUS, "plan", "import", "--wave", "1", "ti-2704", str(_write(workbooks, 0))],
                   env=cluster.env("import"), check=True, capture_output=True)  # fmt: skip
    totals = Counter()
    writes = Writes()
    rng = random.Random(args.seed)
    for round_ in range(1, args.rounds + 1):
        port = free_port()
        server = start_gunicorn(cluster, port, f"gunicorn-{round_}")
        command = [TINDUS, "plan", "import", "--wave", "1", "ti-2704", str(_write(workbooks, round_))]
        importer = subprocess.Popen(command, env=cluster.env("import"), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        writers = Writers([f"http://127.0.0.1:{port}"], token, pool, projects, f"r{round_}")
        writers.start(args.people)
        time.sleep(rng.uniform(*args.kill_after))
        cluster.kill(server)  # SIGKILL to gunicorn's master and workers at once
        if importer.poll() is None:
            cluster.kill(importer)
        writers.stop()
        if importer.returncode not in (0, -signal.SIGKILL):
            raise SystemExit(f"the plan import failed by itself ({importer.returncode}) in round {round_}")
        close_old_connections()
        versions = plan_versions()
        if len(versions) != 1:
            outcome = "half-written plans"
            print(f"round {round_}: the plan mixes workbooks {dict(versions)}")
        elif next(iter(versions)) == str(round_):
            outcome = "imports acknowledged" if importer.returncode == 0 else "imports committed as they were killed"
            imported = round_
        elif importer.returncode == 0:
            outcome = "acknowledged imports lost"
        elif next(iter(versions)) == str(imported):
            outcome = "imports killed and rolled back"
        else:
            outcome = "plans of an unexpected version"
        totals[outcome] += 1
        writes.merge(writers.writes)
        check = count_writes(writes, [token], f"{MARKER} r")  # every round so far
        totals["lost"], totals["duplicates"] = check.lost, check.duplicates
        totals["requests cut by the kill"] += sum(1 for o in writers.outcomes if not o[2])
        print(f"round {round_:>2}: killed after {sum(1 for o in writers.outcomes if o[2])} acknowledged writes and "
              f"pages; import: {outcome}; "
              f"so far: {check.details[0]}; {check.details[1]}", flush=True)  # fmt: skip
    from tindus.consultation.models import Response

    totals["answers acknowledged"], totals["milestones acknowledged"] = len(writes.answers), len(writes.milestones)
    totals["empty answers"] = Response.objects.filter(campaign__links__token=token, answers={}).count()
    return dict(totals)


def _write(folder: Path, version: int) -> Path:
    path = folder / f"plan-v{version}.xlsx"
    path.write_bytes(workbook(version))
    return path


def database_restart(cluster: Cluster, server_pg: Postgres, args: argparse.Namespace, token: str, pool: list[str],
                     projects: list[int]) -> dict:  # fmt: skip
    from django.db import close_old_connections

    port = free_port()
    server = start_gunicorn(cluster, port, "gunicorn-restart")
    workers = [cluster.start_worker(f"worker-{n}") for n in (1, 2)]
    pids = _process_tree(server.pid) | {w.pid for w in workers}
    writers = Writers([f"http://127.0.0.1:{port}"], token, pool, projects, "restart")
    writers.start(args.people, exports=True)
    time.sleep(args.before)
    outage_start = time.time()
    server_pg.restart()
    outage_end = time.time()
    time.sleep(args.after)
    writers.stop()
    close_old_connections()
    statuses = wait_for_jobs(writers.writes.jobs, timeout=120)
    check = count_writes(writers.writes, [token], f"{MARKER} restart-")

    grace = args.grace
    outside = [
        o for o in writers.outcomes if not o[2] and not (outage_start - 1 <= o[1] and o[0] <= outage_end + grace)
    ]
    during = [o for o in writers.outcomes if not o[2]]
    after = sorted(o for o in writers.outcomes if o[0] >= outage_end)
    first_ok = next((o[1] for o in after if o[2]), None)
    alive = {pid for pid in pids if _alive(pid)}
    restarted = len(pids - alive)
    print(f"database restarted in {outage_end - outage_start:.1f} s; {len(writers.outcomes)} requests, "
          f"{len(during)} failed, {len(outside)} of them outside the outage (+{grace:g} s); first success "
          f"{(first_ok - outage_end) if first_ok else float('nan'):.2f} s after the database was back")  # fmt: skip
    if during:
        print("failures: " + ", ".join(f"{what} x{n}" for what, n in Counter(o[3] for o in during).most_common(6)))
    print(
        f"processes: {len(pids)} (gunicorn master and workers, 2 task workers), {restarted} gone; exports: {statuses}"
    )
    for line in check.details:
        print(line)
    return {
        "outage_s": outage_end - outage_start, "failed": len(during), "outside": len(outside),
        "recovered_s": (first_ok - outage_end) if first_ok else float("nan"), "restarted": restarted,
        "lost": check.lost, "duplicates": check.duplicates,
    }  # fmt: skip


def _process_tree(pid: int) -> set[int]:
    found, frontier = {pid}, {pid}
    while frontier:
        children = set()
        for parent in frontier:
            path = Path(f"/proc/{parent}/task/{parent}/children")
            if path.exists():
                children |= {int(p) for p in path.read_text().split()}
        frontier = children - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="times the server is killed while writing")
    parser.add_argument("--people", type=int, default=8, help="people writing at once")
    parser.add_argument("--kill-after", type=float, nargs=2, default=(1.0, 5.0), help="seconds, drawn at random")
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the database restart")
    parser.add_argument("--after", type=float, default=15, help="seconds of load after it")
    parser.add_argument("--grace", type=float, default=2, help="seconds after the restart still counted as outage")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-faults-"))
    server_pg = Postgres()
    cluster = Cluster(server_pg.url, folder, lease=5, conn_max_age=60)
    try:
        prepared = cluster.prepare(warehouse=False)
        os.environ.update(cluster.env("bench", production=False))
        setup_django()
        token = new_campaign("Consultation des pannes")
        pool, projects = answer_pool(100), project_ids(AUXOIS)
        print(f"database ready in {prepared:.0f} s (PostgreSQL 15, fsync on)", flush=True)
        kills = kill_rounds(cluster, args, token, pool, projects)
        print(f"{args.rounds} kills: {kills}", flush=True)
        restart = database_restart(cluster, server_pg, args, new_campaign("Consultation du redémarrage"), pool,
                                   projects)  # fmt: skip
    except BaseException:
        print(cluster.logs()[-6000:], file=sys.stderr)
        raise
    finally:
        cluster.stop_all()
        server_pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    lost = kills.get("lost", 0) + kills.get("acknowledged imports lost", 0) + restart["lost"]
    half = sum(kills.get(k, 0) for k in ("half-written plans", "plans of an unexpected version", "empty answers"))
    print(f"kill_rounds={args.rounds} lost={lost} half_written={half} "
          f"duplicates={kills.get('duplicates', 0) + restart['duplicates']} "
          f"restart_errors_outside_outage={restart['outside']} recovered_s={restart['recovered_s']:.2f} "
          f"processes_restarted={restart['restarted']}")  # fmt: skip


if __name__ == "__main__":
    main()
