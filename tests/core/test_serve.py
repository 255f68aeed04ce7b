"""`tindus serve` with real processes: gunicorn (and the task worker when there is one) or the development
server, all stopped by Ctrl-C with exit code 0 and no process left behind; production passes the deploy check."""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands

from tindus.core.management.commands.serve import gunicorn_argv

CLI = [sys.executable, "-m", "tindus.cli"]
HAS_WORKER = "worker" in get_commands()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process, from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
                table[int(entry.name)] = (int(ppid), state)
    return table


def descendants(pid: int) -> set[int]:
    table = process_table()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, (parent, _state) in table.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    table = process_table()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="module")
def environment(var_dir):
    """A data folder of its own, its database migrated once for the module (the worker needs its tables)."""
    env = {**os.environ, "TINDUS_VAR_DIR": str(var_dir), "DATABASE_URL": f"sqlite:///{var_dir}/tindus.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if HAS_WORKER:  # the task worker reads its queue from the database
        subprocess.run([*CLI, "migrate", "--no-input"], env=env, check=True, capture_output=True, timeout=300)
    return env


@contextlib.contextmanager
def serving(env: dict, *options: str):
    """`tindus serve --port P OPTIONS` until /sante/ answers; yields (process, base URL, its processes)."""
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port), *options], env=env, start_new_session=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.communicate()
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "/sante/", timeout=2).status == 200:
                    break
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.3)
        time.sleep(1)  # every worker process started
        seen = descendants(server.pid)
        yield server, url, seen
    finally:
        for pid in alive(seen | {server.pid}):  # only if the test failed half-way
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def stop_and_check(server: subprocess.Popen, processes: set[int], signum: int = signal.SIGINT) -> None:
    server.send_signal(signum)
    out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Traceback" not in err
    deadline = time.monotonic() + 5
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert alive(processes) == set(), [command_line(pid) for pid in alive(processes)]


def test_serve_runs_gunicorn_and_the_worker_and_ctrl_c_stops_them_all(environment):
    with serving(environment) as (server, url, processes):
        assert get(url + "/sante/").status == 200
        css = get(url + "/static/tindus/tindus.css")
        assert css.status == 200 and b"{" in css.read()
        lines = {pid: command_line(pid) for pid in processes}
        gunicorn = [pid for pid, line in lines.items() if "gunicorn" in line]
        assert len(gunicorn) == 3, lines  # the arbiter and two worker processes
        assert all("--threads 4" in lines[pid] for pid in gunicorn)
        workers = [pid for pid, line in lines.items() if line.split()[-1:] == ["worker"]]
        assert len(workers) == (1 if HAS_WORKER else 0), lines
        stop_and_check(server, processes)


def test_sigterm_stops_a_production_server_that_serves_collected_static_files(environment, var_dir):
    env = {**environment, "TINDUS_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "127.0.0.1", "TINDUS_WEB_WORKERS": "1", "TINDUS_WEB_THREADS": "2"}  # fmt: skip
    with serving(env) as (server, url, processes):
        assert len([pid for pid in processes if "gunicorn" in command_line(pid)]) == 2
        # Plain HTTP is sent to HTTPS, except the health probe; the proxy's header says the request was HTTPS.
        assert get(url + "/territoires/").status == 301
        assert get(url + "/territoires/").headers["Location"].startswith("https://")
        manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["tindus/tindus.css"]
        assert hashed != "tindus/tindus.css"
        response = get(f"{url}/static/{hashed}", {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
        assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
        stop_and_check(server, processes, signal.SIGTERM)


def test_serve_dev_runs_the_reloading_development_server(environment):
    with serving(environment, "--dev", "--no-worker") as (server, url, processes):
        lines = [command_line(pid) for pid in processes]
        assert any("runserver" in line for line in lines) and not any("gunicorn" in line for line in lines)
        assert len([line for line in lines if "runserver" in line]) == 2  # the reloader and the server it watches
        assert get(url + "/sante/").status == 200
        stop_and_check(server, processes)


def test_gunicorn_command_line():
    argv = gunicorn_argv("127.0.0.1:8000", workers=3, threads=5, timeout=60)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "tindus.config.wsgi:application"]
    joined = " ".join(argv)
    assert "--bind 127.0.0.1:8000" in joined and "--workers 3" in joined and "--threads 5" in joined
    assert "--timeout 60" in joined and "access-log" not in joined  # no access log: it records addresses


def test_bad_worker_count_is_refused_with_a_message(environment):
    env = {**environment, "TINDUS_WEB_WORKERS": "deux", "TINDUS_LANGUAGE": "fr"}
    done = subprocess.run([*CLI, "serve", "--port", str(free_port())], env=env, capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode != 0 and "TINDUS_WEB_WORKERS" in done.stderr and "deux" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {**os.environ, "TINDUS_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "tindus.example.org", "TINDUS_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path}/tindus.sqlite3"}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # A production machine does not carry what the live-server browser test sets for its own process.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run([*CLI, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout and "WARNING" not in done.stderr + done.stdout
