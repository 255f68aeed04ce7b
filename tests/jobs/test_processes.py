"""Real `tindus worker` processes on a database of their own: a worker killed with SIGKILL while writing
leaves nothing half-written and another worker finishes the job once; SIGTERM lets the current job end;
two workers share the queue and enqueue a periodic task once; a database whose migrations differ from the
code is refused. On SQLite, or on PostgreSQL when the suite runs on it (DATABASE_URL)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.xdist_group("jobs-processes")

ROOT = Path(__file__).resolve().parents[2]
TINDUS = str(Path(sys.executable).with_name("tindus"))
LEASE = "2"  # seconds: a killed worker's task is taken over quickly
SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
# The suite's second CI pass runs on PostgreSQL: these tests then run there (the first pass did SQLite).
ENGINES = ["postgresql"] if SUITE_DATABASE.startswith(("postgres://", "postgresql://")) else ["sqlite"]


def base_env(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TINDUS_VAR_DIR": str(var_dir),
        "TINDUS_WORKER_LEASE": LEASE,
        "TINDUS_LANGUAGE": "fr",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


class Postgres:
    """Databases created on the suite's PostgreSQL server, dropped at the end."""

    def __init__(self) -> None:
        import psycopg

        self.connection = psycopg.connect(SUITE_DATABASE, autocommit=True)
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return urlsplit(SUITE_DATABASE)._replace(path=f"/{name}").geturl()

    def create(self, template: str | None = None) -> str:
        name = f"tindus_jobs_{uuid.uuid4().hex[:12]}"
        self.connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return name

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self.connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.connection.close()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, tmp_path_factory):
    """A migrated template database; ``fresh(path)`` gives each test a copy of it, ``empty(path)`` an empty one."""
    folder = tmp_path_factory.mktemp("template")
    if request.param == "sqlite":
        template = folder / "template.sqlite3"
        migrate(f"sqlite:///{template}", folder)

        def fresh(where: Path) -> str:
            shutil.copy(template, where / "tindus.sqlite3")
            return f"sqlite:///{where / 'tindus.sqlite3'}"

        def empty(where: Path) -> str:
            return f"sqlite:///{where / 'empty.sqlite3'}"

        yield {"name": "sqlite", "fresh": fresh, "empty": empty}
        return
    server = Postgres()
    try:
        template = server.create()
        migrate(server.url(template), folder)
        yield {
            "name": "postgresql",
            "fresh": lambda where: server.url(server.create(template)),
            "empty": lambda where: server.url(server.create()),
        }
    finally:
        server.drop_all()


def migrate(url: str, folder: Path) -> None:
    done = subprocess.run(
        [TINDUS, "migrate", "-v", "0"], env=base_env(url, folder / "var"), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


class Site:
    """One test's database, data folder and worker processes."""

    def __init__(self, url: str, folder: Path) -> None:
        self.folder = folder
        self.env = base_env(url, folder / "var")
        self.workers: list[subprocess.Popen] = []

    @property
    def media(self) -> Path:
        return self.folder / "var" / "media"

    def shell(self, code: str) -> dict:
        done = subprocess.run(
            [TINDUS, "shell", "-c", f"from tests.jobs.scenario import *; {code}"],
            env=self.env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def worker(self, *args: str) -> subprocess.Popen:
        n = len(self.workers)
        process = subprocess.Popen(
            [TINDUS, "worker", "--interval", "0.2", *args],
            env=self.env,
            stdout=open(self.folder / f"worker-{n}.out", "w"),  # noqa: SIM115 (closed with the process)
            stderr=open(self.folder / f"worker-{n}.err", "w"),  # noqa: SIM115
        )
        self.workers.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.folder.glob("worker-*.*")))

    def partials(self, job: str) -> list[Path]:
        return sorted((self.media / "jobs" / ".partial").glob(f"{job}-*.part"))

    def wait(self, condition, what: str, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}\n{self.logs()}")

    def wait_until_done(self, jobs: list[str], timeout: float = 90) -> dict:
        def done():
            report = self.shell("report()")
            return report if all(report["jobs"][j]["status"] in ("succeeded", "failed") for j in jobs) else None

        return self.wait(done, "the jobs to finish", timeout)

    def stop(self, process: subprocess.Popen) -> int:
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout=60)

    def close(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
def site(engine, tmp_path):
    site = Site(engine["fresh"](tmp_path), tmp_path)
    yield site
    site.close()


def lines_written(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0


def test_a_job_whose_worker_is_killed_runs_again_to_one_complete_result(site):
    lines = 8
    (job,) = site.shell(f"start(steps=2, lines={lines}, delay=0.25)")["jobs"]
    first = site.worker()
    # Killed in the middle of writing: some rows inserted, the file half-written.
    partial = site.wait(lambda: [p for p in site.partials(job) if lines_written(p) >= 2], "the job to be writing")[0]
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    result = site.media / "jobs" / job / "lignes.txt"
    assert partial.exists() and 2 <= lines_written(partial) < lines
    assert not result.exists()
    report = site.shell("report()")
    assert report["jobs"][job]["status"] == "running" and report["jobs"][job]["task_status"] == "RUNNING"
    assert report["rows"] == 0  # the killed worker's transaction was rolled back

    second = site.worker()
    report = site.wait_until_done([job])
    assert site.stop(second) == 0
    state = report["jobs"][job]
    assert state["status"] == "succeeded", site.logs()
    assert state["attempts"] == 2 and len(state["task_workers"]) == 2 and state["task_status"] == "SUCCESSFUL"
    assert state["rows"] == report["rows"] == lines  # each row once
    assert result.read_text() == "".join(f"{n}\n" for n in range(lines))  # complete, once
    assert site.partials(job) == []
    killed, finisher = state["task_workers"]
    assert site.shell("report()")["workers"] == [killed]  # the stopped worker left; the killed one is stale


def test_sigterm_lets_the_current_job_end(site):
    (job,) = site.shell("start(steps=1, lines=6, delay=0.3)")["jobs"]
    worker = site.worker()
    site.wait(lambda: site.partials(job), "the job to be writing")
    assert site.stop(worker) == 0
    report = site.shell("report()")
    assert report["jobs"][job]["status"] == "succeeded" and report["jobs"][job]["attempts"] == 1
    assert report["rows"] == 6 and report["workers"] == []
    assert "Task worker" in site.logs() or "Processus" in site.logs()


def test_two_workers_share_the_queue_and_enqueue_a_periodic_task_once(site):
    # Slow outside the transaction (SQLite has one writer at a time: a long write would hold the other worker).
    jobs = site.shell("start(count=8, steps=4, lines=1, delay=0.2)")["jobs"]
    workers = [site.worker(), site.worker()]
    report = site.wait_until_done(jobs, timeout=120)
    assert [site.stop(worker) for worker in workers] == [0, 0]
    assert {report["jobs"][j]["status"] for j in jobs} == {"succeeded"}
    assert {report["jobs"][j]["attempts"] for j in jobs} == {1}
    assert report["rows"] == 8
    assert len({report["jobs"][j]["task_workers"][0] for j in jobs}) == 2  # both took some
    assert report["tasks"]["tindus.jobs.tasks.purge_old_jobs"] == 1


def test_a_worker_refuses_a_database_not_migrated(engine, tmp_path):
    env = base_env(engine["empty"](tmp_path), tmp_path / "var")
    done = subprocess.run([TINDUS, "worker"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "tindus migrate" in done.stderr and "Traceback" not in done.stderr


def test_a_worker_refuses_a_database_of_a_newer_version(site):
    site.shell("record_future_migration()")
    done = subprocess.run([TINDUS, "worker"], env=site.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "jobs.9999_from_the_future" in done.stderr and "Traceback" not in done.stderr
    assert site.shell("report()")["workers"] == []
