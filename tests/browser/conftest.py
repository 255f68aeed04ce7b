"""Browser tests drive Debian's Chromium (headless) against the real app started by its CLI."""

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_app(var) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "TINDUS_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var}/tindus.sqlite3"}
    cli = [sys.executable, "-m", "tindus.cli"]
    subprocess.run([*cli, "setup"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    errors = (var.parent / f"{var.name}-serve.log").open("w")  # kept: the data folder is removed at the end
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=errors,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/sante/", timeout=2)
            return server, url
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the Tindus server did not start") from None
            time.sleep(0.3)


@contextlib.contextmanager
def _locked(path):
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def served_app(tmp_path_factory, worker_id):
    """`tindus setup` then `tindus serve` in a fresh data folder, as `make run` does.

    Under pytest-xdist the workers share one app: the first to need it sets it up and serves it, the
    others wait for it on a lock; a count of users in the shared folder lets the last one stop it.
    """
    if worker_id == "master":
        server, url = _start_app(tmp_path_factory.mktemp("var"))
        yield url
        server.terminate()
        server.wait(timeout=20)
        return
    shared = tmp_path_factory.getbasetemp().parent
    state = shared / "served_app.json"
    with _locked(shared / "served_app.lock"):
        data = json.loads(state.read_text()) if state.exists() else {"users": 0, "started": 0}
        if data["users"] == 0:  # nobody serves it yet, or the last user has stopped it
            var = shared / f"served_app_var{data['started']}"
            var.mkdir()
            server, url = _start_app(var)
            data = {"url": url, "pid": server.pid, "users": 0, "started": data["started"] + 1}
        data["users"] += 1
        state.write_text(json.dumps(data))
    yield data["url"]
    with _locked(shared / "served_app.lock"):
        data = json.loads(state.read_text())
        data["users"] -= 1
        state.write_text(json.dumps(data))
        if data["users"] == 0:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(data["pid"], signal.SIGTERM)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail("Debian's chromium is missing: run `make browser-deps` (make test does it).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(request.url.split("/")[2]))
    yield page
    context.close()


@pytest.fixture(scope="session")
def crawls(served_app, browser):
    """The demo walked as each role (see ``crawl.py``), each walk done once per test session."""
    from .crawl import ROLES, crawl, is_public_view, sign_in

    done = {}
    contexts = []

    def walk(role: str):
        if role not in done:
            context = browser.new_context(base_url=served_app, extra_http_headers={"Accept-Language": "fr"})
            contexts.append(context)
            seeds = []
            if ROLES[role] is None:  # an anonymous visitor also reaches public pages by shared links and QR codes
                seeds = [url for url in walk("admin").pages if is_public_view(url.split("?")[0])]
            else:
                sign_in(context.request, ROLES[role])
            done[role] = crawl(context.request, served_app, role, seeds)
            done[role].context = context  # pages opened in it are signed in as the role
        return done[role]

    yield walk
    for context in contexts:
        context.close()
