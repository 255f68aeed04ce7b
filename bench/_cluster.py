"""Tindus laid out as on several machines, on this one: the layout check (bench/layout.py), the load
(bench/load.py) and fault (bench/faults.py) benchmarks share it.

- A PostgreSQL server: a throwaway one started here (``Postgres``), or a database created for the run on a
  server already running (``scratch_database``, for CI).
- App processes (``tindus serve --no-worker``) and task workers (``tindus worker``) with production
  settings, each with a data folder of its own (static files, as on its own machine) and one shared
  folder for uploads and job results (``TINDUS_MEDIA_ROOT``) and the warehouse (``TINDUS_WAREHOUSE``).
- The demo content they serve, prepared once with development settings (demo content is never created
  in production).

No Django import here: the scripts set the database up first, then call ``setup_django`` themselves.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TINDUS = str(Path(sys.executable).with_name("tindus"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


class Postgres:
    """A throwaway PostgreSQL server in a temporary folder, on a loopback port; ``stop()`` removes it."""

    def __init__(self, port: int = 0, *, fsync: bool = True, max_connections: int = 300) -> None:
        self.bin = _pg_bin()
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="tindus-bench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.options = (
            f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c max_connections={max_connections} "
            f"-c shared_buffers=256MB" + ("" if fsync else " -c fsync=off")
        )
        _as_postgres(f"'{self.bin}/initdb' -D '{self.data}' -A trust -U tindus -E UTF8 --locale=C.UTF-8")
        self._ctl(f"-o \"{self.options}\" -l '{self.folder}/log' -w start")
        self.url = f"postgres://tindus@127.0.0.1:{self.port}/postgres"

    def _ctl(self, arguments: str) -> None:
        _as_postgres(f"'{self.bin}/pg_ctl' -D '{self.data}' {arguments}")

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, the server is back when this returns."""
        self._ctl(f"-o \"{self.options}\" -l '{self.folder}/log' -m fast -w restart")

    def stop(self) -> None:
        if self.data.exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._ctl("-m fast stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def scratch_database(server_url: str, prefix: str = "tindus_layout") -> tuple[str, Callable[[], None]]:
    """A new empty database on the server of ``server_url``; its address and the function that drops it."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlsplit(server_url)._replace(path=f"/{name}").geturl(), drop


# --- The processes ----------------------------------------------------------------------------------


class Cluster:
    """App processes and task workers on one database and one shared folder, as on several machines."""

    def __init__(self, database_url: str, folder: Path, *, lease: float = 60, conn_max_age: int = 0) -> None:
        self.database_url = database_url
        self.folder = folder
        self.shared = folder / "shared"
        self.shared.mkdir(parents=True, exist_ok=True)
        self.secret = "bench-" + os.urandom(16).hex()
        self.lease = lease
        self.conn_max_age = conn_max_age
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def env(self, machine: str, *, production: bool = True) -> dict[str, str]:
        """The environment of a process on ``machine``: its own data folder, the shared ones."""
        own = self.folder / machine
        own.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TINDUS_", "DJANGO_"))}
        env.update({
            "DATABASE_URL": self.database_url, "TINDUS_VAR_DIR": str(own),
            "TINDUS_MEDIA_ROOT": str(self.shared / "media"), "TINDUS_WAREHOUSE": str(self.shared / "warehouse.duckdb"),
            "TINDUS_WAREHOUSE_MEMORY": "2GB", "TINDUS_WORKER_LEASE": str(self.lease), "TINDUS_LANGUAGE": "fr",
            "CONN_MAX_AGE": str(self.conn_max_age), "SECRET_KEY": self.secret,
        })  # fmt: skip
        if production:
            env.update({"TINDUS_ENV": "production", "ALLOWED_HOSTS": "127.0.0.1,localhost", "TINDUS_HTTPS": "0",
                        "TINDUS_PROXY_SSL_HEADER": ""})  # fmt: skip
        return env

    def tindus(self, *args: str, timeout: float = 900) -> str:
        """A ``tindus`` command with development settings (demo content allowed) on the cluster's database."""
        done = subprocess.run([TINDUS, *args], env=self.env("setup", production=False), capture_output=True,
                              text=True, timeout=timeout, cwd=ROOT)  # fmt: skip
        if done.returncode:
            raise SystemExit(f"tindus {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self, *, warehouse: bool) -> float:
        """Tables, reference data and the demo content; with ``warehouse``, the whole ``tindus setup``
        (synthetic warehouse of 21 + 25, demo synergies, the diagnostic's protected tables). Seconds taken."""
        started = time.monotonic()
        if warehouse:
            self.tindus("setup")
        else:
            self.tindus("migrate", "-v", "0")
            self.tindus("referentials", "load")
            self.tindus("demo", "load")
        return time.monotonic() - started

    def _start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "a")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                   start_new_session=True)  # fmt: skip
        self.processes.append((name, process))
        return process

    def start_app(self, name: str, port: int, *, workers: int = 2, threads: int = 4, worker: bool = False,
                  extra_env: dict[str, str] | None = None) -> subprocess.Popen:  # fmt: skip
        """``tindus serve`` (gunicorn, production settings) on ``port``; with ``worker``, its task worker too."""
        argv = [TINDUS, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                "--threads", str(threads)] + ([] if worker else ["--no-worker"])  # fmt: skip
        return self._start(name, argv, {**self.env(name), **(extra_env or {})})

    def start_worker(self, name: str, *, interval: float = 0.5) -> subprocess.Popen:
        return self._start(name, [TINDUS, "worker", "--interval", str(interval)], self.env(name))

    def wait_until_serving(self, port: int, process: subprocess.Popen, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=5)
                return
            except (OSError, urllib.error.HTTPError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the app on port {port} did not start:\n{self.log_tail(process)}") from None
                time.sleep(0.2)

    def log_tail(self, process: subprocess.Popen, size: int = 3000) -> str:
        for name, started in self.processes:
            if started is process:
                return (self.folder / f"{name}.log").read_text(errors="replace")[-size:]
        return ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in sorted(self.folder.glob("*.log"))
        )

    @staticmethod
    def kill(process: subprocess.Popen, signum: int = signal.SIGKILL) -> None:
        """``signum`` to the process and everything it started (its process group)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signum)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)

    def stop(self, process: subprocess.Popen, timeout: float = 60) -> int | None:
        """SIGTERM, as systemd or a container runtime stops it; SIGKILL after ``timeout`` seconds."""
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill(process)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # anything left in its group
            os.killpg(process.pid, signal.SIGKILL)
        return process.returncode

    def stop_all(self) -> None:
        for _name, process in reversed(self.processes):
            self.stop(process, timeout=30)
