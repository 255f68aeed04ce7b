"""The multi-process layout, checked (CI runs it after the tests, on its PostgreSQL server): two app processes
and two task workers on one database, as on several machines, under a short mixed workload, with one worker
killed (SIGKILL) in the middle of a task.

On a database created for the run on the server of ``--database-url`` (dropped at the end): the demo content,
then two ``tindus serve --no-worker`` on two ports and two ``tindus worker``, each process with a data
folder of its own and one shared folder for uploads and job results. ``--clients`` people at once, each
signed in as the demo team and sending every request to either app process at random (no sticky sessions),
for ``--seconds``: public pages, consultation answers (the real form, with CSRF), plan edits (a milestone
added to a project), history exports through the queue. Meanwhile a long export starts, and the worker
running it is killed with SIGKILL while it writes; a new worker is started in its place, as systemd would.

Checks, each failing with a message and a non-zero exit: no error response; every acknowledged answer,
milestone and export in the database, none twice; the killed export ran again to completion, once, its
file whole. Last line: ``layout_ok=1 requests=… errors=0 lost=0 duplicates=0 killed_task_attempts=2``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _cluster import Cluster, Postgres, free_port, scratch_database
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
    seed_history,
    thanked,
    wait_for_jobs,
)

MARKER = "Jalon de vérification"
KILLED_HISTORY = 1500  # change-log entries copied into the killed export's territory: seconds of work


class LayoutError(Exception):
    pass


class Load:
    """The mixed workload of several threads; what was acknowledged and what went wrong."""

    def __init__(self, bases: list[str], token: str, pool: list[str], projects: list[int]) -> None:
        self.bases, self.token, self.pool, self.projects = bases, token, pool, projects
        self.writes = Writes()
        self.requests = Counter()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def error(self, what: str, status: int | str, body: str = "") -> None:
        with self.lock:
            self.errors.append(f"{what}: {status} {' '.join(body.split())[:300]}")

    def person(self, n: int) -> None:
        rng = random.Random(n)
        browser = Browser(*self.bases, seed=n)
        browser.sign_in()
        counted = 0
        while not self.stopping.is_set():
            kind = rng.choices(["page", "answer", "plan", "export"], weights=[4, 3, 2, 1])[0]
            try:
                counted += getattr(self, kind)(browser, rng, f"{n}-{counted}")
            except Exception as error:  # a refused connection, a time-out: an error like any other
                self.error(kind, type(error).__name__, str(error))
                counted += 1
        with self.lock:
            self.requests["total"] += counted

    def page(self, browser: Browser, rng: random.Random, _tag: str) -> int:
        path = rng.choice(PUBLIC_PAGES)
        reply = browser.get(path)
        if reply.status != 200:
            self.error(f"GET {path}", reply.status, reply.body)
        return 1

    def answer(self, _browser: Browser, rng: random.Random, _tag: str) -> int:
        browser = Browser(*self.bases, seed=rng.random())  # each respondent on a device of their own
        path = f"/consultation/repondre/{self.token}/"
        page = browser.get(path)
        fields = answer_fields(page.body) if page.status == 200 else None
        if fields is None:
            self.error(f"GET {path}", page.status, page.body)
            return 1
        with self.lock:
            self.writes.answers_sent.add(fields["submission_key"])
        reply = browser.post(path, fields, rng.choice(self.pool))
        if not thanked(reply):
            self.error(f"POST {path}", reply.status, reply.body)
            return 2
        with self.lock:
            self.writes.answers.add(fields["submission_key"])
        return 2

    def plan(self, browser: Browser, rng: random.Random, tag: str) -> int:
        project = rng.choice(self.projects)
        path = f"/territoires/{AUXOIS}/plan/projets/{project}/"
        page = browser.get(path)
        title = f"{MARKER} {tag}"
        fields = milestone_fields(page.body, title) if page.status == 200 else None
        if fields is None:
            self.error(f"GET {path}", page.status, page.body)
            return 1
        with self.lock:
            self.writes.milestones_sent.add(title)
        reply = browser.post(f"{path}jalon/ajouter/", fields)
        if reply.status != 302:
            self.error(f"POST {path}jalon/ajouter/", reply.status, reply.body)
            return 2
        with self.lock:
            self.writes.milestones.add(title)
        return 2

    def export(self, browser: Browser, rng: random.Random, _tag: str) -> int:
        job = start_export(browser, AUXOIS)
        if isinstance(job, str):
            with self.lock:
                self.writes.jobs.add(job)
            reply = browser.get(f"/territoires/{AUXOIS}/taches/{job}/")
            if reply.status != 200:
                self.error("GET job page", reply.status, reply.body)
            return 3
        self.error("POST history export", job[0], job[1])
        return 2


def start_export(browser: Browser, slug: str) -> str | tuple[int, str]:
    """Start the history export of ``slug``: the job id, or (status, body) when refused."""
    path = f"/territoires/{slug}/taches/historique-csv/"
    page = browser.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not token:
        return page.status, page.body
    reply = browser.post(path, {"csrfmiddlewaretoken": token[1]})
    found = JOB_PATH.search(reply.location) if reply.status == 302 else None
    return found[1] if found else (reply.status, reply.body)


def kill_mid_task(cluster: Cluster, workers: dict[int, object], job_id: str) -> tuple[str, str]:
    """Wait until the job runs its body, SIGKILL the worker running it; its worker id and progress."""
    from django.db import close_old_connections
    from django_tasks_db.models import DBTaskResult

    from tindus.jobs.models import Job

    deadline = time.monotonic() + 60
    inside = None  # when the job was first seen inside its body
    while time.monotonic() < deadline:
        close_old_connections()
        job = Job.objects.get(pk=job_id)
        if job.status == Job.Status.RUNNING and job.progress_step:
            inside = inside or time.monotonic()
        writing = inside and 0 < job.progress_done < job.progress_total and job.progress_total > 1
        # Best while it writes its file (a half-written part file then exists); else, after a while, anywhere.
        if inside and (writing or time.monotonic() - inside > 2):
            worker_id = DBTaskResult.objects.get(id=job.task_id).worker_ids[-1]
            pid = int(worker_id.rsplit("-", 2)[1])
            if pid not in workers:
                raise LayoutError(f"the export runs in worker {worker_id}, not one of ours")
            cluster.kill(workers.pop(pid))
            return worker_id, f"{job.progress_step} {job.progress_done}/{job.progress_total}"
        if job.is_finished:
            raise LayoutError(f"the export ended ({job.status}) before it could be killed: seed more history")
        time.sleep(0.05)
    raise LayoutError("the export to kill never started writing")


def check_killed_export(cluster: Cluster, job_id: str, killed: str, clean_id: str) -> int:
    """The killed export ran again to completion, once, and its file is the same as a clean export's."""
    from django_tasks_db.models import DBTaskResult

    from tindus.jobs.models import Job

    job, clean = Job.objects.get(pk=job_id), Job.objects.get(pk=clean_id)
    task = DBTaskResult.objects.get(id=job.task_id)
    if job.status != Job.Status.SUCCEEDED or task.status != "SUCCESSFUL":
        raise LayoutError(f"the killed export did not complete: job {job.status}, task {task.status}: {job.error}")
    if killed not in task.worker_ids[:-1] or job.attempts < 2:
        raise LayoutError(f"the killed export was not run again by another worker: {task.worker_ids}, {job.attempts}")
    if clean.status != Job.Status.SUCCEEDED:
        raise LayoutError(f"the second export did not complete: {clean.status} {clean.error}")
    media = cluster.shared / "media"
    result = media / job.result_file.name
    with open(result, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    with open(media / clean.result_file.name, encoding="utf-8-sig", newline="") as file:
        expected = list(csv.reader(file, delimiter=";"))
    if rows != expected or len(rows) <= KILLED_HISTORY // 2:
        raise LayoutError(f"the killed export's file has {len(rows)} rows, not the {len(expected)} of a clean export")
    files = list(result.parent.iterdir())
    partials = list((media / "jobs" / ".partial").glob(f"{job_id}-*.part"))
    if len(files) != 1 or partials:
        raise LayoutError(f"the killed export left other files: {files + partials}")
    print(f"a clean export of the same history took {(clean.finished_at - clean.started_at).total_seconds():.1f} s")
    return job.attempts


def run(args: argparse.Namespace, database_url: str, folder: Path) -> None:
    cluster = Cluster(database_url, folder, lease=args.lease)
    try:
        prepared = cluster.prepare(warehouse=False)
        os.environ.update(cluster.env("check", production=False))
        setup_django()
        token = new_campaign("Consultation de vérification du déploiement")
        pool, projects = answer_pool(100), project_ids(AUXOIS)
        entries = seed_history(HAUT_DOUBS, KILLED_HISTORY)
        from django.db import connections

        connections.close_all()
        print(f"database ready in {prepared:.1f} s (migrate, reference data, demo content)", flush=True)

        ports = [free_port(), free_port()]
        apps = [cluster.start_app(f"app-{n}", port, workers=1, threads=4) for n, port in enumerate(ports, 1)]
        workers = {p.pid: p for p in (cluster.start_worker("worker-1"), cluster.start_worker("worker-2"))}
        for port, app in zip(ports, apps, strict=True):
            cluster.wait_until_serving(port, app)
        print(f"serving: app processes on ports {ports[0]} and {ports[1]}, 2 task workers", flush=True)

        load = Load([f"http://127.0.0.1:{p}" for p in ports], token, pool, projects)
        people = [threading.Thread(target=load.person, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for person in people:
            person.start()
        time.sleep(2)
        team = Browser(*load.bases)
        team.sign_in()
        job = start_export(team, HAUT_DOUBS)
        if not isinstance(job, str):
            raise LayoutError(f"the long export was refused: {job[0]} {job[1][:300]}")
        killed, progress = kill_mid_task(cluster, workers, job)
        print(f"killed worker {killed} (SIGKILL) while it ran the export ({progress}), {entries} history entries",
              flush=True)  # fmt: skip
        cluster.start_worker("worker-3")  # as systemd's Restart= would
        time.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
        load.stopping.set()
        for person in people:
            person.join(timeout=60)
        elapsed = time.monotonic() - started

        clean = start_export(team, HAUT_DOUBS)  # the same history, exported without a fault
        if not isinstance(clean, str):
            raise LayoutError(f"the second long export was refused: {clean[0]} {clean[1][:300]}")
        statuses = wait_for_jobs(load.writes.jobs | {job, clean}, timeout=args.lease * 3 + 60)
        check = count_writes(load.writes, [token], MARKER)
        for line in check.details:
            print(line)
        print(f"{load.requests['total']} requests in {elapsed:.1f} s by {args.clients} people; jobs: {statuses}")
        if load.errors:
            raise LayoutError(f"{len(load.errors)} error responses, first ones:\n  " + "\n  ".join(load.errors[:5]))
        if check.lost or check.duplicates:
            raise LayoutError(f"acknowledged writes lost: {check.lost}, written twice: {check.duplicates}")
        attempts = check_killed_export(cluster, job, killed, clean)
        print(f"the killed export completed once after {attempts} attempts, its file the same as a clean export's "
              f"({entries} history entries)")  # fmt: skip
        for app in apps:
            if app.poll() is not None:
                raise LayoutError(f"an app process stopped during the run:\n{cluster.log_tail(app)}")
        print(f"layout_ok=1 requests={load.requests['total']} errors=0 lost=0 duplicates=0 "
              f"killed_task_attempts={attempts}")  # fmt: skip
    except LayoutError:
        print(cluster.logs(), file=sys.stderr)
        raise
    finally:
        cluster.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server (a database is created on it for the run); "
                             "default: DATABASE_URL, or a throwaway server started here")  # fmt: skip
    parser.add_argument("--clients", type=int, default=6, help="people at once")
    parser.add_argument("--seconds", type=float, default=25, help="duration of the workload")
    parser.add_argument("--lease", type=float, default=3, help="TINDUS_WORKER_LEASE of the workers (seconds)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tindus-layout-"))
    server = None
    started = time.monotonic()
    try:
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            server = Postgres(fsync=False)
            args.database_url = server.url
        database_url, drop = scratch_database(args.database_url)
        try:
            run(args, database_url, folder)
        finally:
            drop()
    except LayoutError as failure:
        sys.exit(f"LAYOUT CHECK FAILED: {failure}")
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"layout check passed in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
